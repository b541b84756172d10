import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { INSTANT_SCHEMA, IsInstant } from '../../common/dates';
import { SignatureReportView } from './signature.dto';

export { PublicKeyView, SignatureProblemView, SignatureReportView } from './signature.dto';

/** A request's array of 1..max nested items, each validated (batch saves of entries and of scores). */
export function BatchOf(type: new () => object, max: number): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: [type] }),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(max),
    ValidateNested({ each: true }),
    Type(() => type),
  );
}

/** Points in the API are decimal numbers of points (exact to 3 places: 0.333), never floats to round. */

export class SheetListQuery {
  @ApiPropertyOptional({ description: 'Only sheets of this campaign.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  campaignId?: number;
}

export const CLOSED_BY = ['deadline', 'closedEarly', 'completed'] as const;

export class DeadlineView {
  @ApiProperty({ description: 'The self-assessment deadline in force (exclusive), UTC.' })
  dueAt: string;
  @ApiProperty({ description: '1 for the campaign deadline; +1 at every extension.' })
  generation: number;
  @ApiProperty({ description: 'True when a per-unit or campaign-wide extension applies.' })
  extended: boolean;
  @ApiProperty({ description: 'Closed by the phase gate now (deadline passed, or closed early by the secretariat).' })
  closed: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'When it closed (UTC), null while open.' })
  closedAt: string | null;
  @ApiProperty({
    enum: CLOSED_BY,
    nullable: true,
    description: 'How it closed: at its deadline, closed early by the secretariat, or ended by a decision.',
  })
  closedBy: (typeof CLOSED_BY)[number] | null;
  @ApiProperty({ description: 'Seconds left by the database clock (0 when closed).' })
  secondsLeft: number;
}

export class SheetSummaryView {
  @ApiProperty() id: number;
  @ApiProperty() campaignId: number;
  @ApiProperty() campaignName: string;
  @ApiProperty() unitId: number;
  @ApiProperty() unitCode: string;
  @ApiProperty() unitName: string;
  @ApiProperty({ example: 'agency' }) unitGroup: string;
  @ApiProperty({ example: 'draft', description: 'Workflow state of the sheet.' }) status: string;
  @ApiProperty({ description: 'Workflow version (optimistic concurrency).' }) version: number;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ type: DeadlineView }) deadline: DeadlineView;
  @ApiProperty({ description: 'Sum of the self scores, points.' }) selfTotal: number;
  @ApiProperty({ description: 'Max of the criteria set, points.' }) maxPoints: number;
  @ApiProperty({ description: 'Self-assessed index, percent (2 decimals).' }) selfIndex: number;
}

export class RuleOptionView {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty() points: number;
}

export class RuleView {
  @ApiProperty({ example: 'levels' }) kind: string;
  @ApiProperty({ description: 'The rule in Vietnamese ("Đủ và đúng hạn: 1; …").' }) description: string;
  @ApiPropertyOptional({ type: [RuleOptionView], description: 'Levels or checklist items to choose from.' })
  options?: RuleOptionView[];
  @ApiProperty({
    nullable: true,
    type: [Number],
    description:
      'The self scores the rule allows, ascending, when there are few (≤ 6); null: any value from lowest to max.',
  })
  allowed: number[] | null;
  @ApiProperty({ description: 'The lowest score the rule gives (a perOccurrence floor; 0 otherwise).' }) lowest: number;
  @ApiPropertyOptional({
    type: () => RuleView,
    description:
      'noOccurrenceFullMarks: the rule that decides when something did occur (its inputs are asked for then).',
  })
  otherwise?: RuleView;
}

export class SignatureDecisionView {
  @ApiProperty() evidenceId: number;
  @ApiProperty() documentNumber: string;
  @ApiProperty() signatureIndex: number;
  @ApiProperty({ nullable: true, type: String }) signerName: string | null;
  @ApiProperty({ nullable: true, type: String }) signerOrganisation: string | null;
  @ApiProperty({ description: "The deciding time: a verified timestamp's, else the signer's claim." })
  signingTime: string;
  @ApiProperty({ enum: ['timestamp', 'claimed'], description: 'Where signingTime comes from.' })
  timeSource: 'timestamp' | 'claimed';
}

export class SuggestionView {
  @ApiProperty({ nullable: true, type: Number }) points: number | null;
  @ApiProperty() explanation: string;
  @ApiProperty() selfScorable: boolean;
  @ApiProperty({
    nullable: true,
    type: SignatureDecisionView,
    description: 'deadline rules: the signature whose time decided the points.',
  })
  decidedBy: SignatureDecisionView | null;
}

