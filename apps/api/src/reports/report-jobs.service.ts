import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@config';
import { AppError, notFound } from '@lib/common';
import { APP_CONFIG, DATA_SOURCE } from '@lib/database';
import { JobQueue, jobId } from '@lib/workflow';
import type { DataSource, EntityManager } from 'typeorm';
import type { Readable } from 'node:stream';
import { campaignExists } from '../campaigns/campaign.queries';
import type { SessionUser } from '../common/session-user';
import { createHash } from 'node:crypto';
import { ConsolidationEngine, type Consolidation } from '../consolidation/consolidation.engine';
import { campaignUnit, campaignUnitCount, consolidationVersion } from '../consolidation/consolidation.queries';
import { findSession } from '../council/council.queries';
import { EvidenceStorage } from '../evidence/evidence-storage';
import { publicationIdOf } from '../publication/publication.queries';
import { SheetAccess } from '../sheets/sheet-access.service';
import {
  activeKeyOf,
  mayUseKind,
  REPORT_KIND_SPECS,
  isScreenJob,
  type JobKind,
  type ReportKind,
  type ReportSubject,
} from './report-kinds';
import {
  findReportJob,
  findResultFor,
  insertOrFindActive,
  recentReportJobs,
  type ReportJobRecord,
} from './report-jobs.queries';

export const QUEUED_VI = 'Đang chờ đến lượt xử lý…';

const SUBJECT_VI: Record<ReportSubject, string> = {
  unit: 'đơn vị',
  sheet: 'phiếu tự đánh giá',
  session: 'phiên họp Hội đồng',
};

