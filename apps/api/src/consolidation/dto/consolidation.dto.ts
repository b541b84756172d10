import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

export class CampaignParams {
  @ApiProperty({ type: 'integer', minimum: 1 })
  @Type(() => Number)
  @IsInt({ message: 'id must be a whole number' })
  @Min(1)
  id: number;
}

export class CampaignUnitParams extends CampaignParams {
  @ApiProperty({ type: 'integer', minimum: 1 })
  @Type(() => Number)
  @IsInt({ message: 'unitId must be a whole number' })
  @Min(1)
  unitId: number;
}

export class AdjustmentParams extends CampaignUnitParams {
  @ApiProperty({ enum: ['bonus', 'penalty'] })
  @IsIn(['bonus', 'penalty'], { message: 'kind must be bonus or penalty' })
  kind: 'bonus' | 'penalty';

  @ApiProperty({ example: 'T.1' })
  @Matches(/^[A-Za-z0-9.\-_]{1,32}$/, { message: 'itemCode must be an item code such as T.1' })
  itemCode: string;
}

/** A council-level score for one leaf of one unit, with its reason (a council adjustment or a correction). */
export class CouncilScoreChangeDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  unitId: number;

  @ApiProperty({ example: '1.1.1' })
  @Matches(/^[A-Za-z0-9.\-_]{1,32}$/, { message: 'criterionCode must be a criterion code such as 1.1.1' })
  criterionCode: string;

  @ApiProperty({ example: '1,5', description: 'Points for the leaf (decimal, comma or dot).' })
  @IsString()
  @Length(1, 16)
  points: string;

  @ApiProperty({ example: 'Tài liệu kiểm chứng bổ sung chứng minh đã hoàn thành.' })
  @IsString()
  @Length(5, 2000, { message: 'reason is required (5 to 2000 characters)' })
  reason: string;
}

export class SetAdjustmentDto {
  @ApiProperty({ example: 1, description: 'How many times the item occurred; 0 removes it.' })
  @IsInt({ message: 'occurrences must be a whole number' })
  @Min(0)
  @Max(1000)
  occurrences: number;

  @ApiPropertyOptional({ example: 'Sáng kiến được UBND tỉnh công nhận tại QĐ 123/QĐ-UBND' })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  note?: string;
}

export class UnitExclusionDto {
  @ApiProperty({
    example: 'Đơn vị sáp nhập từ 01/7/2025, không thực hiện tự đánh giá (QĐ 123/QĐ-UBND)',
    description: 'Why the unit is excluded from the ranking (required; quoted wherever the unit is listed).',
  })
  @IsString()
  @Length(5, 1000, { message: 'reason must be 5 to 1000 characters' })
  reason: string;
}

export class UnitExclusionView {
  @ApiProperty() unitId: number;
  @ApiProperty({ nullable: true, type: String }) excludedReason: string | null;
}

export class FieldResultView {
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'milli-points' }) maxMilli: number;
  @ApiProperty() selfMilli: number;
  @ApiProperty() finalMilli: number;
  @ApiProperty({ description: 'hundredths of a percent (9218 = 92,18)' }) indexHundredths: number;
}

export class UnitFlagsView {
  @ApiProperty({ type: [String], description: 'Leaves appraised at least half their max below the self score.' })
  appraisedMuchLower: string[];
  @ApiProperty({ type: [String], description: 'Self-scored leaves with no evidence and no explanation.' })
  missingEvidence: string[];
  @ApiProperty({ type: [String], description: 'Content areas the unit appraised itself.' })
  conflictsOfInterest: string[];
  @ApiProperty() openClarifications: number;
  @ApiProperty({ type: [String] }) unappraisedLeaves: string[];
}

