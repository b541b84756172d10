import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CampaignParams, CouncilScoreChangeDto } from '../../consolidation/dto/consolidation.dto';
import { DATE_SCHEMA, IsCalendarDate } from '../../common/dates';
import { COUNCIL_VOTE_RULES } from '../council-vote';

/** A council vote: every member present casts for, against or abstains (the quorum counts them all). */
export class VoteCountsDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Votes for (tán thành).' })
  @IsInt({ message: 'votesFor must be a whole number' })
  @Min(0)
  @Max(500)
  votesFor: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Votes against (không tán thành).' })
  @IsInt({ message: 'votesAgainst must be a whole number' })
  @Min(0)
  @Max(500)
  votesAgainst: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Members present who abstain (không biểu quyết).' })
  @IsInt({ message: 'votesAbstain must be a whole number' })
  @Min(0)
  @Max(500)
  votesAbstain: number;
}

export class CouncilRulesDto {
  @ApiProperty({
    enum: COUNCIL_VOTE_RULES,
    description: 'Quorum: share of the voting members that must be present (majority = more than half).',
  })
  @IsIn(COUNCIL_VOTE_RULES, { message: `quorum must be one of ${COUNCIL_VOTE_RULES.join(', ')}` })
  quorum: (typeof COUNCIL_VOTE_RULES)[number];

  @ApiProperty({
    enum: COUNCIL_VOTE_RULES,
    description: 'Threshold: share of the members present whose votes for carry a vote.',
  })
  @IsIn(COUNCIL_VOTE_RULES, { message: `threshold must be one of ${COUNCIL_VOTE_RULES.join(', ')}` })
  threshold: (typeof COUNCIL_VOTE_RULES)[number];
}

export const COUNCIL_ROLES = ['chair', 'vice_chair', 'member', 'secretary'] as const;

export class SessionParams extends CampaignParams {
  @ApiProperty({ type: 'integer', minimum: 1 })
  @Type(() => Number)
  @IsInt({ message: 'sessionId must be a whole number' })
  @Min(1)
  sessionId: number;
}

export class CouncilMemberDto {
  @ApiProperty({ example: 'Nguyễn Văn A' })
  @IsString()
  @Length(2, 255)
  fullName: string;

  @ApiPropertyOptional({ example: 'Trưởng phòng Nội vụ' })
  @IsOptional()
  @IsString()
  @Length(0, 255)
  position?: string;

  @ApiProperty({ enum: COUNCIL_ROLES })
  @IsIn(COUNCIL_ROLES, { message: `role must be one of ${COUNCIL_ROLES.join(', ')}` })
  role: (typeof COUNCIL_ROLES)[number];

  @ApiPropertyOptional({ description: 'The member’s user account (the chair needs one to approve).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  userId?: number;
}

export class CreateCouncilSessionDto {
  @ApiProperty({ ...DATE_SCHEMA, example: '2024-03-28', description: 'Meeting date.' })
  @IsCalendarDate()
  heldOn: string;

  @ApiPropertyOptional({ example: 'Phòng họp số 1, UBND thành phố' })
  @IsOptional()
  @IsString()
  @Length(0, 255)
  location?: string;

  @ApiProperty({ type: [CouncilMemberDto] })
  @ValidateNested({ each: true })
  @Type(() => CouncilMemberDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  members: CouncilMemberDto[];

  @ApiPropertyOptional({ type: CouncilRulesDto, description: 'Vote rules for the campaign (kept when omitted).' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CouncilRulesDto)
  rules?: CouncilRulesDto;
}

/** The change, who proposed it and the council's vote on it (the same three counts as the approval vote). */
export class CouncilAdjustmentDto extends IntersectionType(CouncilScoreChangeDto, VoteCountsDto) {
  @ApiProperty({ description: 'The member who proposed the adjustment (id from the session).' })
  @IsInt()
  @Min(1)
  proposedByMemberId: number;
}

export class ApproveCouncilDto extends VoteCountsDto {
  @ApiPropertyOptional({ example: 'Hội đồng thống nhất thông qua kết quả.' })
  @IsOptional()
  @IsString()
  @Length(0, 5000)
  conclusions?: string;
}

export class CouncilMemberView {
  @ApiProperty() id: number;
  @ApiProperty() fullName: string;
  @ApiProperty({ nullable: true, type: String }) position: string | null;
  @ApiProperty({ enum: COUNCIL_ROLES }) role: string;
  @ApiProperty({ nullable: true, type: Number }) userId: number | null;
}

export class CouncilAdjustmentView {
  @ApiProperty() id: number;
  @ApiProperty() unitId: number;
  @ApiProperty() unitName: string;
  @ApiProperty() criterionCode: string;
  @ApiProperty({ nullable: true, type: Number }) previousMilli: number | null;
  @ApiProperty() councilMilli: number;
  @ApiProperty() reason: string;
  @ApiProperty() proposedByMemberId: number;
  @ApiProperty() proposedBy: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: VoteCountsDto, nullable: true, description: 'Null on adjustments recorded before votes were.' })
  votes: VoteCountsDto | null;
}

export class CouncilSessionView {
  @ApiProperty() id: number;
  @ApiProperty() campaignId: number;
  @ApiProperty() sequence: number;
  @ApiProperty() heldOn: string;
  @ApiProperty({ nullable: true, type: String }) location: string | null;
  @ApiProperty({ enum: ['open', 'approved'] }) status: string;
  @ApiProperty({ nullable: true, type: String }) conclusions: string | null;
  @ApiProperty({ nullable: true, type: String }) approvedAt: string | null;
  @ApiProperty({ type: VoteCountsDto, nullable: true, description: 'The approval vote; null until approved.' })
  votes: VoteCountsDto | null;
  @ApiProperty({ type: CouncilRulesDto }) rules: CouncilRulesDto;
  @ApiProperty({ description: 'Members who vote (all but the secretary).' }) votingMembers: number;
  @ApiProperty({ type: [CouncilMemberView] }) members: CouncilMemberView[];
  @ApiProperty({ type: [CouncilAdjustmentView] }) adjustments: CouncilAdjustmentView[];
}
