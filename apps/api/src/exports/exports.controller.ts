import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiFileResponse } from '../common/api-file.decorator';
import { AuditDownload } from '../security-log/audit-download.interceptor';
import type { Response } from 'express';
import { CurrentUser } from '../common/current-user.decorator';
import type { SessionUser } from '../common/session-user';
import { ConsolidationService } from '../consolidation/consolidation.service';
import { CampaignUnitParams } from '../consolidation/dto/consolidation.dto';
import { unitResultXlsx, type UnitResultSummary } from './documents';
import { sendFile, XLSX } from './send-file';

/**
 * One unit's result sheet, built in the request (one unit's ~100 leaves). The campaign-wide files — the
 * consolidated table, the ranking tables, the appendix — are report jobs (../reports), never built in a request.
 */
@ApiTags('exports')
@Controller('campaigns/:id')
export class ExportsController {
  constructor(private readonly consolidation: ConsolidationService) {}

  @Get('units/:unitId/result.xlsx')
  @ApiOperation({ summary: 'A unit’s detailed result sheet (.xlsx): per leaf self, appraised, final, comments.' })
  @AuditDownload('export.downloaded')
  @ApiFileResponse(XLSX, 'The unit’s result sheet (.xlsx).')
  async unitResult(
    @CurrentUser() user: SessionUser,
    @Param() p: CampaignUnitParams,
    @Res() res: Response,
  ): Promise<void> {
    const detail = await this.consolidation.unitDetail(user, p.id, p.unitId);
    const wide = user.roles.some((r) => ['admin', 'leader', 'council_member', 'viewer'].includes(r));
    let summary: UnitResultSummary | null = null;
    let campaignName = '';
    if (wide) {
      const c = await this.consolidation.consolidate(user, p.id);
      campaignName = c.campaignName;
      const u = c.tables.flatMap((t) => t.units).find((x) => x.unitId === p.unitId);
      summary = u
        ? {
            indexHundredths: u.indexHundredths,
            rank: u.rank,
            className: u.className,
            excludedReason: u.excludedReason,
          }
        : null;
    }
    sendFile(
      res,
      await unitResultXlsx(campaignName, detail.unitName, detail.leaves, summary),
      XLSX,
      `ket-qua-${detail.unitCode}.xlsx`,
    );
  }
}
