import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { TaskCoreView } from '../../inbox/dto/inbox.dto';
import { BatchOf, EvidenceRefView, SuggestionView } from '../../sheets/dto/sheet.dto';
import { INSTANT_SCHEMA, IsInstant } from '../../common/dates';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class ScoreInputDto {
  @ApiProperty({ example: '1.1.3' })
  @Matches(/^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$/, { message: 'code must be a criterion code such as 1.1.3' })
  code: string;

  @ApiProperty({
    oneOf: [{ type: 'number' }, { type: 'string' }],
    example: 1.5,
    description:
      'Appraised points (a number or a decimal string, comma allowed; ≤ 3 decimals), checked against 0..max and the rule.',
  })
  @IsDefined({ message: 'points is required' })
  points: unknown;

  @ApiPropertyOptional({ enum: [1, 2], description: 'Default: 2 for a leaf with an answered clarification, else 1.' })
  @IsOptional()
  @IsIn([1, 2], { message: 'round must be 1 or 2' })
  round?: 1 | 2;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  comment?: string;
}

export class SaveScoresDto {
  @BatchOf(ScoreInputDto, 500)
  scores: ScoreInputDto[];
}

export class RequestClarificationDto {
  @ApiProperty({ type: [String], example: ['4.1.1'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @Matches(/^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$/, { each: true, message: 'criterionCodes must be criterion codes' })
  criterionCodes: string[];

  @ApiProperty({ example: 'Đề nghị bổ sung Báo cáo kết quả rà soát văn bản có ký số.' })
  @IsString()
  @Transform(trim)
  @Length(3, 4000, { message: 'request must be 3 to 4000 characters' })
  request: string;

  @ApiProperty({ ...INSTANT_SCHEMA, example: '2026-12-20T00:00:00+07:00' })
  @IsInstant()
  dueAt: string;
}

export class AnswerClarificationDto {
  @ApiProperty()
  @IsString()
  @Transform(trim)
  @Length(1, 8000, { message: 'answer must be 1 to 8000 characters' })
  answer: string;

  @ApiPropertyOptional({
    type: [Number],
    description:
      'Documents supporting the answer: evidence of this sheet linked to a leaf under clarification, e.g. uploaded through POST /api/appraisal/clarifications/{id}/evidence.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  @Min(1, { each: true })
  evidenceIds?: number[];
}

export class ConfirmDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

/** A document linked to a leaf, as the appraiser reviews it: verdict, every signature, and where to open it. */
export class AppraisalEvidenceView extends EvidenceRefView {
  @ApiProperty() uploadedAt: string;
  @ApiProperty({ example: '/api/evidence/12/view', description: 'The PDF inline (sandboxed) for the viewer.' })
  viewUrl: string;
  @ApiProperty({ example: '/api/evidence/12/download' }) downloadUrl: string;
}

export class AppraisalLeafView {
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty() maxPoints: number;
  @ApiProperty({ nullable: true, type: String, description: 'The rule as text.' }) rule: string | null;
  @ApiProperty({ description: 'The lowest score the rule can give (0, or a per-occurrence floor below 0).' })
  minPoints: number;
  @ApiProperty({
    nullable: true,
    type: [Number],
    description:
      'The only scores the rule can give, ascending; null when any value in minPoints..maxPoints is allowed.',
  })
  allowedPoints: number[] | null;
  @ApiProperty({ nullable: true, type: String }) ruleKind: string | null;
  @ApiProperty({ nullable: true, type: String }) evidenceHint: string | null;
  @ApiProperty({ nullable: true, type: Number }) selfPoints: number | null;
  @ApiProperty({ nullable: true, type: String }) selfExplanation: string | null;
  @ApiProperty({
    type: SuggestionView,
    description: "The rule's suggestion from the unit's inputs, or for deadline rules the deciding signature.",
  })
  suggestion: SuggestionView;
  @ApiProperty({
    type: [AppraisalEvidenceView],
    description: 'Documents linked to this leaf (clarification answers too).',
  })
  evidence: AppraisalEvidenceView[];
  @ApiProperty({ nullable: true, type: Number }) round1: number | null;
  @ApiProperty({ nullable: true, type: String }) round1Comment: string | null;
  @ApiProperty({ nullable: true, type: Number }) round2: number | null;
  @ApiProperty({ nullable: true, type: String }) round2Comment: string | null;
  @ApiProperty({ description: 'Named in an answered/expired clarification: the final score is round 2.' })
  needsRound2: boolean;
  @ApiProperty({ nullable: true, type: Number }) finalPoints: number | null;
}

/** One criterion named in a clarification, as the unit reads it: the score and what the appraiser wrote. */
export class ClarificationCriterionView {
  @ApiProperty({ example: '6.2' }) code: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: Number }) selfPoints: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The latest appraised score (round 2, else round 1).' })
  appraisedPoints: number | null;
  @ApiProperty({ nullable: true, type: String, description: "The appraiser's comment on this criterion." })
  comment: string | null;
}

export class ClarificationView {
  @ApiProperty() id: number;
  @ApiProperty() taskId: number;
  @ApiProperty() sheetId: number;
  @ApiProperty() round: number;
  @ApiProperty({ type: [String] }) criterionCodes: string[];
  @ApiProperty({ type: [ClarificationCriterionView] }) criteria: ClarificationCriterionView[];
  @ApiProperty() request: string;
  @ApiProperty() dueAt: string;
  @ApiProperty({ enum: ['open', 'answered', 'expired'] }) status: string;
  @ApiProperty({ nullable: true, type: String }) answer: string | null;
  @ApiProperty({ type: [Number] }) evidenceIds: number[];
  @ApiProperty({ type: [AppraisalEvidenceView], description: 'The documents the answer references.' })
  evidence: AppraisalEvidenceView[];
  @ApiProperty({ nullable: true, type: String }) answeredAt: string | null;
}

export class ConfirmationView {
  @ApiProperty() userId: number;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty() at: string;
}

export class AppraisalTaskView extends TaskCoreView {
  @ApiProperty({ nullable: true, type: Number }) confirmerOrganisationId: number | null;
  @ApiProperty({ type: ConfirmationView, nullable: true }) confirmed: ConfirmationView | null;
  @ApiProperty({ type: [AppraisalLeafView] }) leaves: AppraisalLeafView[];
  @ApiProperty({ type: [ClarificationView] }) clarifications: ClarificationView[];
  @ApiProperty({ description: 'Every leaf has a final appraised score.' }) complete: boolean;
}

/** Why one entry of a score batch was not saved (the other entries were). */
export class ScoreRefusalView {
  @ApiProperty({ example: '6.2', description: 'The criterion code the entry named.' }) criterionCode: string;
  @ApiProperty({ example: 'SCORE_NOT_ALLOWED_BY_RULE' }) code: string;
  @ApiProperty({ example: 'scores[6.2].points' }) field: string;
  @ApiProperty() message: string;
  @ApiProperty({ example: 'Tiêu chí 6.2 chỉ cho các mức điểm: 0; 2.' }) messageVi: string;
}

/** The task after a score save: every valid entry is saved; each refused entry says why. */
export class SavedScoresView extends AppraisalTaskView {
  @ApiProperty({ type: [ScoreRefusalView], description: 'The entries not saved, one per entry, empty when all were.' })
  refused: ScoreRefusalView[];
}
