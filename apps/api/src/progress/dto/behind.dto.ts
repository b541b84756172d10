import { ApiProperty } from '@nestjs/swagger';
import { PHASES, type Phase } from '@lib/criteria';
import { SHEET_BEHIND_KINDS, TASK_BEHIND_KINDS } from '../behind';

const KINDS = [...new Set([...SHEET_BEHIND_KINDS, ...TASK_BEHIND_KINDS])];

export class BehindItemDto {
  @ApiProperty({ enum: ['sheet', 'task'] }) subject: string;
  @ApiProperty({ enum: KINDS, enumName: 'BehindKind' }) kind: string;
  @ApiProperty({ description: 'The kind in Vietnamese (Quá hạn, Có nguy cơ trễ hạn…).' }) kindName: string;
  @ApiProperty() unitId: number;
  @ApiProperty() unitName: string;
  @ApiProperty() group: string;
  @ApiProperty() groupName: string;
  @ApiProperty({ type: Number, nullable: true }) organisationId: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Tasks: the appraising organisation(s).' })
  organisationName: string | null;
  @ApiProperty({ type: String, nullable: true }) contentAreaName: string | null;
  @ApiProperty({ type: Number, nullable: true }) sheetId: number | null;
  @ApiProperty({ type: Number, nullable: true }) taskId: number | null;
  @ApiProperty({ type: String, nullable: true, description: "A sheet's own deadline in force, a task's due." })
  dueAt: string | null;
  @ApiProperty() extended: boolean;
  @ApiProperty() secondsLeft: number;
}

class SheetBehindCounts {
  @ApiProperty() overdue: number;
  @ApiProperty() inClarification: number;
  @ApiProperty() atRisk: number;
  @ApiProperty() notSubmitted: number;
}

class TaskBehindCounts {
  @ApiProperty() overdue: number;
  @ApiProperty() inClarification: number;
  @ApiProperty() atRisk: number;
  @ApiProperty() unclaimed: number;
}

class BehindCounts {
  @ApiProperty({ type: SheetBehindCounts }) sheets: SheetBehindCounts;
  @ApiProperty({ type: TaskBehindCounts }) tasks: TaskBehindCounts;
}

export class BehindViewDto {
  @ApiProperty() campaignId: number;
  @ApiProperty() campaignName: string;
  @ApiProperty() campaignCode: string;
  @ApiProperty() timezone: string;
  @ApiProperty() now: string;
  @ApiProperty({ enum: PHASES, enumName: 'Phase', nullable: true }) currentPhase: Phase | null;
  @ApiProperty({ type: String, nullable: true }) phaseName: string | null;
  @ApiProperty({ type: String, nullable: true }) phaseDueAt: string | null;
  @ApiProperty() phaseSecondsLeft: number;
  @ApiProperty({ type: BehindCounts }) counts: BehindCounts;
  @ApiProperty({ type: [BehindItemDto] }) sheets: BehindItemDto[];
  @ApiProperty({ type: [BehindItemDto] }) tasks: BehindItemDto[];
}
