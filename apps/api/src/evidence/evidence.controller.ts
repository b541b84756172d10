import {
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseIntPipe,
  Post,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import type { AppConfig } from '@config';
import { APP_CONFIG } from '@lib/database';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ApiFileResponse } from '../common/api-file.decorator';
import type { Response } from 'express';
import { actorOf } from '../common/actor';
import { CurrentUser } from '../common/current-user.decorator';
import { AuditDownload } from '../security-log/audit-download.interceptor';
import { Roles } from '../common/roles.decorator';
import type { AuthenticatedRequest, SessionUser } from '../common/session-user';
import { contentDisposition } from '../sheets/content-disposition';
import { EvidenceLinkParams, EvidenceUploadForm, EvidenceView } from './dto/evidence.dto';
import { ValidationReportView } from './dto/validation-report.dto';
import { StoredVerdictView } from './recheck/dto/recheck.dto';
import { pdfFontPath } from '../exports/documents/pdf-font';
import { validationReportPdf } from './validation-report-pdf';
import { EvidenceFilesService } from './evidence-files.service';
import { EvidenceLinksService } from './evidence-links.service';
import { EvidenceUploadService } from './evidence-upload.service';

/** Tài liệu kiểm chứng: signed-PDF upload, authorised download/view, link removal, ZIP per criterion. */
@ApiTags('evidence')
@Controller()
export class EvidenceController {
  constructor(
    private readonly uploads: EvidenceUploadService,
    private readonly links: EvidenceLinksService,
    private readonly files: EvidenceFilesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Streamed multipart upload; the body is read only after the scope and stage-lock checks pass. */
  @Post('sheets/:id/evidence')
  @Roles('unit_officer')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: EvidenceUploadForm })
  @ApiCreatedResponse({ type: EvidenceView })
  upload(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<EvidenceView> {
    return this.uploads.upload(user, id, req, actorOf(user, req));
  }

  /**
   * Evidence for a clarification answer: the same streamed pipeline, admitted while the clarification of the
   * caller's unit is open (its due date is the lock), for the leaves under clarification only.
   */
  @Post('appraisal/clarifications/:id/evidence')
  @Roles('unit_officer')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: EvidenceUploadForm })
  @ApiCreatedResponse({ type: EvidenceView })
  uploadForClarification(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<EvidenceView> {
    return this.uploads.uploadForClarification(user, id, req, actorOf(user, req));
  }

  @Get('evidence/:id/download')
  @AuditDownload('evidence.downloaded')
  @ApiFileResponse('application/pdf', 'The PDF as an attachment.')
  download(
    @CurrentUser() user: SessionUser,
    @Param('id', ParseIntPipe) id: number,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return this.serve(user, id, res, 'attachment');
  }

  /** For the browser's PDF viewer: inline, but sandboxed (no scripts, no same-origin access). */
  @Get('evidence/:id/view')
  @AuditDownload('evidence.downloaded')
  @ApiFileResponse('application/pdf', 'The PDF inline, under Content-Security-Policy: sandbox.')
  view(
    @CurrentUser() user: SessionUser,
    @Param('id', ParseIntPipe) id: number,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return this.serve(user, id, res, 'inline');
  }

  /**
   * Báo cáo kiểm tra chữ ký (issue 18 item 7): the fixed fields per signature in Vietnamese, the certificates and
   * the verdict's time, as a JSON download. Whoever may open the document may download it; 404 otherwise.
   */
  @Get('evidence/:id/verdicts')
  @ApiOkResponse({ type: StoredVerdictView, isArray: true })
  @ApiNotFoundResponse({ description: 'No such document, or not one the caller may open.' })
  async verdicts(
    @CurrentUser() user: SessionUser,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<StoredVerdictView[]> {
    return (await this.files.verdicts(user, id)).map((v) => ({
      verdict: v.verdict,
      checkedAt: v.checkedAt.toISOString(),
      cause: v.cause,
      current: v.current,
      signedAt: v.signedAt ? v.signedAt.toISOString() : null,
      verifierVersion: v.verifierVersion,
      trustFingerprint: v.trustFingerprint,
      signatures: v.signatures,
    }));
  }

  @Get('evidence/:id/validation-report.json')
  @AuditDownload('evidence.downloaded')
  @ApiOkResponse({ type: ValidationReportView })
  @ApiNotFoundResponse({ description: 'No such document, or not one the caller may open.' })
  async validationReport(
    @CurrentUser() user: SessionUser,
    @Param('id', ParseIntPipe) id: number,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ValidationReportView> {
    const report = await this.files.validationReport(user, id);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Content-Disposition', contentDisposition('attachment', `bao-cao-kiem-tra-chu-ky-${id}.json`));
    return report;
  }

  /** The same report on one page, in Vietnamese (the certificates named by subject and fingerprint). */
  @Get('evidence/:id/validation-report.pdf')
  @AuditDownload('evidence.downloaded')
  @ApiFileResponse('application/pdf', 'Báo cáo kiểm tra chữ ký on one A4 page.')
  @ApiNotFoundResponse({ description: 'No such document, or not one the caller may open.' })
  async validationReportPdf(
    @CurrentUser() user: SessionUser,
    @Param('id', ParseIntPipe) id: number,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const report = await this.files.validationReport(user, id);
    const pdf = await validationReportPdf(report, pdfFontPath(this.config.exports.fontPath));
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: contentDisposition('attachment', `bao-cao-kiem-tra-chu-ky-${id}.pdf`),
      length: pdf.length,
    });
  }

  @Delete('evidence/:id/links/:code')
  @Roles('unit_officer')
  @HttpCode(204)
  @ApiNoContentResponse()
  async unlink(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param() params: EvidenceLinkParams,
  ): Promise<void> {
    await this.links.unlink(user, params.id, params.code, actorOf(user, req));
  }

  private async serve(
    user: SessionUser,
    id: number,
    res: Response,
    kind: 'attachment' | 'inline',
  ): Promise<StreamableFile> {
    const doc = await this.files.findReadable(user, id);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', 'sandbox');
    res.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(await this.files.openFile(doc), {
      type: 'application/pdf',
      disposition: contentDisposition(kind, doc.filename),
      length: doc.sizeBytes,
    });
  }
}
