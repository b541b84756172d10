import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiFileResponse } from '../common/api-file.decorator';
import { AuditDownload } from '../security-log/audit-download.interceptor';
import type { Response } from 'express';
import { CurrentUser } from '../common/current-user.decorator';
import { AUTHORITY_WIDE_ROLES } from '../common/unit-scope';
import type { SessionUser } from '../common/session-user';
import { ConsolidationService } from '../consolidation/consolidation.service';
import { CampaignUnitParams } from '../consolidation/dto/consolidation.dto';
import { ReportJobAccepted } from '../reports/dto/report-jobs.dto';
import { ReportJobsService } from '../reports/report-jobs.service';
import { unitResultXlsx } from './documents';
import { sendFile, XLSX } from './send-file';

/**
 * One unit's result sheet. For the unit's own officers it is the unit's ~100 leaves, built in the request. For the
 * authority-wide roles it also states the unit's index, rank and class, which needs the whole campaign consolidated
 * (3,321 units on the national fixture): that answer is 202 with the report job that builds it ('unit-result-xlsx',
 * the same as POST /api/campaigns/{id}/report-jobs), never a consolidation inside the request. The campaign-wide
 * files are report jobs too (../reports).
 */
@ApiTags('exports')
@Controller('campaigns/:id')
export class ExportsController {
  constructor(
    private readonly consolidation: ConsolidationService,
    private readonly reports: ReportJobsService,
  ) {}

  @Get('units/:unitId/result.xlsx')
  @ApiOperation({
    summary:
      'A unit’s detailed result sheet (.xlsx): per leaf self, appraised, final, comments. Authority-wide roles: 202 with the report job that builds it with the unit’s index, rank and class.',
  })
  @AuditDownload('export.downloaded')
  @ApiFileResponse(XLSX, 'The unit’s result sheet (.xlsx), for the unit’s own officers.')
  @ApiAcceptedResponse({ type: ReportJobAccepted, description: 'Authority-wide roles: the job building the sheet.' })
  async unitResult(
    @CurrentUser() user: SessionUser,
    @Param() p: CampaignUnitParams,
    @Res() res: Response,
  ): Promise<void> {
    if (user.roles.some((r) => AUTHORITY_WIDE_ROLES.includes(r))) {
      res.status(202).json(await this.reports.request(user, p.id, 'unit-result-xlsx', undefined, p.unitId));
      return;
    }
    const detail = await this.consolidation.unitDetail(user, p.id, p.unitId);
    sendFile(
      res,
      await unitResultXlsx('', detail.unitName, detail.leaves, null),
      XLSX,
      `ket-qua-${detail.unitCode}.xlsx`,
    );
  }
}
