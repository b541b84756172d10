import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { DATE_SCHEMA, IsCalendarDate } from '../../common/dates';

export const MAIL_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;

export class IdParams {
  @ApiProperty({ type: 'integer', minimum: 1 })
  @Type(() => Number)
  @IsInt({ message: 'id must be a whole number' })
  @Min(1)
  id: number;
}

/** `true`/`1` and `false`/`0` from a query string; anything else stays as it came, for @IsBoolean to refuse. */
const queryBoolean = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

export class NotificationQuery {
  @ApiPropertyOptional({ description: 'Only unread notifications.' })
  @IsOptional()
  // Not @Type(() => Boolean): that turns "false" into true.
  @Transform(queryBoolean)
  @IsBoolean({ message: 'unreadOnly must be true or false' })
  unreadOnly?: boolean;
}

export class NotificationView {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ['reminder', 'overdue', 'escalation', 'clarification'] }) kind: string;
  @ApiProperty({ example: 'Nhắc việc: 2 việc sắp đến hạn — 09/03/2024' }) title: string;
  @ApiProperty() body: string;
  @ApiPropertyOptional({ nullable: true, type: String }) link: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) campaignId: number | null;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ nullable: true, type: String }) readAt: string | null;
}

/** `?limit=`: how many rows a list answers (newest first). */
export class LimitQuery {
  @ApiPropertyOptional({ default: 200, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class ReminderLogQuery extends LimitQuery {
  @ApiPropertyOptional({ description: 'Only this recipient (user id).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  recipientId?: number;
}

export class ReminderLogView {
  @ApiProperty() id: number;
  @ApiProperty() recipientUserId: number;
  @ApiProperty() recipientName: string;
  @ApiPropertyOptional({ nullable: true, type: String }) recipientEmail: string | null;
  @ApiProperty({ example: 'before-7d', description: '`before-<n>d`, `overdue` or `escalation`.' }) kind: string;
  @ApiProperty({ example: 'appraisalTask-7-1710522000' }) deadlineKey: string;
  @ApiProperty({ example: '2024-03-09' }) localDay: string;
  @ApiProperty({ enum: ['scoreSheet', 'appraisalTask', 'clarification'] }) subjectType: string;
  @ApiProperty() subjectId: number;
  @ApiProperty() dueAt: string;
  @ApiProperty() reason: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) mailMessageId: number | null;
  @ApiPropertyOptional({ nullable: true, enum: MAIL_STATUSES }) mailStatus: string | null;
  @ApiProperty() createdAt: string;
}

export class MailQuery extends LimitQuery {
  @ApiPropertyOptional({ enum: MAIL_STATUSES, description: '`failed` is the dead-letter view.' })
  @IsOptional()
  @IsIn(MAIL_STATUSES)
  status?: (typeof MAIL_STATUSES)[number];

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  campaignId?: number;
}

export class MailMessageView {
  @ApiProperty() id: number;
  @ApiPropertyOptional({ nullable: true, type: Number }) campaignId: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) recipientUserId: number | null;
  @ApiProperty() toAddress: string;
  @ApiProperty() subject: string;
  @ApiProperty({ description: 'Deterministic, from the digest key.' }) messageId: string;
  @ApiProperty({ enum: MAIL_STATUSES }) status: string;
  @ApiProperty() attempts: number;
  @ApiPropertyOptional({ nullable: true, type: String }) lastError: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) sentAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'The reminder slot (run) that built it.' })
  runId: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '2024-03-09', description: "Its slot's local day." })
  slotDay: string | null;
}

export class ResendFailedDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: 'Only the failed mail of this reminder slot (`runId` of the mail log); without it, the campaign’s.',
  })
  @IsOptional()
  @IsInt({ message: 'runId must be a whole number' })
  @Min(1)
  runId?: number;
}

export class ResendFailedView {
  @ApiProperty({ description: 'How many failed messages were put back in the queue.' }) resent: number;
}

export class SmtpStateView {
  @ApiProperty({ enum: ['ok', 'down'], description: '`ok`: the SMTP server greeted a test connection.' })
  state: 'ok' | 'down';
  @ApiProperty() checkedAt: string;
  @ApiPropertyOptional({ nullable: true, type: String }) error: string | null;
}

