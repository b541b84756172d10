import { Body, Controller, Get, HttpCode, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser } from '../common/current-user.decorator';
import type { SessionUser } from '../common/session-user';
import { CampaignParams } from '../consolidation/dto/consolidation.dto';
import { DOCX, PDF, XLSX, ZIP } from '../exports/send-file';
import { AuditDownload, auditDownloadAs } from '../security-log/audit-download.interceptor';
import { contentDisposition } from '../sheets/content-disposition';
import { ReportJobAccepted, ReportJobParams, ReportJobRequestDto, ReportJobView } from './dto/report-jobs.dto';
import { ReportJobsService } from './report-jobs.service';

/** Report jobs: heavy files are built by the reports process; the request answers 202 with the job to follow. */
@ApiTags('exports')
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportJobsService) {}

  @Post('campaigns/:id/report-jobs')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Build a file of the campaign (consolidated table, ranking tables, appendix, a unit’s result sheet, a sheet’s evidence ZIP, council minutes) as a job; the same file already being built is that job.',
  })
  @ApiAcceptedResponse({ type: ReportJobAccepted })
  request(
    @CurrentUser() user: SessionUser,
    @Param() p: CampaignParams,
    @Body() dto: ReportJobRequestDto,
  ): Promise<ReportJobAccepted> {
    return this.reports.request(user, p.id, dto.kind, dto.revision, dto.subjectId);
  }

  @Get('campaigns/:id/report-jobs')
  @ApiOperation({ summary: 'The campaign’s files of the last day (Tệp đang chuẩn bị), newest first.' })
  @ApiOkResponse({ type: ReportJobView, isArray: true })
  list(@CurrentUser() user: SessionUser, @Param() p: CampaignParams): Promise<ReportJobView[]> {
    return this.reports.list(user, p.id);
  }

  @Get('report-jobs/:id')
  @ApiOperation({ summary: 'A report job: state, progress and message, and the download link once ready.' })
  @ApiOkResponse({ type: ReportJobView })
  get(@CurrentUser() user: SessionUser, @Param() p: ReportJobParams): Promise<ReportJobView> {
    return this.reports.get(user, p.id);
  }

  @Get('report-jobs/:id/file')
  @ApiOperation({ summary: 'The finished file of a report job (409 while it is being built).' })
  @AuditDownload('export.downloaded')
  @ApiOkResponse({
    description: 'The file.',
    content: Object.fromEntries(
      [XLSX, DOCX, PDF, ZIP].map((t) => [t, { schema: { type: 'string', format: 'binary' } }]),
    ),
  })
  async file(
    @CurrentUser() user: SessionUser,
    @Param() p: ReportJobParams,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const f = await this.reports.open(user, p.id);
    if (f.kind === 'evidence-zip') {
      // The unit's signed documents themselves: the security log lists it with the other evidence downloads.
      auditDownloadAs(res, 'evidence.downloaded');
    }
    res.setHeader('cache-control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(f.stream, {
      type: f.contentType,
      disposition: contentDisposition('attachment', f.fileName),
      length: f.sizeBytes ?? undefined,
    });
  }
}
