/** The campaign definition on the wire (POST /api/admin/campaigns; the copy answers one). See @lib/criteria campaign-definition.ts. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { COUNCIL_QUORUMS, type CouncilQuorum } from '@lib/criteria';
import { DATE_SCHEMA, INSTANT_SCHEMA, IsCalendarDate, IsInstant } from '../../common/dates';

const CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const CODE_MESSAGE = 'codes use lower-case letters without accents, digits and dashes';

export class ClassThresholdDto {
  @ApiProperty({ example: 'xuat-sac' }) @Matches(CODE, { message: CODE_MESSAGE }) key: string;
  @ApiProperty({ example: 'Xuất sắc' }) @IsString() @Length(1, 100) name: string;
  @ApiProperty({ example: '90', description: 'Lower bound, a decimal percentage; the lowest class has "0".' })
  @Matches(/^\d{1,3}(\.\d{1,2})?$/, { message: 'min must be a percentage such as 90 or 92.5' })
  min: string;
}

export class CampaignGroupDto {
  @ApiProperty({ example: 'commune' }) @Matches(CODE, { message: CODE_MESSAGE }) key: string;
  @ApiProperty({ example: 'UBND các xã, phường' }) @IsString() @Length(1, 255) name: string;
  @ApiProperty({ description: 'A criteria set stored for the authority.' }) @IsInt() @Min(1) criteriaSetId: number;
  @ApiProperty({ example: 2, description: 'Number of its ranking table (Bảng 2).' })
  @IsInt()
  @Min(1)
  @Max(99)
  table: number;
  @ApiPropertyOptional({ type: [String], description: 'Unit codes; absent: every unit of this group.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2000)
  @Matches(CODE, { each: true, message: CODE_MESSAGE })
  units?: string[];
  @ApiPropertyOptional({ type: [ClassThresholdDto], description: "This group's classes; the campaign's when absent." })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ClassThresholdDto)
  classes?: ClassThresholdDto[];
}

export class ContentAreaRoutingDto {
  @ApiProperty({ example: 'cai-cach-tthc' }) @Matches(CODE, { message: CODE_MESSAGE }) code: string;
  @ApiProperty() @IsString() @Length(1, 255) name: string;
  @ApiProperty({ type: [String], description: 'Appraising organisation codes (several share one task).' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Matches(CODE, { each: true, message: CODE_MESSAGE })
  appraisers: string[];
}

export class PhaseDeadlinesDto {
  @ApiProperty({ ...INSTANT_SCHEMA, description: 'Exclusive instant.' }) @IsInstant() selfAssessment: string;
  @ApiProperty({ ...INSTANT_SCHEMA }) @IsInstant() appraisal: string;
  @ApiProperty({ ...INSTANT_SCHEMA }) @IsInstant() councilReview: string;
  @ApiProperty({ ...INSTANT_SCHEMA }) @IsInstant() approval: string;
}

/** Named apart from the reminder-policy endpoint's ReminderPolicyDto: one OpenAPI schema name each. */
export class CampaignReminderPolicyDto {
  @ApiProperty() @IsBoolean() enabled: boolean;
  @ApiProperty({ type: [Number], example: [7, 3, 1] })
  @IsArray()
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(60, { each: true })
  daysBefore: number[];
  @ApiProperty({ example: '08:00' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'sendTime must be HH:mm' })
  sendTime: string;
  @ApiProperty() @IsBoolean() workingDaysOnly: boolean;
}

