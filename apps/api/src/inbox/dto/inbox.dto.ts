import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { INSTANT_SCHEMA, IsInstant } from '../../common/dates';

export const INBOX_VIEWS = [
  'mine',
  'unclaimed',
  'dueSoon',
  'overdue',
  'awaitingClarification',
  'completed',
  'all',
] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];
export const TASK_STATES = ['open', 'claimed', 'inReview', 'awaitingClarification', 'completed'] as const;

/** The filters of an inbox query (also what a saved view stores). */
export class InboxFilters {
  @ApiPropertyOptional({ enum: INBOX_VIEWS, default: 'all', description: 'Preset view.' })
  @IsOptional()
  @IsIn(INBOX_VIEWS, { message: `view must be one of ${INBOX_VIEWS.join(', ')}` })
  view?: InboxView;

  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) campaignId?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) unitId?: number;

  @ApiPropertyOptional({ example: 'commune' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,32}$/, { message: 'unitGroup must be a group key such as agency or commune' })
  unitGroup?: string;

  @ApiPropertyOptional({ example: 'tai-chinh-cong' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'contentArea must be a content area code' })
  contentArea?: string;

  @ApiPropertyOptional({ enum: TASK_STATES })
  @IsOptional()
  @IsIn(TASK_STATES, { message: `status must be one of ${TASK_STATES.join(', ')}` })
  status?: (typeof TASK_STATES)[number];

  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) assigneeUserId?: number;

  @ApiPropertyOptional({ ...INSTANT_SCHEMA, description: 'Due on or after.' })
  @IsOptional()
  @IsInstant()
  dueFrom?: string;

  @ApiPropertyOptional({ ...INSTANT_SCHEMA, description: 'Due before (exclusive).' })
  @IsOptional()
  @IsInstant()
  dueTo?: string;

  @ApiPropertyOptional({ description: 'Text search in the unit name, content area code and name.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class InboxQuery extends InboxFilters {
  @ApiPropertyOptional({ description: 'Apply a saved view (its filters; explicit query filters override).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  savedViewId?: number;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque keyset cursor from the previous page (`nextCursor`).' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor is not a cursor of this API' })
  cursor?: string;
}

export class PersonView {
  @ApiProperty() id: number;
  @ApiProperty() username: string;
  @ApiProperty() fullName: string;
}

export class TaskBadgeView {
  @ApiProperty({ enum: ['onTrack', 'dueSoon', 'breached', 'done', 'doneLate'] }) kind: string;
  @ApiProperty({ description: 'Seconds until the due date (negative when overdue); from the database clock.' })
  secondsRemaining: number;
  @ApiProperty() breached: boolean;
  @ApiProperty({ description: 'The follow-up date has passed.' }) followUpDue: boolean;
}

/** What every view of an appraisal task carries (the inbox row and the appraisal detail). */
export class TaskCoreView {
  @ApiProperty() id: number;
  @ApiProperty() campaignId: number;
  @ApiProperty() sheetId: number;
  @ApiProperty() unitId: number;
  @ApiProperty() unitName: string;
  @ApiProperty({ example: 'tai-chinh-cong' }) contentArea: string;
  @ApiProperty({ example: 'Cải cách tài chính công', description: 'The name to show (the code when it has none).' })
  contentAreaName: string;
  @ApiProperty({ enum: TASK_STATES }) state: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: PersonView, nullable: true }) assignee: PersonView | null;
  @ApiProperty() dueAt: string;
  @ApiProperty({ nullable: true, type: String }) followUpAt: string | null;
  @ApiProperty() conflictOfInterest: boolean;
}

export class InboxTaskView extends TaskCoreView {
  @ApiProperty({ nullable: true, type: String }) unitGroup: string | null;
  @ApiProperty({ nullable: true, type: Number }) originalAssigneeUserId: number | null;
  @ApiProperty({ nullable: true, type: String }) completedAt: string | null;
  @ApiProperty({
    description: "The unit answered the task's latest clarification request and the task is not completed yet.",
  })
  clarificationAnswered: boolean;
  @ApiProperty({ type: TaskBadgeView }) badge: TaskBadgeView;
}

export class InboxCountsView {
  @ApiProperty() mine: number;
  @ApiProperty() unclaimed: number;
  @ApiProperty() dueSoon: number;
  @ApiProperty() overdue: number;
  @ApiProperty() awaitingClarification: number;
  @ApiProperty() completed: number;
  @ApiProperty() all: number;
}

export class InboxPageView {
  @ApiProperty({ type: [InboxTaskView] }) items: InboxTaskView[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null at the end.' })
  nextCursor: string | null;
  @ApiProperty({ description: 'The database clock when the page was read.' }) serverTime: string;
}

export class TaskIdsDto {
  @ApiProperty({ type: [Number] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsInt({ each: true, message: 'taskIds must be whole numbers' })
  @Min(1, { each: true })
  taskIds: number[];
}

export class AssignDto {
  @ApiProperty({ description: 'The officer to assign (an appraiser or supervisor of a candidate organisation).' })
  @IsInt({ message: 'userId must be a whole number' })
  @Min(1)
  userId: number;
}

export class BulkAssignDto extends TaskIdsDto {
  @ApiProperty()
  @IsInt({ message: 'userId must be a whole number' })
  @Min(1)
  userId: number;
}

export class CommentDto {
  @ApiProperty({ example: 'Đề nghị đơn vị bổ sung báo cáo quý IV.' })
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @Length(1, 4000, { message: 'body must be 1 to 4000 characters' })
  body: string;
}

export class ChangeDatesDto {
  @ApiPropertyOptional(INSTANT_SCHEMA)
  @IsOptional()
  @IsInstant()
  dueAt?: string;

  @ApiPropertyOptional({ ...INSTANT_SCHEMA, nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInstant({ message: 'followUpAt must be an ISO 8601 instant with an offset, or null' })
  followUpAt?: string | null;
}

export class ActionResultView {
  @ApiProperty() id: number;
  @ApiProperty() state: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: PersonView, nullable: true }) assignee: PersonView | null;
  @ApiProperty({ nullable: true, type: Number }) originalAssigneeUserId: number | null;
}

export class BulkErrorView {
  @ApiProperty() code: string;
  @ApiProperty() message: string;
  @ApiProperty() messageVi: string;
}

export class BulkItemView {
  @ApiProperty() id: number;
  @ApiProperty() ok: boolean;
  @ApiPropertyOptional() state?: string;
  @ApiPropertyOptional({ type: BulkErrorView }) error?: BulkErrorView;
}

export class CreatedCommentView {
  @ApiProperty() id: number;
  @ApiProperty() createdAt: string;
}

export class CommentView {
  @ApiProperty() id: number;
  @ApiProperty() body: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: PersonView }) author: PersonView;
}

export class HistoryEntryView {
  @ApiProperty() seq: number;
  @ApiProperty() at: string;
  @ApiProperty() actor: string;
  @ApiProperty({ nullable: true, type: Number }) actorUserId: number | null;
  @ApiProperty({ example: 'task.claimed' }) action: string;
  @ApiProperty({ nullable: true, type: String }) fromState: string | null;
  @ApiProperty({ nullable: true, type: String }) toState: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
}

export class SavedViewDto {
  @ApiProperty({ example: 'Phường chưa nhận – tài chính công' })
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiProperty({ type: InboxFilters })
  @ValidateNested()
  @Type(() => InboxFilters)
  filters: InboxFilters;

  @ApiPropertyOptional({ default: false, description: 'Visible to everyone of your organisation.' })
  @IsOptional()
  @IsBoolean()
  shared?: boolean;
}

export class SavedViewView {
  @ApiProperty() id: number;
  @ApiProperty() name: string;
  @ApiProperty({ type: InboxFilters }) filters: InboxFilters;
  @ApiProperty() shared: boolean;
  @ApiProperty() ownerUserId: number;
  @ApiProperty({ description: 'The caller owns it (may change or delete it).' }) mine: boolean;
}

export class OutOfOfficeDto {
  @ApiProperty() @IsInt() @Min(1) substituteUserId: number;
  @ApiProperty(INSTANT_SCHEMA) @IsInstant() startsAt: string;
  @ApiProperty({ ...INSTANT_SCHEMA, description: 'Exclusive.' })
  @IsInstant()
  endsAt: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) note?: string;
}

export class OutOfOfficeView {
  @ApiProperty() id: number;
  @ApiProperty() substituteUserId: number;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
}

export class AssigneeView {
  @ApiProperty() id: number;
  @ApiProperty() username: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({ description: 'Out of office now (tasks given to them go to their substitute).' })
  outOfOffice: boolean;
}

export class IdParams {
  @ApiProperty({ type: 'integer', minimum: 1 })
  @Type(() => Number)
  @IsInt({ message: 'id must be a whole number' })
  @Min(1)
  id: number;
}
