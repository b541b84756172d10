import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { PHASES, type Phase } from '@lib/criteria';
import { ApiFileResponse } from '../common/api-file.decorator';
import { CurrentUser } from '../common/current-user.decorator';
import { Roles } from '../common/roles.decorator';
import type { SessionUser } from '../common/session-user';
import { CampaignParams } from '../consolidation/dto/consolidation.dto';
import { sendFile, XLSX } from '../exports/send-file';
import { AuditDownload } from '../security-log/audit-download.interceptor';
import { behindXlsx } from './behind-xlsx';
import { BehindService, type BehindView } from './behind.service';
import { BehindViewDto } from './dto/behind.dto';
import { ProgressService, type ProgressView } from './progress.service';

class PhaseProgressView {
  @ApiProperty({ enum: PHASES, enumName: 'Phase' }) phase: Phase;
  @ApiProperty() name: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() dueAt: string;
  @ApiProperty({ enum: ['done', 'current', 'upcoming'] }) status: string;
  @ApiProperty({ description: 'Closed by the phase gate now (deadline, early close or its decision).' })
  closed: boolean;
  @ApiProperty({ type: String, nullable: true }) closedAt: string | null;
  @ApiProperty() secondsLeft: number;
  @ApiProperty() elapsed: number;
}

class OrganisationProgressView {
  @ApiProperty() organisationId: number;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() total: number;
  @ApiProperty() completed: number;
  @ApiProperty() overdue: number;
}

class SelfAssessmentProgressView {
  @ApiProperty() submitted: number;
  @ApiProperty() total: number;
  @ApiProperty() overdue: number;
}

class AppraisalProgressView {
  @ApiProperty() tasksTotal: number;
  @ApiProperty() tasksCompleted: number;
  @ApiProperty() overdue: number;
  @ApiProperty() clarificationsOpen: number;
  @ApiProperty({ type: [OrganisationProgressView] }) byOrganisation: OrganisationProgressView[];
}

class CouncilProgressView {
  @ApiProperty() sessions: number;
  @ApiProperty() approved: boolean;
  @ApiProperty() adjustments: number;
}

class ApprovalProgressView {
  @ApiProperty() council: boolean;
  @ApiProperty() leadership: boolean;
  @ApiProperty() published: boolean;
  @ApiProperty() revisions: number;
}

class HistoryDayView {
  @ApiProperty() date: string;
  @ApiProperty() sheetsSubmitted: number;
  @ApiProperty() sheetsRemaining: number;
  @ApiProperty() tasksCompleted: number;
  @ApiProperty() tasksRemaining: number;
}

export class ProgressViewDto {
  @ApiProperty() campaignId: number;
  @ApiProperty() state: string;
  @ApiProperty() now: string;
  @ApiProperty() timezone: string;
  @ApiProperty({ nullable: true, type: String }) currentPhase: string | null;
  @ApiProperty({ type: [PhaseProgressView] }) timeline: PhaseProgressView[];
  @ApiProperty({ type: SelfAssessmentProgressView }) selfAssessment: SelfAssessmentProgressView;
  @ApiProperty({ type: AppraisalProgressView }) appraisal: AppraisalProgressView;
  @ApiProperty({ type: CouncilProgressView }) council: CouncilProgressView;
  @ApiProperty({ type: ApprovalProgressView }) approval: ApprovalProgressView;
  @ApiProperty({ type: [HistoryDayView] }) history: HistoryDayView[];
}

@ApiTags('progress')
@Controller('campaigns/:id')
export class ProgressController {
  constructor(
    private readonly progress: ProgressService,
    private readonly behindService: BehindService,
  ) {}

  @Get('progress')
  @Roles('leader', 'admin', 'council_member', 'viewer')
  @ApiOperation({ summary: 'Leadership progress: timeline, time left, per-phase counts, daily history (burn-down).' })
  @ApiOkResponse({ type: ProgressViewDto })
  get(@CurrentUser() user: SessionUser, @Param() p: CampaignParams): Promise<ProgressView> {
    return this.progress.progress(user, p.id);
  }

  @Get('progress/behind')
  @Roles('leader', 'admin', 'viewer')
  @ApiOperation({
    summary:
      'Ai đang chậm: units (not submitted, at risk, overdue, in clarification) and tasks (unclaimed, at risk, overdue, in clarification) of the phase in progress, worst first.',
  })
  @ApiOkResponse({ type: BehindViewDto })
  behind(@CurrentUser() user: SessionUser, @Param() p: CampaignParams): Promise<BehindView> {
    return this.behindService.behind(user, p.id);
  }

  @Get('progress/behind.xlsx')
  @Roles('leader', 'admin', 'viewer')
  @ApiOperation({ summary: 'Ai đang chậm as .xlsx: a sheet of units and one of appraisal tasks, Vietnamese headers.' })
  @AuditDownload('export.downloaded')
  @ApiFileResponse(XLSX, 'Units and tasks behind (.xlsx).')
  async behindXlsx(@CurrentUser() user: SessionUser, @Param() p: CampaignParams, @Res() res: Response): Promise<void> {
    const view = await this.behindService.behind(user, p.id);
    sendFile(res, await behindXlsx(view), XLSX, `dang-cham-${view.campaignCode}.xlsx`);
  }
}
