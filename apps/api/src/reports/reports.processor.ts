import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@config';
import { AppError } from '@lib/common';
import { APP_CONFIG, DATA_SOURCE } from '@lib/database';
import { JobHandler, type JobPayloads } from '@lib/workflow';
import type { Job } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { ConsolidationEngine } from '../consolidation/consolidation.engine';
import { consolidationVersion } from '../consolidation/consolidation.queries';
import { loadMinutesDoc } from '../council/council.service';
import { EvidenceStorage, reportKey } from '../evidence/evidence-storage';
import { evidenceZipName, writeEvidenceZip } from '../evidence/evidence-zip';
import {
  appendixDocx,
  appendixPdf,
  consolidationXlsx,
  minutesDocx,
  pdfFontPath,
  rankingsXlsx,
  unitResultXlsx,
} from '../exports/documents';
import { PublicationService } from '../publication/publication.service';
import { PublishedRankingsService } from '../publication/published-rankings.service';
import { isPublicationJob, REPORT_KIND_SPECS } from './report-kinds';
import {
  filesPastRetention,
  findReportJob,
  markDone,
  markExpired,
  markFailed,
  markRunning,
  setJobParams,
  setProgress,
  type ReportJobRecord,
} from './report-jobs.queries';

const DONE_VI = 'Tệp đã sẵn sàng để tải về.';
const FAILED_VI = 'Không tạo được tệp.';
const EXPIRED_VI = 'Tệp đã quá thời hạn lưu giữ và đã được xoá; hãy bấm "Tạo lại tệp" nếu còn cần.';
/** Rows per sweep batch: a backlog after a long outage is removed in several batches, never one huge read. */
const SWEEP_BATCH = 200;

type Progress = (progress: number, messageVi: string, count?: { done: number; total: number }) => Promise<void>;

/**
 * Builds one requested file off the HTTP path, writing its progress to MySQL (what GET /api/report-jobs/{id}
 * shows). Idempotent by the row's state: a finished row is left alone, a retried one starts over and overwrites
 * nothing (each attempt stores under a fresh key; only the attempt that marks the row done is the one served).
 * Every file is written to a local temporary file first (a ZIP of a unit's evidence can be hundreds of MB: never
 * held in memory), then moved to the storage every api replica reads.
 *
 * A publication or a correction runs here too (PublicationService.runJob): the request checked that the write may
 * happen and answered 202; the consolidation of the whole campaign and the freeze (seconds for the national
 * fixture's 3,321 units × 100 leaves) are one transaction with the campaign's transition and the job's done mark.
 */