export class EvidenceRefView {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'KH' }) documentType: string;
  @ApiProperty({ example: '15/KH-UBND' }) documentNumber: string;
  @ApiProperty({ example: '2023-01-15' }) issuedOn: string;
  @ApiProperty() issuingBody: string;
  @ApiProperty({ description: 'Trích yếu.' }) summary: string;
  @ApiProperty() filename: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ enum: ['valid', 'modifiedAfterSigning', 'invalid', 'indeterminate', 'unsigned'] }) verdict: string;
  @ApiProperty({ nullable: true, type: String, description: 'Earliest verified signing time.' })
  signedAt: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'When the verdict was computed (Kiểm tra lúc …); null for files stored before it was kept.',
  })
  checkedAt: string | null;
  @ApiProperty({
    description:
      'False when the verdict was computed under another trust configuration or verifier version than the current one: a re-check is due or running (GET /api/evidence-rechecks).',
  })
  verdictCurrent: boolean;
  @ApiProperty({ type: [String] }) signers: string[];
  @ApiProperty({ type: [String], description: 'Criterion codes this document supports.' }) codes: string[];
  @ApiProperty({
    type: [SignatureReportView],
    description: 'Each signature: signer, organisation, time, checks (the upload and the viewer explain the same).',
  })
  signatures: SignatureReportView[];
}

export class StageScoreView {
  @ApiProperty({ nullable: true, type: Number }) points: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'Comment (appraisal) or reason (council).' })
  comment: string | null;
}

export class NodeTotalsView {
  @ApiProperty() self: number;
  @ApiProperty() round1: number;
  @ApiProperty() round2: number;
  @ApiProperty() final: number;
  @ApiProperty({ description: 'self / max × 100, percent.' }) selfIndex: number;
  @ApiProperty({ description: 'final / max × 100, percent.' }) finalIndex: number;
}

export class NotApplicableView {
  @ApiProperty({ example: 'Đơn vị không có nhiệm vụ này trong năm.' }) reason: string;
}

export class SheetNodeView {
  @ApiProperty({ example: '1.1.1' }) code: string;
  @ApiProperty() title: string;
  @ApiProperty() maxPoints: number;
  @ApiProperty() leaf: boolean;
  @ApiPropertyOptional() contentArea?: string;
  @ApiPropertyOptional({ description: 'Tài liệu kiểm chứng cần có.' }) evidenceHint?: string;
  @ApiPropertyOptional({ type: RuleView }) rule?: RuleView;
  @ApiPropertyOptional({ nullable: true, type: Number }) selfPoints?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Object, description: 'Rule inputs the unit entered.' })
  inputs?: Record<string, unknown> | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Giải thích cách tính.' })
  explanation?: string | null;
  @ApiPropertyOptional({ type: SuggestionView }) suggested?: SuggestionView;
  @ApiPropertyOptional({ type: [EvidenceRefView] }) evidence?: EvidenceRefView[];
  @ApiPropertyOptional({ type: StageScoreView }) round1?: StageScoreView;
  @ApiPropertyOptional({ type: StageScoreView }) round2?: StageScoreView;
  @ApiPropertyOptional({ type: StageScoreView }) council?: StageScoreView;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'council ?? round 2 ?? round 1.' })
  finalPoints?: number | null;
  @ApiPropertyOptional({
    type: NotApplicableView,
    description: 'The secretariat marked this leaf not applicable to the unit: not scored, out of the max.',
  })
  notApplicable?: NotApplicableView;
  @ApiProperty({ type: NodeTotalsView }) totals: NodeTotalsView;
  @ApiProperty({ type: () => [SheetNodeView] }) children: SheetNodeView[];
}

export class CriteriaSetRefView {
  @ApiProperty() id: number;
  @ApiProperty() code: string;
  @ApiProperty() version: number;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'A reconstructed sample, not the official appendix.' }) sample: boolean;
  @ApiPropertyOptional() notice?: string;
}

export class StageFiguresView {
  @ApiProperty() self: number;
  @ApiProperty() round1: number;
  @ApiProperty() round2: number;
  @ApiProperty() final: number;
}

export class FieldTotalsView extends NodeTotalsView {
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty() maxPoints: number;
}

export class SheetProblemView {
  @ApiProperty() kind: string;
  @ApiPropertyOptional() code?: string;
  @ApiProperty({ description: 'English.' }) message: string;
  @ApiProperty({ description: 'Vietnamese.' }) messageVi: string;
}

