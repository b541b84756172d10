import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppError } from '@lib/common';
import { DATA_SOURCE } from '@lib/database';
import { JobHandler, JobQueue, type JobPayloads } from '@lib/workflow';
import type { Job } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DataSource } from 'typeorm';
import { storeRecheckedVerdict } from '../evidence.queries';
import { EvidenceStorage } from '../evidence-storage';
import { earliestVerifiedSigning } from '../evidence-view';
import { EvidencePdfChecks } from '../pdf-inspector.provider';
import {
  addRunProgress,
  anyStale,
  countPending,
  findRun,
  insertOrFindActiveRun,
  latestAnnouncedKey,
  markRunDone,
  markRunFailed,
  markRunRunning,
  nextBatch,
  type FileToCheck,
  type RecheckRun,
} from './recheck-runs.queries';
import { RECHECK_QUEUED_VI, recheckJobId } from './recheck-view';

/** Files per batch: progress is written after each, and a retry loses at most one batch of work. */
const BATCH = 20;

/**
 * Re-checks stored evidence under this process's trust configuration (issue 18 item 6), in the reports process —
 * never inside an HTTP request: the checks run in this process's PDF worker threads, batch by batch, each file's
 * new verdict stored with its key while the earlier one stays in evidence_verdicts.
 *
 * At start, the process announces its key: when it differs from the last announced one, or some file's verdict is
 * under another key, a `trustChanged` run is queued (one per key, however many processes start).
 */
@Injectable()
export class EvidenceRecheckProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('EvidenceRecheck');

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly storage: EvidenceStorage,
    private readonly pdf: EvidencePdfChecks,
    private readonly jobs: JobQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const key = await this.pdf.currentKey();
    const announced = await latestAnnouncedKey(this.ds.manager);
    const changed =
      announced?.trustFingerprint !== key.trustFingerprint || announced.verifierVersion !== key.verifierVersion;
    if (!changed && !(await anyStale(this.ds.manager, key))) {
      return;
    }
    const { run, created } = await insertOrFindActiveRun(
      this.ds.manager,
      { authorityId: null, cause: 'trustChanged', requestedBy: null, ...key },
      RECHECK_QUEUED_VI,
    );
    await this.jobs.add('evidence.recheck', { runId: run.id }, { jobId: recheckJobId(run) });
    if (created) {
      this.logger.log(
        `trust configuration ${key.trustFingerprint.slice(0, 12)}…: stored verdicts re-checked by run ${run.id}`,
      );
    }
  }

  @JobHandler('evidence.recheck')
  async recheck(data: JobPayloads['evidence.recheck'], job?: Job): Promise<'done' | 'skipped'> {
    const em = this.ds.manager;
    const found = await findRun(em, data.runId);
    if (!found) {
      return 'skipped';
    }
    const key = await this.pdf.currentKey();
    if (
      found.cause === 'trustChanged' &&
      (found.trustFingerprint !== key.trustFingerprint || found.verifierVersion !== key.verifierVersion)
    ) {
      // Made by a process started under another configuration: its "stale" means "not under that key", which this
      // process cannot produce (in one deployment every reports process reads the same folders). A requested run
      // has no such key: it re-checks under whatever this process trusts.
      this.logger.warn(`re-check run ${found.id} is for another trust configuration; not run by this process`);
      await markRunFailed(em, found.id, OTHER_CONFIGURATION_VI, FAILED_VI);
      return 'skipped';
    }
    const pending = await countPending(em, found);
    if (!(await markRunRunning(em, found.id, pending, progressVi(0, pending)))) {
      return 'skipped';
    }
    const run = (await findRun(em, found.id))!;
    const total = run.total ?? pending;
    try {
      let afterId = 0;
      let done = run.done;
      for (;;) {
        const batch = await nextBatch(em, run, afterId, BATCH);
        if (batch.length === 0) {
          break;
        }
        afterId = batch[batch.length - 1].id;
        let changed = 0;
        for (const file of batch) {
          changed += (await this.checkOne(run, file)) ? 1 : 0;
        }
        done = Math.min(total, done + batch.length);
        await addRunProgress(em, run.id, { done: batch.length, changed }, progressVi(done, total));
        await job?.updateProgress(total === 0 ? 100 : Math.round((100 * done) / total));
      }
      const ended = (await findRun(em, run.id))!;
      await markRunDone(em, run.id, doneVi(ended.total ?? total, ended.changed));
      return 'done';
    } catch (error: unknown) {
      const last = (job?.attemptsMade ?? 0) + 1 >= (job?.opts.attempts ?? 1);
      this.logger.warn(
        `re-check run ${run.id} failed${last ? '' : ', will retry'}: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (last) {
        await markRunFailed(em, run.id, failureVi(error, run.id), FAILED_VI);
      }
      throw error;
    }
  }

  /**
   * One file: read from storage into the local quarantine (the checks read a file), checked, its verdict stored.
   * Whether the verdict changed. A file the checks now refuse (limits lowered since) keeps its verdict, logged;
   * storage being away fails the batch, which the job's retry resumes.
   */
  private async checkOne(run: RecheckRun, file: FileToCheck): Promise<boolean> {
    await mkdir(this.storage.quarantineDir, { recursive: true, mode: 0o700 });
    const tmp = join(this.storage.quarantineDir, `recheck-${file.id}-${randomBytes(6).toString('hex')}.pdf`);
    try {
      await pipeline(await this.storage.open(file.storageKey), createWriteStream(tmp, { mode: 0o600 }));
      let inspected;
      try {
        inspected = await this.pdf.inspect(tmp, { refreshRevocation: run.cause === 'requested' });
      } catch (error: unknown) {
        this.logger.warn(
          `re-check run ${run.id}: file ${file.id} could not be checked, its verdict is kept: ${error instanceof Error ? error.message : String(error)}`,
        );
        return false;
      }
      const { signatures } = inspected;
      await this.ds.transaction((em) =>
        storeRecheckedVerdict(
          em,
          file.id,
          {
            verdict: signatures.verdict,
            signatures: signatures.signatures,
            signedAt: earliestVerifiedSigning(signatures),
            verifierVersion: inspected.verifierVersion,
            trustFingerprint: inspected.trustFingerprint,
            checkedAt: new Date(),
          },
          run.cause,
          run.id,
        ),
      );
      return signatures.verdict !== file.verdict;
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }
}

const FAILED_VI = 'Không kiểm tra lại được chữ ký.';
const OTHER_CONFIGURATION_VI =
  'Máy chủ xử lý đang dùng cấu hình chứng thư khác với lần yêu cầu; hãy bấm "Kiểm tra lại chữ ký" lần nữa.';

function progressVi(done: number, total: number): string {
  return `Đang kiểm tra lại chữ ký: ${done}/${total} tài liệu…`;
}

function doneVi(total: number, changed: number): string {
  return total === 0
    ? 'Không có tài liệu nào cần kiểm tra lại.'
    : `Đã kiểm tra lại ${total} tài liệu; ${changed} tài liệu có kết luận thay đổi.`;
}

function failureVi(error: unknown, id: number): string {
  if (error instanceof AppError) {
    return `${error.messageVi} Sau đó hãy bấm "Kiểm tra lại chữ ký" lần nữa.`;
  }
  return `Máy chủ gặp lỗi khi kiểm tra lại. Hãy bấm "Kiểm tra lại chữ ký" lần nữa; nếu vẫn lỗi, báo quản trị hệ thống kèm mã công việc ${id}.`;
}
