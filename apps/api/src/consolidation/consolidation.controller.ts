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
  UploadedFile,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf } from '../common/actor';
import { ApiFileUpload, requireFile } from '../common/api-file.decorator';
import { CurrentUser } from '../common/current-user.decorator';
import { Roles } from '../common/roles.decorator';
import type { AuthenticatedRequest, SessionUser } from '../common/session-user';
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
  constructor(private readonly consolidation: ConsolidationService) {}

  @Get('consolidation')
  @Roles('admin', 'leader', 'council_member', 'viewer')
  @ApiOperation({
    summary:
      'Consolidated table (bảng tổng hợp): per unit and field self vs appraised vs final, index, class, rank, flags.',
  })
  @ApiOkResponse({ type: ConsolidationView })
  get(@CurrentUser() user: SessionUser, @Param() p: CampaignParams): Promise<ConsolidationView> {
    return this.consolidation.consolidate(user, p.id) as Promise<ConsolidationView>;
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
