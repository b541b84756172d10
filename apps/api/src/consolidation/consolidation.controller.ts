import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Req,
  Res,
  StreamableFile,
  UploadedFile,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { actorOf } from '../common/actor';
import { ApiFileUpload, requireFile } from '../common/api-file.decorator';
import { CurrentUser } from '../common/current-user.decorator';
import { Roles } from '../common/roles.decorator';
import type { AuthenticatedRequest, SessionUser } from '../common/session-user';
import { ReportJobAccepted } from '../reports/dto/report-jobs.dto';
import { ReportJobsService } from '../reports/report-jobs.service';
import { ConsolidationService } from './consolidation.service';
import {
  AdjustmentParams,
  CampaignParams,
  CampaignUnitParams,
  ConsolidationView,
  SetAdjustmentDto,
  SurveyImportResultView,
  UnitAdjustmentsView,
  UnitDetailView,
  UnitExclusionDto,
  UnitExclusionView,
} from './dto/consolidation.dto';

const SURVEY_MAX_BYTES = 5 * 1024 * 1024;

@ApiTags('consolidation')
@Controller('campaigns/:id')
export class ConsolidationController {
  constructor(
    private readonly consolidation: ConsolidationService,
    private readonly reports: ReportJobsService,
  ) {}

  @Get('consolidation')
  @Roles('admin', 'leader', 'council_member', 'viewer')
  @ApiOperation({
    summary:
      'Consolidated table (bảng tổng hợp): per unit and field self vs appraised vs final, index, class, rank, flags. A campaign above CONSOLIDATION_INLINE_MAX_UNITS units is consolidated by a report job: 200 with its stored result while the campaign’s data is unchanged, else 202 with the job (follow GET /api/report-jobs/{id}, then ask again).',
  })
  @ApiOkResponse({ type: ConsolidationView })
  @ApiAcceptedResponse({ type: ReportJobAccepted, description: 'The job consolidating the campaign (a large one).' })
  async get(
    @CurrentUser() user: SessionUser,
    @Param() p: CampaignParams,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ConsolidationView | ReportJobAccepted | StreamableFile> {
    const out = await this.reports.consolidation(user, p.id);
    if ('accepted' in out) {
      res.status(202);
      return out.accepted;
    }
    if ('stored' in out) {
      res.setHeader('cache-control', 'no-store');
      return new StreamableFile(out.stored, { type: 'application/json', length: out.sizeBytes ?? undefined });
    }
    return out.inline as ConsolidationView;
  }

  @Get('units/:unitId/result')
  @ApiOperation({
    summary: "A unit's detailed result: per leaf self, appraised (rounds 1, 2), council, final, comments.",
  })
  @ApiOkResponse({ type: UnitDetailView })
  unit(@CurrentUser() user: SessionUser, @Param() p: CampaignUnitParams): Promise<UnitDetailView> {
    return this.consolidation.unitDetail(user, p.id, p.unitId);
  }

  @Post('survey-results')
  @Roles('admin')
  @HttpCode(HttpStatus.CREATED)
  @ApiFileUpload(SURVEY_MAX_BYTES)
  @ApiOperation({
    summary: 'Import survey results (.xlsx: Mã đơn vị, Mã tiêu chí, Kết quả (%)) for survey leaves; all or nothing.',
  })
  @ApiCreatedResponse({ type: SurveyImportResultView })
  importSurvey(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param() p: CampaignParams,
    @UploadedFile() file: { buffer: Buffer; originalname?: string } | undefined,
  ): Promise<SurveyImportResultView> {
    const { buffer, originalname } = requireFile(file);
    return this.consolidation.importSurvey(user, p.id, buffer, originalname, actorOf(user, req));
  }

  @Get('units/:unitId/adjustments')
  @ApiOperation({ summary: 'Bonus and penalty entries of a unit, with the caps applied.' })
  @ApiOkResponse({ type: UnitAdjustmentsView })
  adjustments(@CurrentUser() user: SessionUser, @Param() p: CampaignUnitParams): Promise<UnitAdjustmentsView> {
    return this.consolidation.adjustments(user, p.id, p.unitId);
  }

  @Put('units/:unitId/adjustments/:kind/:itemCode')
  @Roles('admin')
  @ApiOperation({ summary: 'Set how often a bonus/penalty item of the criteria set occurred (0 removes it).' })
  @ApiOkResponse({ type: UnitAdjustmentsView })
  setAdjustment(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param() p: AdjustmentParams,
    @Body() dto: SetAdjustmentDto,
  ): Promise<UnitAdjustmentsView> {
    return this.consolidation.setAdjustment(
      user,
      p.id,
      p.unitId,
      p.kind,
      p.itemCode,
      dto.occurrences,
      dto.note,
      actorOf(user, req),
    );
  }

  @Put('units/:unitId/exclusion')
  @Roles('admin')
  @ApiOperation({
    summary:
      'Exclude a unit that did not submit from the ranking, with a required reason (decisions accept it; tables list it unranked).',
  })
  @ApiOkResponse({ type: UnitExclusionView })
  exclude(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param() p: CampaignUnitParams,
    @Body() dto: UnitExclusionDto,
  ): Promise<UnitExclusionView> {
    return this.consolidation.setExclusion(user, p.id, p.unitId, dto.reason.trim(), actorOf(user, req));
  }

  @Delete('units/:unitId/exclusion')
  @Roles('admin')
  @ApiOperation({ summary: 'Take an excluded unit back into the ranking.' })
  @ApiOkResponse({ type: UnitExclusionView })
  include(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param() p: CampaignUnitParams,
  ): Promise<UnitExclusionView> {
    return this.consolidation.setExclusion(user, p.id, p.unitId, null, actorOf(user, req));
  }
}