/** A report job as the api shows it. */
export interface ReportJobSummary {
  id: number;
  campaignId: number;
  kind: JobKind;
  revision: number | null;
  subjectId: number | null;
  labelVi: string;
  state: ReportJobRecord['state'];
  progress: number;
  doneCount: number | null;
  totalCount: number | null;
  messageVi: string;
  errorVi: string | null;
  fileName: string | null;
  sizeBytes: number | null;
  downloadUrl: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export function summaryOf(job: ReportJobRecord): ReportJobSummary {
  return {
    id: job.id,
    campaignId: job.campaignId,
    kind: job.kind,
    revision: job.revision,
    subjectId: job.subjectId,
    labelVi: REPORT_KIND_SPECS[job.kind].labelVi,
    state: job.state,
    progress: job.progress,
    doneCount: job.doneCount,
    totalCount: job.totalCount,
    messageVi: job.messageVi,
    errorVi: job.errorVi,
    fileName: job.fileName,
    sizeBytes: job.sizeBytes,
    downloadUrl:
      job.state === 'done' && job.resultKey && !isScreenJob(job.kind) ? `/api/report-jobs/${job.id}/file` : null,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt ? job.finishedAt.toISOString() : null,
  };
}

/**
 * Create the job (or find the same one still queued or running) and (re-)add its BullMQ job with the row's id and
 * creation time as the job id: a no-op while it exists, the repair when Redis lost it — and a database restored
 * (or ids reused) while Redis still holds an old completed job of the same id does not have its new job
 * deduplicated away.
 */
export async function enqueueReportJob(
  em: EntityManager,
  jobs: JobQueue,
  job: Parameters<typeof insertOrFindActive>[1],
  activeKey: string,
): Promise<{ job: ReportJobRecord; created: boolean }> {
  const found = await insertOrFindActive(em, job, activeKey, QUEUED_VI);
  await jobs.add(
    'reports.build',
    { reportJobId: found.job.id },
    { jobId: jobId('report', found.job.id, found.job.createdAt.getTime()) },
  );
  return found;
}

/**
 * The HTTP side of report jobs: ask for a file (202 with the job to follow), follow it, download it. Nothing heavy
 * runs here: the reports process builds the file (ReportsProcessor).
 */
@Injectable()
export class ReportJobsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly storage: EvidenceStorage,
    private readonly sheets: SheetAccess,
  ) {}

  /**
   * GET …/consolidation (issue 19 item 3: no whole-campaign computation in a request that would take over a
   * second). A campaign of at most CONSOLIDATION_INLINE_MAX_UNITS units is consolidated here (well under a second).
   * A larger one is served from the stored result of a 'consolidation' job computed from the campaign's current
   * data version; without one, the job that computes it is started (or the same one still running is found) and
   * the caller follows it (202). The version is cheap (index reads, one round trip) and any change of what the
   * consolidation reads moves it, so a stored result is never served stale.
   */
  async consolidation(
    user: SessionUser,
    campaignId: number,
  ): Promise<
    | { inline: Consolidation }
    | { stored: Readable; sizeBytes: number | null }
    | { accepted: { job: ReportJobSummary; created: boolean } }
  > {
    const em = this.ds.manager;
    if (
      (await campaignUnitCount(em, campaignId, user.authorityId)) <= this.config.reports.consolidationInlineMaxUnits
    ) {
      // Small, or another authority's / no campaign: the engine answers (a 404 for the latter).
      return { inline: await new ConsolidationEngine(em).consolidate(campaignId, user.authorityId) };
    }
    const params = JSON.stringify({ version: await consolidationVersion(em, campaignId) });
    const done = await findResultFor(em, campaignId, 'consolidation', params);
    // A stored file gone missing (storage restored from an older backup) is computed again, not an error.
    const stored = done?.resultKey ? await this.storage.open(done.resultKey).catch(() => undefined) : undefined;
    if (stored) {
      return { stored, sizeBytes: done!.sizeBytes };
    }
    const inputs = createHash('sha256').update(params).digest('hex').slice(0, 24);
    const { job, created } = await enqueueReportJob(
      em,
      this.jobs,
      {
        authorityId: user.authorityId,
        campaignId,
        kind: 'consolidation',
        revision: null,
        subjectId: null,
        requestedBy: user.id,
        params,
      },
      activeKeyOf('consolidation', campaignId, null, null, inputs),
    );
    return { accepted: { job: summaryOf(job), created } };
  }

  /**
   * Start building a file, or return the same file's job that is still queued or running (a second click, a
   * second person, a reload). The BullMQ job is (re-)added either way with the row's id as its job id: a no-op
   * while it exists, and the repair when Redis lost it.
   */
  async request(
    user: SessionUser,
    campaignId: number,
    kind: ReportKind,
    revision: number | undefined,
    subjectId?: number,
  ): Promise<{ job: ReportJobSummary; created: boolean }> {
    const spec = REPORT_KIND_SPECS[kind];
    const em = this.ds.manager;
    if (!(await campaignExists(em, campaignId, user.authorityId))) {
      throw notFound('campaign');
    }
    if (!mayUseKind(kind, user.roles)) {
      throw new AppError(
        'forbidden',
        'REPORT_NOT_ALLOWED',
        `Vai trò của bạn không được tải ${spec.labelVi}; hãy nhờ Văn phòng (bộ phận tổng hợp) gửi tệp.`,
        'Your role may not download this file; ask the secretariat for it.',
      );
    }
    if (spec.needsRevision && revision === undefined) {
      throw new AppError(
        'invalid',
        'REPORT_REVISION_REQUIRED',
        'Hãy chọn bản công bố (lần ban hành) cần tải.',
        'Name the publication revision to build.',
      );
    }
    const rev = spec.needsRevision ? revision! : null;
    if (rev !== null && (await publicationIdOf(em, campaignId, rev)) === undefined) {
      throw notFound('publication');
    }
    if (spec.subject !== null && subjectId === undefined) {
      throw new AppError(
        'invalid',
        'REPORT_SUBJECT_REQUIRED',
        `Hãy chọn ${SUBJECT_VI[spec.subject]} cần tải ${spec.labelVi}.`,
        `Name the ${spec.subject} (subjectId) of this file.`,
      );
    }
    const subject = spec.subject === null ? null : subjectId!;
    if (spec.subject !== null && !(await this.subjectVisible(user, campaignId, spec.subject, subject!))) {
      throw notFound(spec.subject);
    }
    const { job, created } = await enqueueReportJob(
      em,
      this.jobs,
      { authorityId: user.authorityId, campaignId, kind, revision: rev, subjectId: subject, requestedBy: user.id },
      activeKeyOf(kind, campaignId, rev, subject),
    );
    return { job: summaryOf(job), created };
  }

  async get(user: SessionUser, id: number): Promise<ReportJobSummary> {
    return summaryOf(await this.visible(user, id));
  }

  /** The campaign's files of the last day that this caller may see. */
  async list(user: SessionUser, campaignId: number): Promise<ReportJobSummary[]> {
    if (!(await campaignExists(this.ds.manager, campaignId, user.authorityId))) {
      throw notFound('campaign');
    }
    const all = await recentReportJobs(this.ds.manager, campaignId, user.authorityId);
    const mine: ReportJobSummary[] = [];
    for (const j of all) {
      if (await this.mayRead(user, j)) {
        mine.push(summaryOf(j));
      }
    }
    return mine;
  }

  /** The finished file, streamed from storage; 409 in Vietnamese while it is still being made or it failed. */
  async open(
    user: SessionUser,
    id: number,
  ): Promise<{ stream: Readable; fileName: string; contentType: string; sizeBytes: number | null; kind: JobKind }> {
    const job = await this.visible(user, id);
    if (isScreenJob(job.kind)) {
      // A screen's computation (the consolidated table as JSON) is shown by its screen, not downloaded as a file.
      throw notFound('report file');
    }
    if (job.state === 'expired') {
      throw new AppError(
        'conflict',
        'REPORT_EXPIRED',
        'Tệp đã quá thời hạn lưu giữ nên đã được xoá; hãy bấm "Tạo lại tệp" để tạo tệp mới.',
        'The file was removed after its retention period; request it again.',
      );
    }
    if (job.state !== 'done' || !job.resultKey) {
      throw new AppError(
        'conflict',
        'REPORT_NOT_READY',
        job.state === 'failed'
          ? `Tệp không tạo được: ${job.errorVi ?? ''} Hãy bấm "Tạo lại tệp".`.replace('  ', ' ')
          : `Tệp đang được chuẩn bị (${job.progress}%); hãy chờ đến khi nút "Tải về" hiện ra.`,
        job.state === 'failed' ? 'The file could not be built; request it again.' : 'The file is still being built.',
      );
    }
    const stream = await this.storage.open(job.resultKey);
    return { stream, fileName: job.fileName!, contentType: job.contentType!, sizeBytes: job.sizeBytes, kind: job.kind };
  }

  /** Another authority's job, or a kind this caller's roles may not read: 404, like a missing id. */
  private async visible(user: SessionUser, id: number): Promise<ReportJobRecord> {
    const job = await findReportJob(this.ds.manager, id, user.authorityId);
    if (!job || !(await this.mayRead(user, job))) {
      throw notFound('report job');
    }
    return job;
  }

  /**
   * The kind's roles, and for a job about one subject, that subject as this caller may see it now: a unit officer
   * follows the evidence ZIP of a sheet of their unit, never another unit's (a job is shared by whoever asks for the
   * same file, so the requester alone does not decide).
   */
  private async mayRead(user: SessionUser, job: ReportJobRecord): Promise<boolean> {
    const subject = REPORT_KIND_SPECS[job.kind].subject;
    return (
      mayUseKind(job.kind, user.roles) &&
      (subject === null ||
        job.subjectId === null ||
        (await this.subjectVisible(user, job.campaignId, subject, job.subjectId)))
    );
  }

  /** Whether the subject is of this campaign (of the caller's authority) and the caller may read it. */
  private async subjectVisible(
    user: SessionUser,
    campaignId: number,
    subject: ReportSubject,
    id: number,
  ): Promise<boolean> {
    const em = this.ds.manager;
    switch (subject) {
      case 'unit':
        // Wide roles only (REPORT_KIND_SPECS): any unit of a campaign of their authority.
        return (await campaignUnit(em, campaignId, id)) !== undefined;
      case 'session':
        return (await findSession(em, id, campaignId, user.authorityId)) !== undefined;
      case 'sheet': {
        const sheet = await this.sheets.findReadable(user, id).catch((e: unknown) => {
          if (e instanceof AppError && e.kind === 'notFound') {
            return undefined;
          }
          throw e;
        });
        return sheet?.campaignId === campaignId;
      }
    }
  }
}
