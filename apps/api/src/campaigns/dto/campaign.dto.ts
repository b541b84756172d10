import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { PHASES, type Phase } from '@lib/criteria';
import { CLOSED_BY, DeadlineView } from '../../sheets/dto/sheet.dto';
import { IsIn, IsInt, IsString, Length, Min } from 'class-validator';
import { INSTANT_SCHEMA, IsInstant } from '../../common/dates';

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
  @ApiProperty({ example: 'Các cơ quan chuyên môn', description: "The group's name in the campaign plan." })
  unitGroupName: string;
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