/** One reason a submit is refused (blocking) or a document the confirmation names (not blocking). */
export class SubmissionProblemView {
  @ApiProperty({ enum: ['unscored', 'unexplained', 'invalidSignature'] }) reason: string;
  @ApiProperty({ description: 'The leaf; for a document, the first leaf it supports.' }) code: string;
  @ApiProperty({ description: 'True when it refuses the submit.' }) blocking: boolean;
  @ApiPropertyOptional() evidenceId?: number;
  @ApiPropertyOptional() documentNumber?: string;
  @ApiPropertyOptional({ enum: ['modifiedAfterSigning', 'invalid'] }) verdict?: string;
  @ApiProperty({ description: 'English.' }) message: string;
  @ApiProperty({ description: 'Vietnamese.' }) messageVi: string;
}

export class SheetView extends SheetSummaryView {
  @ApiProperty({ type: CriteriaSetRefView }) criteriaSet: CriteriaSetRefView;
  @ApiProperty({ description: 'The unit may change self scores and evidence now (database clock).' })
  editable: boolean;
  @ApiProperty({ type: [SheetNodeView] }) nodes: SheetNodeView[];
  @ApiProperty({ type: StageFiguresView, description: 'Achieved points per stage (after bonus/penalty).' })
  achieved: StageFiguresView;
  @ApiProperty({ type: StageFiguresView, description: 'Index per stage, percent.' }) index: StageFiguresView;
  @ApiProperty({ type: [FieldTotalsView] }) fields: FieldTotalsView[];
  @ApiProperty({ type: [SheetProblemView] }) problems: SheetProblemView[];
  @ApiProperty({
    type: [SubmissionProblemView],
    description: 'What the submit check finds now: the same list a refused submit (422 SHEET_INCOMPLETE) carries.',
  })
  submitProblems: SubmissionProblemView[];
}

export class RuleInputDto {
  @ApiPropertyOptional({ description: 'levels: the chosen option key.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  level?: string;

  @ApiPropertyOptional({ type: [String], description: 'checklist: keys of the conditions met.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  met?: string[];

  @ApiPropertyOptional({ oneOf: [{ type: 'number' }, { type: 'string' }], description: 'bands/proportional: value.' })
  @IsOptional()
  @Allow()
  value?: number | string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  numerator?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  denominator?: number;

  @ApiPropertyOptional({ description: 'perOccurrence / noOccurrenceFullMarks: how many times.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  occurrences?: number;

  @ApiPropertyOptional({ description: 'deadline: there is no document at all.' })
  @IsOptional()
  @IsBoolean()
  missing?: boolean;
}

export class EntryDto {
  @ApiProperty({ example: '1.1.2' })
  @IsString()
  @Matches(/^[0-9A-Za-z][0-9A-Za-z.]{0,31}$/, { message: 'code must be a criterion code such as 1.1.2' })
  code: string;

  @ApiProperty({
    oneOf: [{ type: 'number' }, { type: 'string' }],
    nullable: true,
    example: 1.5,
    description: 'Self score in points (≤ 3 decimals; "0,5" accepted); null clears it.',
  })
  @Allow()
  selfPoints: number | string | null;

  @ApiPropertyOptional({ type: RuleInputDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => RuleInputDto)
  inputs?: RuleInputDto | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 4000,
    description: 'Giải thích cách tính (required when there is no evidence).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  explanation?: string | null;
}

export class SaveEntriesDto {
  @BatchOf(EntryDto, 2000)
  entries: EntryDto[];
}

export class SaveResultView {
  @ApiProperty({ description: 'Entries written.' }) saved: number;
}

export class ExtensionDto {
  @ApiProperty({
    ...INSTANT_SCHEMA,
    example: '2024-03-20T00:00:00+07:00',
    description: 'The unit’s new deadline (exclusive).',
  })
  @IsInstant()
  dueAt: string;

  @ApiProperty({ example: 'Đơn vị đề nghị gia hạn do sự cố hệ thống.' })
  @IsString()
  @Length(3, 1000)
  reason: string;
}

export class EntryProblemView {
  @ApiProperty() index: number;
  @ApiPropertyOptional() row?: number;
  @ApiProperty() code: string;
  @ApiProperty() field: string;
  @ApiProperty() reason: string;
  @ApiProperty({ description: 'English.' }) message: string;
  @ApiProperty({ description: 'Vietnamese.' }) messageVi: string;
}

export class ImportResultView extends SaveResultView {}

export class SheetImportForm {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'A filled Biểu tự chấm điểm (.xlsx), at most 5 MiB (5,242,880 bytes).',
  })
  file: unknown;
}
