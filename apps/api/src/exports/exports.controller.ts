import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import type { AppConfig } from '@config';
import { APP_CONFIG } from '@lib/database';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiFileResponse } from '../common/api-file.decorator';
import { AuditDownload } from '../security-log/audit-download.interceptor';
import type { Response } from 'express';
import { CurrentUser } from '../common/current-user.decorator';
import { Roles } from '../common/roles.decorator';
import type { SessionUser } from '../common/session-user';
import { ConsolidationService } from '../consolidation/consolidation.service';
import { CampaignParams, CampaignUnitParams } from '../consolidation/dto/consolidation.dto';
import { RevisionParams } from '../publication/dto/publication.dto';
import { PublishedRankingsService } from '../publication/published-rankings.service';
import { appendixDocx, appendixPdf, consolidationXlsx, pdfFontPath, rankingsXlsx, unitResultXlsx } from './documents';
import { DOCX, PDF, sendFile, XLSX } from './send-file';

@ApiTags('exports')
@Controller('campaigns/:id')
export class ExportsController {
  constructor(
    private readonly consolidation: ConsolidationService,
    private readonly publications: PublishedRankingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('exports/consolidation.xlsx')
  @Roles('admin', 'leader', 'council_member', 'viewer')
  @ApiOperation({ summary: 'The consolidated table (.xlsx), one sheet per ranking table.' })
  @AuditDownload('export.downloaded')
  @ApiFileResponse(XLSX, 'The consolidated table (.xlsx).')
  async consolidated(
    @CurrentUser() user: SessionUser,
    @Param() p: CampaignParams,
    @Res() res: Response,
  ): Promise<void> {
    const c = await this.consolidation.consolidate(user, p.id);
    sendFile(res, await consolidationXlsx(c), XLSX, `tong-hop-${c.campaignCode}.xlsx`);
  }

  @Get('publications/:revision/rankings.xlsx')
  @ApiOperation({ summary: 'The published ranking tables (.xlsx).' })
  @AuditDownload('export.downloaded')
  @ApiFileResponse(XLSX, 'The ranking tables (.xlsx).')
  async rankings(@CurrentUser() user: SessionUser, @Param() p: RevisionParams, @Res() res: Response): Promise<void> {
    const pub = await this.publications.get(user, p.id, p.revision);
    sendFile(res, await rankingsXlsx(pub), XLSX, `xep-hang-${pub.campaignCode}-r${pub.revision}.xlsx`);
  }

  @Get('publications/:revision/appendix.docx')
  @ApiOperation({ summary: 'The decision’s appendix with both tables (.docx).' })
  @AuditDownload('export.downloaded')
  @ApiFileResponse(DOCX, 'The appendix (.docx).')
  async appendixWord(
    @CurrentUser() user: SessionUser,
    @Param() p: RevisionParams,
    @Res() res: Response,
  ): Promise<void> {
    const pub = await this.publications.get(user, p.id, p.revision);
    sendFile(res, await appendixDocx(pub), DOCX, `phu-luc-${pub.campaignCode}-r${pub.revision}.docx`);
  }

  @Get('publications/:revision/appendix.pdf')
  @ApiOperation({ summary: 'The decision’s appendix with both tables (.pdf, Vietnamese font embedded).' })
  @AuditDownload('export.downloaded')
  @ApiFileResponse(PDF, 'The appendix (.pdf).')
  async appendixPdf(@CurrentUser() user: SessionUser, @Param() p: RevisionParams, @Res() res: Response): Promise<void> {
    const pub = await this.publications.get(user, p.id, p.revision);
    sendFile(
      res,
      await appendixPdf(pub, pdfFontPath(this.config.exports.fontPath)),
      PDF,
      `phu-luc-${pub.campaignCode}-r${pub.revision}.pdf`,
    );
  }

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
    let summary: { indexHundredths: number; rank: number; className: string | null } | null = null;
    let campaignName = '';
    if (wide) {
      const c = await this.consolidation.consolidate(user, p.id);
      campaignName = c.campaignName;
      const u = c.tables.flatMap((t) => t.units).find((x) => x.unitId === p.unitId);
      summary = u ? { indexHundredths: u.indexHundredths, rank: u.rank, className: u.className } : null;
    }
    sendFile(
      res,
      await unitResultXlsx(campaignName, detail.unitName, detail.leaves, summary),
      XLSX,
      `ket-qua-${detail.unitCode}.xlsx`,
    );
  }
}
