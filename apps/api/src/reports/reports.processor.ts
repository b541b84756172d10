import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@config';
import { AppError } from '@lib/common';
import { APP_CONFIG, DATA_SOURCE } from '@lib/database';
import { JobHandler, type JobPayloads } from '@lib/workflow';
import type { Job } from 'bullmq';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ConsolidationEngine } from '../consolidation/consolidation.engine';
import { EvidenceStorage, reportKey } from '../evidence/evidence-storage';
import { appendixDocx, appendixPdf, consolidationXlsx, pdfFontPath, rankingsXlsx } from '../exports/documents';
import { PublishedRankingsService } from '../publication/published-rankings.service';
import { REPORT_KIND_SPECS } from './report-kinds';
import {
  findReportJob,
  markDone,
  markFailed,
  markRunning,
  setProgress,
  type ReportJobRecord,
} from './report-jobs.queries';

const DONE_VI = 'Tệp đã sẵn sàng để tải về.';
const FAILED_VI = 'Không tạo được tệp.';

/**
 * Builds one requested file off the HTTP path, writing its progress to MySQL (what GET /api/report-jobs/{id}
 * shows). Idempotent by the row's state: a finished row is left alone, a retried one starts over and overwrites
 * nothing (each attempt stores under a fresh key; only the attempt that marks the row done is the one served).
 *
 * Publication itself stays in the request (PublicationService.publish): its decision check and its freeze are one
 * transaction with the campaign's transition, and a publication is one authority's tables — the national
 * benchmark's 3,321 units consolidate in about 0.8 s (bench: consolidate + rank at 1.22/s), and the biggest
 * province has under 200 units. What grows with the tables is rendering the documents: that is what runs here.
 */
@Injectable()
export class ReportsProcessor {
  private readonly logger = new Logger('ReportsProcessor');

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly storage: EvidenceStorage,
    private readonly published: PublishedRankingsService,
  ) {}

  @JobHandler('reports.build')
  async build(data: JobPayloads['reports.build'], job?: Job): Promise<'done' | 'skipped'> {
    const em = this.ds.manager;
    const row = await findReportJob(em, data.reportJobId);
    if (!row || !(await markRunning(em, row.id, 'Đang đọc dữ liệu của đợt đánh giá…'))) {
      return 'skipped';
    }
    try {
      const body = await this.render(row, (progress, messageVi) => this.progress(row.id, progress, messageVi, job));
      await this.progress(row.id, 90, 'Đang lưu tệp…', job);
      const spec = REPORT_KIND_SPECS[row.kind];
      const key = reportKey(row.authorityId, row.id, randomBytes(8).toString('hex'), spec.extension);
      await this.storage.storeBytes(body.bytes, key, spec.contentType);
      const marked = await markDone(
        em,
        row.id,
        { key, fileName: body.fileName, contentType: spec.contentType, sizeBytes: body.bytes.length },
        DONE_VI,
      );
      if (!marked) {
        // The row ended meanwhile (another delivery finished it): this copy is not the one served.
        await this.storage.remove(key);
      }
      return 'done';
    } catch (error: unknown) {
      const attempts = job?.opts.attempts ?? 1;
      const last = (job?.attemptsMade ?? 0) + 1 >= attempts;
      this.logger.warn(
        `report job ${row.id} (${row.kind}) failed${last ? '' : ', will retry'}: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (last) {
        await markFailed(em, row.id, failureVi(error, row.id), FAILED_VI);
      } else {
        await setProgress(em, row.id, 1, 'Gặp trục trặc khi tạo tệp; hệ thống đang tự thử lại…');
      }
      throw error;
    }
  }

  private async progress(id: number, progress: number, messageVi: string, job?: Job): Promise<void> {
    await setProgress(this.ds.manager, id, progress, messageVi);
    await job?.updateProgress(progress);
  }

  private async render(
    row: ReportJobRecord,
    progress: (p: number, messageVi: string) => Promise<void>,
  ): Promise<{ bytes: Buffer; fileName: string }> {
    switch (row.kind) {
      case 'consolidation-xlsx': {
        await progress(10, 'Đang tổng hợp điểm của các đơn vị…');
        const c = await new ConsolidationEngine(this.ds.manager).consolidate(row.campaignId, row.authorityId);
        await progress(60, 'Đang tạo tệp Excel…');
        return { bytes: await consolidationXlsx(c), fileName: `tong-hop-${c.campaignCode}.xlsx` };
      }
      case 'rankings-xlsx':
      case 'appendix-docx':
      case 'appendix-pdf': {
        await progress(10, 'Đang đọc bảng xếp hạng đã công bố…');
        const pub = await this.published.byRevision(row.campaignId, row.revision ?? undefined);
        if (pub.campaignId !== row.campaignId) {
          throw new Error('publication of another campaign');
        }
        const base = `${pub.campaignCode}-r${pub.revision}`;
        if (row.kind === 'rankings-xlsx') {
          await progress(50, 'Đang tạo tệp Excel…');
          return { bytes: await rankingsXlsx(pub), fileName: `xep-hang-${base}.xlsx` };
        }
        if (row.kind === 'appendix-docx') {
          await progress(50, 'Đang tạo tệp Word…');
          return { bytes: await appendixDocx(pub), fileName: `phu-luc-${base}.docx` };
        }
        await progress(50, 'Đang tạo tệp PDF…');
        return {
          bytes: await appendixPdf(pub, pdfFontPath(this.config.exports.fontPath)),
          fileName: `phu-luc-${base}.pdf`,
        };
      }
    }
  }
}

/** What a person reads when the job failed for good: the cause when it is ours to say, and what to do next. */
function failureVi(error: unknown, id: number): string {
  if (error instanceof AppError) {
    return `${error.messageVi} Sau khi xử lý, hãy bấm "Tạo lại tệp".`;
  }
  return `Máy chủ gặp lỗi khi tạo tệp. Hãy bấm "Tạo lại tệp"; nếu vẫn lỗi, báo quản trị hệ thống kèm mã công việc ${id}.`;
}