@Injectable()
export class ReportsProcessor {
  private readonly logger = new Logger('ReportsProcessor');

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly storage: EvidenceStorage,
    private readonly published: PublishedRankingsService,
    private readonly publications: PublicationService,
  ) {}

  @JobHandler('reports.build')
  async build(data: JobPayloads['reports.build'], job?: Job): Promise<'done' | 'skipped'> {
    const em = this.ds.manager;
    const row = await findReportJob(em, data.reportJobId);
    if (!row || !(await markRunning(em, row.id, 'Đang đọc dữ liệu của đợt đánh giá…'))) {
      return 'skipped';
    }
    if (isPublicationJob(row.kind)) {
      return this.publish(row, job);
    }
    const spec = REPORT_KIND_SPECS[row.kind];
    const tmp = join(this.storage.quarantineDir, `report-${row.id}-${randomBytes(6).toString('hex')}.tmp`);
    try {
      await mkdir(this.storage.quarantineDir, { recursive: true, mode: 0o700 });
      const fileName = await this.render(row, tmp, (p, messageVi, count) =>
        this.progress(row.id, p, messageVi, count, job),
      );
      const screen = spec.extension === 'json';
      await this.progress(row.id, 90, screen ? 'Đang lưu kết quả…' : 'Đang lưu tệp…', undefined, job);
      const { size } = await stat(tmp);
      const key = reportKey(row.authorityId, row.id, randomBytes(8).toString('hex'), spec.extension!);
      await this.storage.storeLocalFile(tmp, key, spec.contentType!);
      const marked = await markDone(
        em,
        row.id,
        { key, fileName, contentType: spec.contentType!, sizeBytes: size },
        screen ? 'Đã tổng hợp xong.' : DONE_VI,
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
        await markFailed(
          em,
          row.id,
          failureVi(error, row.id, spec.extension === 'json'),
          spec.extension === 'json' ? 'Không tổng hợp được.' : FAILED_VI,
        );
      } else {
        await setProgress(em, row.id, 1, 'Gặp trục trặc khi tạo tệp; hệ thống đang tự thử lại…');
      }
      throw error;
    } finally {
      // Moved into storage on success (local backend), left over otherwise.
      await unlink(tmp).catch(() => undefined);
    }
  }

  /**
   * A publication or correction: consolidate with progress as units scored of the campaign's units (written at
   * most every 2 %: 3,321 units, not 3,321 UPDATEs), then freeze, in one transaction (PublicationService.runJob).
   * A refusal found now (the campaign moved since the request) fails the job at once with its Vietnamese reason:
   * retrying would refuse again.
   */
  private async publish(row: ReportJobRecord, job?: Job): Promise<'done'> {
    const em = this.ds.manager;
    const correction = row.kind === 'correction';
    let shown = 0;
    let pending: Promise<void> = Promise.resolve();
    try {
      await this.progress(row.id, 2, 'Đang tổng hợp điểm của các đơn vị…', undefined, job);
      await this.publications.runJob(
        row,
        (done, total) => {
          const p = 2 + Math.floor((88 * done) / Math.max(1, total));
          if (p >= shown + 2 || done === total) {
            shown = p;
            pending = pending.then(() =>
              this.progress(row.id, p, `Đã tổng hợp ${done}/${total} đơn vị…`, { done, total }, job),
            );
          }
        },
        correction
          ? `Đã ban hành đính chính (lần ban hành ${row.revision ?? ''}).`
          : 'Đã công bố kết quả (lần ban hành 1).',
      );
      await pending;
      return 'done';
    } catch (error: unknown) {
      await pending.catch(() => undefined);
      const refused = error instanceof AppError;
      const attempts = job?.opts.attempts ?? 1;
      const last = refused || (job?.attemptsMade ?? 0) + 1 >= attempts;
      this.logger.warn(
        `publication job ${row.id} (${row.kind}) failed${last ? '' : ', will retry'}: ${error instanceof Error ? error.message : String(error)}`,
      );
      const what = correction ? 'Chưa ban hành được đính chính.' : 'Chưa công bố được kết quả.';
      if (last) {
        await markFailed(
          em,
          row.id,
          refused
            ? error.messageVi
            : `Máy chủ gặp lỗi khi ${correction ? 'ban hành đính chính' : 'công bố'}; chưa có gì được ghi. Hãy thực hiện lại; nếu vẫn lỗi, báo quản trị hệ thống kèm mã công việc ${row.id}.`,
          what,
        );
      } else {
        await setProgress(em, row.id, 1, 'Gặp trục trặc khi tổng hợp; hệ thống đang tự thử lại…');
      }
      if (refused) {
        return 'done';
      }
      throw error;
    }
  }

  /**
   * Retention (REPORT_RETENTION_DAYS): remove the files of jobs done longer ago, and mark those jobs expired. The
   * file goes first: a crash between the two leaves a row whose file is gone, which the next sweep marks expired
   * (removing a missing file is no error). Idempotent; scheduled by the worker ('reports-sweep').
   */
  @JobHandler('reports.sweep')
  async sweep(): Promise<{ expired: number }> {
    const em = this.ds.manager;
    let expired = 0;
    for (;;) {
      const batch = await filesPastRetention(em, this.config.reports.retentionDays, SWEEP_BATCH);
      for (const f of batch) {
        await this.storage.remove(f.resultKey);
        if (await markExpired(em, f.id, EXPIRED_VI)) {
          expired++;
        }
      }
      if (batch.length < SWEEP_BATCH) {
        return { expired };
      }
    }
  }

  private async progress(
    id: number,
    progress: number,
    messageVi: string,
    count: { done: number; total: number } | undefined,
    job?: Job,
  ): Promise<void> {
    await setProgress(this.ds.manager, id, progress, messageVi, count);
    await job?.updateProgress(progress);
  }

  /** Write the file of the job to `tmp`; its download name. */
  private async render(row: ReportJobRecord, tmp: string, progress: Progress): Promise<string> {
    const em = this.ds.manager;
    const put = (bytes: Buffer) => writeFile(tmp, bytes, { mode: 0o600 });
    switch (row.kind) {
      case 'publication':
      case 'correction':
        throw new Error(`report job ${row.id}: a ${row.kind} yields no file`);
      case 'consolidation': {
        // The data version before the data: a change committed while the campaign is read makes this result look
        // older than it is (one more job on the next view), never a stale result served as current.
        await setJobParams(em, row.id, JSON.stringify({ version: await consolidationVersion(em, row.campaignId) }));
        await progress(2, 'Đang tổng hợp điểm của các đơn vị…');
        // Progress as units scored of the campaign's units, written at most every 2 % (not 3,321 UPDATEs).
        let shown = 0;
        let pending: Promise<void> = Promise.resolve();
        const c = await new ConsolidationEngine(em).consolidate(row.campaignId, row.authorityId, (done, total) => {
          const p = 2 + Math.floor((86 * done) / Math.max(1, total));
          if (p >= shown + 2 || done === total) {
            shown = p;
            pending = pending.then(() => progress(p, `Đang tổng hợp… ${done}/${total} đơn vị`, { done, total }));
          }
        });
        await pending;
        await put(Buffer.from(JSON.stringify(c)));
        return `tong-hop-${c.campaignCode}.json`;
      }
      case 'consolidation-xlsx': {
        await progress(10, 'Đang tổng hợp điểm của các đơn vị…');
        const c = await new ConsolidationEngine(em).consolidate(row.campaignId, row.authorityId);
        await progress(60, 'Đang tạo tệp Excel…');
        await put(await consolidationXlsx(c));
        return `tong-hop-${c.campaignCode}.xlsx`;
      }
      case 'unit-result-xlsx': {
        // The sheet states the unit's index, rank and class: those come from the whole campaign's consolidation.
        await progress(10, 'Đang tổng hợp điểm của các đơn vị để xếp hạng…');
        const engine = new ConsolidationEngine(em);
        const c = await engine.consolidate(row.campaignId, row.authorityId);
        const u = c.tables.flatMap((t) => t.units).find((x) => x.unitId === row.subjectId);
        if (!u) {
          throw gone('Đơn vị không còn trong đợt đánh giá.');
        }
        await progress(60, 'Đang tạo tệp Excel…');
        const detail = await engine.unitDetail(row.campaignId, u.unitId);
        const summary = {
          indexHundredths: u.indexHundredths,
          rank: u.rank,
          className: u.className,
          excludedReason: u.excludedReason,
        };
        await put(await unitResultXlsx(c.campaignName, u.unitName, detail.leaves, summary));
        return `ket-qua-${u.unitCode}.xlsx`;
      }
      case 'minutes-docx': {
        await progress(10, 'Đang đọc phiên họp và bảng tổng hợp…');
        const doc = await loadMinutesDoc(em, row.authorityId, row.campaignId, row.subjectId ?? 0);
        if (!doc) {
          throw gone('Phiên họp không còn tồn tại.');
        }
        await progress(60, 'Đang tạo tệp Word…');
        await put(await minutesDocx(doc));
        return `bien-ban-hoi-dong-${doc.sequence}.docx`;
      }
      case 'evidence-zip': {
        const sheetId = row.subjectId ?? 0;
        const fileName = await evidenceZipName(em, sheetId, row.authorityId);
        if (!fileName) {
          throw gone('Phiếu tự đánh giá không còn tồn tại.');
        }
        await progress(5, 'Đang nén tài liệu kiểm chứng…');
        // Progress as files done of total, written at most every 2 % (a thousand entries: not a thousand UPDATEs).
        let shown = 0;
        let pending: Promise<void> = Promise.resolve();
        await writeEvidenceZip(em, this.storage, sheetId, createWriteStream(tmp, { mode: 0o600 }), (done, total) => {
          const p = 5 + Math.floor((80 * done) / total);
          if (p >= shown + 2 || done === total) {
            shown = p;
            pending = pending.then(() => progress(p, `Đã nén ${done}/${total} tệp kiểm chứng…`, { done, total }));
          }
        });
        await pending;
        return fileName;
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
          await put(await rankingsXlsx(pub));
          return `xep-hang-${base}.xlsx`;
        }
        if (row.kind === 'appendix-docx') {
          await progress(50, 'Đang tạo tệp Word…');
          await put(await appendixDocx(pub));
          return `phu-luc-${base}.docx`;
        }
        await progress(50, 'Đang tạo tệp PDF…');
        await put(await appendixPdf(pub, pdfFontPath(this.config.exports.fontPath)));
        return `phu-luc-${base}.pdf`;
      }
    }
  }
}

/** The subject was removed after the job was asked for: say so, and what to do (the whole message is shown). */
function gone(what: string): AppError {
  return new AppError(
    'notFound',
    'REPORT_SUBJECT_GONE',
    `${what} Hãy tải lại trang để xem dữ liệu hiện tại.`,
    'What the file is about no longer exists.',
  );
}

/** What a person reads when the job failed for good: the cause when it is ours to say, and what to do next. */
function failureVi(error: unknown, id: number, screen: boolean): string {
  // A screen's job (the consolidated table) is asked for again by the screen's "Thử lại", not by a file button.
  const again = screen ? 'bấm "Thử lại"' : 'bấm "Tạo lại tệp"';
  if (error instanceof AppError) {
    return `${error.messageVi} Sau khi xử lý, hãy ${again}.`;
  }
  return `Máy chủ gặp lỗi khi ${screen ? 'tổng hợp' : 'tạo tệp'}. Hãy ${again}; nếu vẫn lỗi, báo quản trị hệ thống kèm mã công việc ${id}.`;
}