export class CouncilDto {
  @ApiProperty({ type: [Number], description: 'User ids of the council members.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  members: number[];
  @ApiProperty({ description: 'User id of the chair, one of the members.' }) @IsInt() chair: number;
}

export class ScoringDto {
  @ApiProperty({ example: 2 }) @IsNumber() @Min(0) @Max(100) bonusCap: number;
  @ApiProperty({ example: 3 }) @IsNumber() @Min(0) @Max(100) penaltyCap: number;
  @ApiProperty({ example: 100, nullable: true, type: Number }) @IsOptional() @IsNumber() indexCap: number | null;
  @ApiProperty({ example: 2 }) @IsInt() @Min(0) @Max(4) decimals: number;
}

export class ConflictOfInterestDto {
  @ApiProperty({ example: 'nv', description: 'Organisation code that confirms.' }) @IsString() confirmBy: string;
  @ApiProperty({ example: 'council' }) @IsString() fallback: string;
}

export class CampaignDefinitionDto {
  @ApiProperty({ example: 'hai-phong-2026' }) @Matches(CODE, { message: CODE_MESSAGE }) code: string;
  @ApiProperty({ example: 2026 }) @IsInt() @Min(2000) @Max(2200) year: number;
  @ApiProperty() @IsString() @Length(3, 255) name: string;
  @ApiPropertyOptional({ example: 'Kế hoạch số 2439/KH-UBND' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  planNumber?: string;
  @ApiPropertyOptional({ ...DATE_SCHEMA }) @IsOptional() @IsCalendarDate() planDate?: string;
  @ApiProperty({ example: 'Asia/Ho_Chi_Minh' }) @IsString() @Length(1, 64) timeZone: string;
  @ApiProperty({ type: [CampaignGroupDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CampaignGroupDto)
  groups: CampaignGroupDto[];
  @ApiProperty({ type: [ContentAreaRoutingDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ContentAreaRoutingDto)
  routing: ContentAreaRoutingDto[];
  @ApiProperty({ type: PhaseDeadlinesDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PhaseDeadlinesDto)
  deadlines: PhaseDeadlinesDto;
  @ApiPropertyOptional({ type: CampaignReminderPolicyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CampaignReminderPolicyDto)
  reminders?: CampaignReminderPolicyDto;
  @ApiProperty({ type: [ClassThresholdDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ClassThresholdDto)
  classes: ClassThresholdDto[];
  @ApiPropertyOptional({ type: CouncilDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CouncilDto)
  council?: CouncilDto;
  @ApiPropertyOptional({
    enum: COUNCIL_QUORUMS,
    description:
      "How many of the council's voting members must cast a vote for it to count (default majority); the campaign's council_quorum.",
  })
  @IsOptional()
  @IsIn(COUNCIL_QUORUMS, { message: `councilQuorum must be one of ${COUNCIL_QUORUMS.join(', ')}` })
  councilQuorum?: CouncilQuorum;
  @ApiProperty({ type: ScoringDto }) @IsObject() @ValidateNested() @Type(() => ScoringDto) scoring: ScoringDto;
  @ApiProperty({ type: ConflictOfInterestDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ConflictOfInterestDto)
  conflictOfInterest: ConflictOfInterestDto;
}

export class CreateCampaignDto {
  // ValidateNested passes a missing object: IsObject makes an absent definition a 400, not a crash in the service.
  @ApiProperty({ type: CampaignDefinitionDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CampaignDefinitionDto)
  definition: CampaignDefinitionDto;
  @ApiPropertyOptional({ default: true, description: 'Open the self-assessment phase at once.' })
  @IsOptional()
  @IsBoolean()
  open?: boolean;
}

export class RoutingSuggestionQueryDto {
  @ApiProperty({ type: [Number], description: "The criteria sets chosen for the campaign's groups." })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  @Min(1, { each: true })
  criteriaSetIds: number[];
}

export class UnresolvedAppraiserView {
  @ApiProperty({ description: 'The piece of the "Cơ quan thẩm định" cell.' }) text: string;
  @ApiProperty({ enum: ['unknown', 'ambiguous'] }) kind: 'unknown' | 'ambiguous';
  @ApiProperty({ type: [String], description: 'Organisation codes it could mean (ambiguous).' }) candidates: string[];
  @ApiProperty() message: string;
  @ApiProperty() messageVi: string;
}

export class SuggestedAreaView {
  @ApiProperty({ example: 'phong-noi-vu' }) code: string;
  @ApiProperty({ description: "The sheet's wording, or the key." }) name: string;
  @ApiProperty({ description: 'Criteria (and bonus/penalty items) routed to it.' }) criteria: number;
  @ApiProperty({ type: [String], description: 'Suggested organisation codes.' }) appraisers: string[];
  @ApiProperty({ enum: ['previous', 'sheet', 'none'] }) source: 'previous' | 'sheet' | 'none';
  @ApiProperty({ type: [UnresolvedAppraiserView] }) unresolved: UnresolvedAppraiserView[];
}
