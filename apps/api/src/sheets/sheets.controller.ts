import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Put,
  Query,
  Req,
  StreamableFile,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditDownload } from '../security-log/audit-download.interceptor';
import { ApiFileResponse } from '../common/api-file.decorator';
import { actorOf } from '../common/actor';
import { CurrentUser } from '../common/current-user.decorator';
import { Roles } from '../common/roles.decorator';
import type { AuthenticatedRequest, SessionUser } from '../common/session-user';
import {
  DeadlineView,
  ExtensionDto,
  ImportResultView,
  SaveEntriesDto,
  SaveResultView,
  SheetImportForm,
  SheetListQuery,
  SheetSummaryView,
  SheetView,
} from './dto/sheet.dto';
import { SheetEntriesService } from './sheet-entries.service';
import { SheetExportService } from './sheet-export.service';
import { SheetSubmissionService } from './sheet-submission.service';
import { SheetsService } from './sheets.service';

/** Biểu tự chấm điểm: read (scoped), batch save, xlsx export/import, submission, per-unit extension. */
@ApiTags('sheets')
@Controller()
export class SheetsController {
  constructor(
    private readonly sheets: SheetsService,
    private readonly entries: SheetEntriesService,
    private readonly exports: SheetExportService,
    private readonly submission: SheetSubmissionService,
  ) {}

  @Get('sheets')
  @ApiOkResponse({ type: [SheetSummaryView] })
  list(@CurrentUser() user: SessionUser, @Query() query: SheetListQuery): Promise<SheetSummaryView[]> {
    return this.sheets.list(user, query.campaignId);
  }

  @Get('sheets/:id')
  @ApiOkResponse({ type: SheetView })
  get(@CurrentUser() user: SessionUser, @Param('id', ParseIntPipe) id: number): Promise<SheetView> {
    return this.sheets.get(user, id);
  }

  /** Save many entries in one request and one transaction; any bad entry → 400 listing all, nothing saved. */
  @Put('sheets/:id/entries')
  @Roles('unit_officer')
  @ApiOkResponse({ type: SaveResultView })
  save(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: SaveEntriesDto,
  ): Promise<SaveResultView> {
    return this.entries.save(user, id, dto.entries, actorOf(user, req));
  }

  @Post('sheets/:id/submit')
  @Roles('unit_officer')
  @HttpCode(200)
  @ApiOkResponse({ type: SheetView })
  async submit(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<SheetView> {
    await this.submission.submit(user, id, actorOf(user, req));
    return this.sheets.get(user, id);
  }

  @Get('sheets/:id/export.xlsx')
  @AuditDownload('export.downloaded')
  @ApiFileResponse('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Biểu tự chấm điểm (.xlsx).')
  async exportXlsx(@CurrentUser() user: SessionUser, @Param('id', ParseIntPipe) id: number): Promise<StreamableFile> {
    const file = await this.exports.xlsx(user, id);
    return new StreamableFile(file.buffer, {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: file.disposition,
      length: file.buffer.length,
    });
  }

  @Post('sheets/:id/import')
  @Roles('unit_officer')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: SheetImportForm })
  @ApiOkResponse({ type: ImportResultView })
  importXlsx(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<ImportResultView> {
    return this.exports.importFromRequest(user, id, req, actorOf(user, req));
  }

  /** Gia hạn for one unit: `extension.granted` (generation + 1), audited with its reason. */
  @Post('admin/sheets/:id/extension')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: DeadlineView })
  extend(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: ExtensionDto,
  ): Promise<DeadlineView> {
    return this.submission.extend(user, id, dto.dueAt, dto.reason, actorOf(user, req));
  }
}
