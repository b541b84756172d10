import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { PHASES, type Phase } from '@lib/criteria';
import { CLOSED_BY, DeadlineView } from '../../sheets/dto/sheet.dto';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';
import { INSTANT_SCHEMA, IsInstant } from '../../common/dates';

export class CreateCampaignDto {
  @ApiProperty({ example: 'uong-bi-2023', description: 'A plan in config/data/campaigns (<key>.yaml).' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'plan must be a plan key such as uong-bi-2023' })
  plan: string;

  @ApiPropertyOptional({ example: 'uong-bi-2023-demo', description: 'Campaign code; default: the plan key.' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'code must be lower-case letters, digits and dashes' })
  code?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(3, 255)
  name?: string;

  @ApiPropertyOptional({
    ...INSTANT_SCHEMA,
    example: '2026-12-15T00:00:00+07:00',
    description: 'A copy with other dates: every deadline moves so self-assessment ends at this instant.',
  })
  @IsOptional()
  @IsInstant()
  selfAssessmentDueAt?: string;

  @ApiPropertyOptional({ default: true, description: 'Open the self-assessment phase at once.' })
  @IsOptional()
  @IsBoolean()
  open?: boolean;
}

export class ChangeDeadlineDto {
  @ApiProperty({
    ...INSTANT_SCHEMA,
    example: '2024-03-20T00:00:00+07:00',
    description: 'The new deadline instant (exclusive).',
  })
  @IsInstant()
  dueAt: string;

  @ApiProperty({ example: 'Gia hạn theo Công văn số 123/UBND', description: 'Why (kept in the audit log).' })
  @IsString()
  @Length(5, 500, { message: 'reason must be 5 to 500 characters' })
  reason: string;
}

export class CampaignPhaseParams {
  @ApiProperty({ type: 'integer', minimum: 1 })
  @Type(() => Number)
  @IsInt({ message: 'id must be a whole number' })
  @Min(1)
  id: number;

  @ApiProperty({ enum: PHASES, enumName: 'Phase' })
  @IsIn(PHASES, { message: `phase must be one of ${PHASES.join(', ')}` })
  phase: Phase;
}

/** A text in both languages of the product. */
export class BilingualText {
  @ApiProperty() vi: string;
  @ApiProperty() en: string;
}

/** A phase as the phase gate judges it now: the same answer a write in that phase gets. */
export class CampaignDeadlineView {
  @ApiProperty({ enum: PHASES, enumName: 'Phase' }) phase: Phase;
  @ApiProperty({ type: BilingualText, description: 'The phase name in Vietnamese and English.' }) name: BilingualText;
  @ApiProperty({ description: 'The deadline in force (exclusive), UTC.' }) dueAt: string;
  @ApiProperty() generation: number;
  @ApiProperty({ description: 'The campaign has entered this phase (or gone past it).' }) started: boolean;
  @ApiProperty({ description: 'Closed now: its deadline passed, it was closed early, or its decision was taken.' })
  closed: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'When it closed (UTC), null while open.' })
  closedAt: string | null;
  @ApiProperty({ enum: CLOSED_BY, nullable: true, description: 'How it closed.' })
  closedBy: (typeof CLOSED_BY)[number] | null;
  @ApiProperty({ description: 'Time left in seconds (0 when closed).' }) secondsLeft: number;
}

export class CampaignView {
  @ApiProperty() id: number;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() year: number;
  @ApiProperty() timezone: string;
  @ApiProperty({ description: 'Current phase (campaign machine state).' }) state: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: [CampaignDeadlineView] }) deadlines: CampaignDeadlineView[];
}

export class CreatedCampaignView {
  @ApiProperty() id: number;
  @ApiProperty() sheets: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) deadlines: Record<string, string>;
}

export class CampaignUnitView {
  @ApiProperty() unitId: number;
  @ApiProperty() unitCode: string;
  @ApiProperty() unitName: string;
  @ApiProperty({ example: 'agency' }) unitGroup: string;
  @ApiProperty() criteriaSetId: number;
  @ApiProperty() criteriaSetCode: string;
  @ApiProperty() criteriaSetVersion: number;
  @ApiProperty() criteriaSetTitle: string;
  @ApiProperty({ description: 'Score sheet id (for a per-unit extension).' }) sheetId: number;
  @ApiProperty({ description: 'Score sheet machine state (draft, locked, submitted…).' }) sheetState: string;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ type: DeadlineView, description: 'The self-assessment deadline in force for this unit.' })
  deadline: DeadlineView;
}