export class UnitResultView {
  @ApiProperty() unitId: number;
  @ApiProperty() unitCode: string;
  @ApiProperty() unitName: string;
  @ApiProperty() group: string;
  @ApiProperty({ nullable: true, type: Number }) sheetId: number | null;
  @ApiProperty({ nullable: true, type: String }) sheetState: string | null;
  @ApiProperty() maxMilli: number;
  @ApiProperty() selfMilli: number;
  @ApiProperty() round1Milli: number;
  @ApiProperty() round2Milli: number;
  @ApiProperty() finalLeavesMilli: number;
  @ApiProperty({ description: 'Counted bonus (after the cap).' }) bonusMilli: number;
  @ApiProperty({ description: 'Counted penalty (after the cap), positive.' }) penaltyMilli: number;
  @ApiProperty() bonusEnteredMilli: number;
  @ApiProperty() penaltyEnteredMilli: number;
  @ApiProperty() achievedMilli: number;
  @ApiProperty() selfIndexHundredths: number;
  @ApiProperty() indexHundredths: number;
  @ApiProperty({ description: 'Competition rank in its table; ties share it.' }) rank: number;
  @ApiProperty() position: number;
  @ApiProperty() tied: boolean;
  @ApiProperty({ nullable: true, type: String }) classKey: string | null;
  @ApiProperty({ nullable: true, type: String }) className: string | null;
  @ApiProperty({ type: [FieldResultView] }) fields: FieldResultView[];
  @ApiProperty({ type: UnitFlagsView }) flags: UnitFlagsView;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Set aside by the secretariat with this reason: not ranked (rank 0), no class.',
  })
  excludedReason: string | null;
}

export class ClassThresholdView {
  @ApiProperty() key: string;
  @ApiProperty() name: string;
  @ApiProperty() min: string;
}

export class GroupTableView {
  @ApiProperty({ description: 'Bảng 1, Bảng 2 …' }) tableNo: number;
  @ApiProperty() group: string;
  @ApiProperty() groupName: string;
  @ApiProperty({ type: [ClassThresholdView] }) classes: ClassThresholdView[];
  @ApiProperty({ type: [UnitResultView] }) units: UnitResultView[];
}

export class ScoringPolicyView {
  @ApiProperty() bonusCap: number;
  @ApiProperty() penaltyCap: number;
  @ApiProperty({ nullable: true, type: Number }) indexCapHundredths: number | null;
}

export class ConsolidationView {
  @ApiProperty() campaignId: number;
  @ApiProperty() campaignCode: string;
  @ApiProperty() campaignName: string;
  @ApiProperty() year: number;
  @ApiProperty() state: string;
  @ApiProperty() timezone: string;
  @ApiProperty({ type: ScoringPolicyView }) policy: ScoringPolicyView;
  @ApiProperty({ type: [GroupTableView] }) tables: GroupTableView[];
}

export class LeafDetailView {
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty() field: string;
  @ApiProperty() maxMilli: number;
  @ApiProperty() survey: boolean;
  @ApiProperty({ nullable: true, type: Number }) selfMilli: number | null;
  @ApiProperty({ nullable: true, type: String }) explanation: string | null;
  @ApiProperty({ nullable: true, type: Number }) round1Milli: number | null;
  @ApiProperty({ nullable: true, type: String }) round1Comment: string | null;
  @ApiProperty({ nullable: true, type: Number }) round2Milli: number | null;
  @ApiProperty({ nullable: true, type: String }) round2Comment: string | null;
  @ApiProperty({ nullable: true, type: Number }) councilMilli: number | null;
  @ApiProperty({ nullable: true, type: String }) councilReason: string | null;
  @ApiProperty({ nullable: true, type: Number }) finalMilli: number | null;
}

export class UnitDetailView {
  @ApiProperty() unitCode: string;
  @ApiProperty() unitName: string;
  @ApiProperty({ type: [LeafDetailView] }) leaves: LeafDetailView[];
}

export class SurveyImportResultView {
  @ApiProperty() imported: number;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) problems: unknown[];
}

export class AdjustmentItemView {
  @ApiProperty() kind: string;
  @ApiProperty() itemCode: string;
  @ApiProperty() title: string;
  @ApiProperty() occurrences: number;
  @ApiProperty() pointsMilli: number;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
}

export class UnitAdjustmentsView {
  @ApiProperty() unitId: number;
  @ApiProperty() bonusEnteredMilli: number;
  @ApiProperty() penaltyEnteredMilli: number;
  @ApiProperty() bonusCapMilli: number;
  @ApiProperty() penaltyCapMilli: number;
  @ApiProperty() bonusCountedMilli: number;
  @ApiProperty() penaltyCountedMilli: number;
  @ApiProperty({ type: [AdjustmentItemView] }) items: AdjustmentItemView[];
}