export class MailQueueDepthView {
  @ApiProperty() waiting: number;
  @ApiProperty({ description: 'Retries waiting for their time.' }) delayed: number;
  @ApiProperty() active: number;
  @ApiProperty() failed: number;
}

export class MailMessageCountsView {
  @ApiProperty({ description: 'Not tried yet.' }) pending: number;
  @ApiProperty({ description: 'Tried, failed, to be tried again (fast, then every 15 minutes for 48 hours).' })
  retrying: number;
  @ApiProperty({ description: 'Given up; the secretariat can resend them.' }) failed: number;
  @ApiPropertyOptional({ nullable: true, type: String }) lastSentAt: string | null;
}

export class MailStatusView {
  @ApiProperty({ type: SmtpStateView }) smtp: SmtpStateView;
  @ApiPropertyOptional({
    nullable: true,
    type: MailQueueDepthView,
    description: 'The mail queue in Redis; null while Redis does not answer.',
  })
  queue: MailQueueDepthView | null;
  @ApiProperty({ type: MailMessageCountsView }) messages: MailMessageCountsView;
}

export class MailMessageDetailView extends MailMessageView {
  @ApiProperty() textBody: string;
  @ApiProperty() htmlBody: string;
  @ApiPropertyOptional({ nullable: true, type: String }) ics: string | null;
}

/** A year: no reminder offset or escalation delay of a campaign is longer (and larger values overflowed the column). */
const REMINDER_MAX_SECONDS = 366 * 86400;

export class ReminderPolicyDto {
  @ApiProperty({ default: true }) @IsBoolean() enabled: boolean;

  @ApiProperty({
    example: [604800, 259200, 86400],
    description: 'Seconds before each deadline (default 7, 3, 1 days).',
  })
  @IsArray()
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(REMINDER_MAX_SECONDS, { each: true })
  offsetsSeconds: number[];

  @ApiProperty({ example: '08:00', description: 'Local sending time (campaign time zone).' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, { message: 'sendTime must be HH:mm' })
  sendTime: string;

  @ApiProperty({ example: 86400, description: 'Seconds between sending slots (86400 = daily).' })
  @IsInt()
  @Min(1)
  @Max(7 * 86400)
  periodSeconds: number;

  @ApiProperty({ default: true }) @IsBoolean() workingDaysOnly: boolean;

  @ApiProperty({
    type: 'array',
    items: { ...DATE_SCHEMA, type: 'string' },
    maxItems: 366,
    example: ['2024-04-29', '2024-04-30', '2024-05-01'],
    description: 'Local dates without reminders.',
  })
  @IsArray()
  @ArrayMaxSize(366)
  @IsCalendarDate({ each: true, message: 'holidays must be dates yyyy-MM-dd' })
  holidays: string[];

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    example: 259200,
    description: 'Escalate this long after a deadline.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(REMINDER_MAX_SECONDS)
  escalateAfterSeconds: number | null;
}

export class PreviewItemView {
  @ApiProperty() userId: number;
  @ApiProperty() fullName: string;
  @ApiPropertyOptional({ nullable: true, type: String }) email: string | null;
  @ApiProperty() kind: string;
  @ApiProperty() subjectType: string;
  @ApiProperty() subjectId: number;
  @ApiProperty() dueAt: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'Why this person will be reminded (Vietnamese).' }) reason: string;
  @ApiProperty() link: string;
}

export class ReminderPreviewView {
  @ApiProperty({ description: 'The next sending slot (UTC).' }) slotAt: string;
  @ApiProperty({ example: '2024-03-11' }) localDay: string;
  @ApiProperty({ type: ReminderPolicyDto }) policy: ReminderPolicyDto;
  @ApiProperty({ description: 'Number of digests (recipients).' }) recipients: number;
  @ApiProperty({ type: [PreviewItemView] }) reminders: PreviewItemView[];
}

export class DevMailView {
  @ApiProperty() file: string;
  @ApiProperty() to: string;
  @ApiProperty() subject: string;
  @ApiProperty() messageId: string;
  @ApiProperty() date: string;
  @ApiProperty() text: string;
  @ApiProperty({ type: [String] }) attachments: string[];
}
