/**
 * The report job aggregate's SQL (`report_jobs`). Reads are scoped by authority in the query: another authority's
 * job is not found, like a missing id. Writes of the worker are conditional on the state they expect, so a
 * redelivered job (BullMQ delivers at least once) changes nothing once the row has ended.
 */
import { rows, write } from '@lib/database';
import type { EntityManager } from 'typeorm';
import type { JobKind } from './report-kinds';

/** `expired`: it was done, and the retention sweep removed its file (REPORT_RETENTION_DAYS). */
export type ReportJobState = 'queued' | 'running' | 'done' | 'failed' | 'expired';

export interface ReportJobRecord {
  id: number;
  authorityId: number;
  campaignId: number;
  kind: JobKind;
  revision: number | null;
  subjectId: number | null;
  /** What a publication job needs beyond its columns (the decision, the actor), as stored JSON; null otherwise. */
  params: string | null;
  requestedBy: number;
  state: ReportJobState;
  progress: number;
  doneCount: number | null;
  totalCount: number | null;
  messageVi: string;
  resultKey: string | null;
  fileName: string | null;
  contentType: string | null;
  sizeBytes: number | null;
  errorVi: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

interface RawReportJob {
  id: number;
  authority_id: number;
  campaign_id: number;
  kind: JobKind;
  revision: number | null;
  subject_id: number | null;
  params: string | null;
  requested_by: number;
  state: ReportJobState;
  progress: number;
  done_count: number | null;
  total_count: number | null;
  message_vi: string;
  result_key: string | null;
  file_name: string | null;
  content_type: string | null;
  size_bytes: number | string | null;
  error_vi: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const COLUMNS =
  'id, authority_id, campaign_id, kind, revision, subject_id, params, requested_by, state, progress, done_count, total_count, message_vi, result_key, file_name, content_type, size_bytes, error_vi, created_at, started_at, finished_at';

function mapRow(r: RawReportJob): ReportJobRecord {
  return {
    id: r.id,
    authorityId: r.authority_id,
    campaignId: r.campaign_id,
    kind: r.kind,
    revision: r.revision,
    subjectId: r.subject_id,
    params: r.params,
    requestedBy: r.requested_by,
    state: r.state,
    progress: r.progress,
    doneCount: r.done_count,
    totalCount: r.total_count,
    messageVi: r.message_vi,
    resultKey: r.result_key,
    fileName: r.file_name,
    contentType: r.content_type,
    sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
    errorVi: r.error_vi,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

/**
 * Create the job unless the same one (same `activeKey`) is queued or running; either way return the live row.
 * `created` says whether this call made it. A job that ends between the two statements frees its key, so the
 * insert is tried again once.
 */
export async function insertOrFindActive(
  em: EntityManager,
  job: {
    authorityId: number;
    campaignId: number;
    kind: JobKind;
    revision: number | null;
    subjectId: number | null;
    requestedBy: number;
    /** JSON of what a publication job needs; absent for a file. */
    params?: string;
  },
  activeKey: string,
  messageVi: string,
): Promise<{ job: ReportJobRecord; created: boolean }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const res = await write(
      em,
      'INSERT IGNORE INTO report_jobs (authority_id, campaign_id, kind, revision, subject_id, params, requested_by, message_vi, active_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        job.authorityId,
        job.campaignId,
        job.kind,
        job.revision,
        job.subjectId,
        job.params ?? null,
        job.requestedBy,
        messageVi,
        activeKey,
      ],
    );
    if (res.affectedRows === 1) {
      return { job: (await findReportJob(em, res.insertId))!, created: true };
    }
    const [live] = await rows<RawReportJob>(em, `SELECT ${COLUMNS} FROM report_jobs WHERE active_key = ?`, [activeKey]);
    if (live) {
      return { job: mapRow(live), created: false };
    }
  }
  throw new Error(`report job ${activeKey}: neither inserted nor found`);
}

/** A job of this authority (undefined for another authority's, like a missing id); no authority: the worker's read. */
export async function findReportJob(
  em: EntityManager,
  id: number,
  authorityId?: number,
): Promise<ReportJobRecord | undefined> {
  const [r] = await rows<RawReportJob>(
    em,
    `SELECT ${COLUMNS} FROM report_jobs WHERE id = ?${authorityId === undefined ? '' : ' AND authority_id = ?'}`,
    authorityId === undefined ? [id] : [id, authorityId],
  );
  return r ? mapRow(r) : undefined;
}

/**
 * A campaign's jobs of the last day, newest first: the "Tệp đang chuẩn bị" list survives leaving the page. Not the
 * consolidation jobs of the screen (one per data version viewed on a busy day): they would push the files out of
 * the newest 30.
 */
export async function recentReportJobs(
  em: EntityManager,
  campaignId: number,
  authorityId: number,
): Promise<ReportJobRecord[]> {
  const list = await rows<RawReportJob>(
    em,
    `SELECT ${COLUMNS} FROM report_jobs WHERE campaign_id = ? AND authority_id = ? AND kind <> 'consolidation'
       AND created_at >= UTC_TIMESTAMP(6) - INTERVAL 1 DAY ORDER BY id DESC LIMIT 30`,
    [campaignId, authorityId],
  );
  return list.map(mapRow);
}

/** queued → running (or a retry of a running one); false when the row has already ended. */
export async function markRunning(em: EntityManager, id: number, messageVi: string): Promise<boolean> {
  const res = await write(
    em,
    `UPDATE report_jobs SET state = 'running', progress = GREATEST(progress, 1), message_vi = ?,
       started_at = COALESCE(started_at, UTC_TIMESTAMP(6)) WHERE id = ? AND state IN ('queued', 'running')`,
    [messageVi, id],
  );
  return res.affectedRows === 1;
}

/** Progress of a running job; `count` when the job counts its work (done of total), kept as it was otherwise. */
export async function setProgress(
  em: EntityManager,
  id: number,
  progress: number,
  messageVi: string,
  count?: { done: number; total: number },
): Promise<void> {
  await write(
    em,
    `UPDATE report_jobs SET progress = ?, message_vi = ?, done_count = COALESCE(?, done_count),
       total_count = COALESCE(?, total_count) WHERE id = ? AND state = 'running'`,
    [Math.max(0, Math.min(99, Math.round(progress))), messageVi, count?.done ?? null, count?.total ?? null, id],
  );
}

export async function markDone(
  em: EntityManager,
  id: number,
  /** null: a job that writes (a publication) and yields no file. */
  file: { key: string; fileName: string; contentType: string; sizeBytes: number } | null,
  messageVi: string,
  /** How many steps the job counted, when it knows: its progress writes (on another connection) may not have landed. */
  total?: number,
): Promise<boolean> {
  const res = await write(
    em,
    // done_count = total_count: a finished job did every step. The count the job knows wins over the row's: the
    // progress write that would have set it runs on another connection, and when it comes after this transaction's
    // commit it finds the row done and writes nothing (a publication's total stayed NULL that way).
    `UPDATE report_jobs SET state = 'done', progress = 100, done_count = COALESCE(?, total_count),
       total_count = COALESCE(?, total_count), message_vi = ?, active_key = NULL, result_key = ?,
       file_name = ?, content_type = ?, size_bytes = ?, error_vi = NULL, finished_at = UTC_TIMESTAMP(6)
     WHERE id = ? AND state = 'running'`,
    [
      total ?? null,
      total ?? null,
      messageVi,
      file?.key ?? null,
      file?.fileName ?? null,
      file?.contentType ?? null,
      file?.sizeBytes ?? null,
      id,
    ],
  );
  return res.affectedRows === 1;
}

export async function markFailed(em: EntityManager, id: number, errorVi: string, messageVi: string): Promise<void> {
  await write(
    em,
    `UPDATE report_jobs SET state = 'failed', message_vi = ?, error_vi = ?, active_key = NULL,
       finished_at = UTC_TIMESTAMP(6) WHERE id = ? AND state IN ('queued', 'running')`,
    [messageVi, errorVi.slice(0, 500), id],
  );
}

/** Finished files older than the retention (days since they were done), oldest first, a batch at a time. */
export async function filesPastRetention(
  em: EntityManager,
  days: number,
  limit: number,
): Promise<Array<{ id: number; resultKey: string }>> {
  const list = await rows<{ id: number; result_key: string }>(
    em,
    `SELECT id, result_key FROM report_jobs WHERE state = 'done'
       AND finished_at < UTC_TIMESTAMP(6) - INTERVAL ? DAY ORDER BY finished_at LIMIT ?`,
    [days, limit],
  );
  return list.map((r) => ({ id: r.id, resultKey: r.result_key }));
}

/** done → expired once its file is gone: the row stays (who asked for what, when), the download link does not. */
export async function markExpired(em: EntityManager, id: number, messageVi: string): Promise<boolean> {
  const res = await write(
    em,
    "UPDATE report_jobs SET state = 'expired', message_vi = ?, result_key = NULL WHERE id = ? AND state = 'done'",
    [messageVi, id],
  );
  return res.affectedRows === 1;
}

/**
 * The newest finished job of this kind computed from exactly these inputs (`params`, e.g. a consolidation's data
 * version): its stored result is what the screen shows, without computing it again.
 */
export async function findResultFor(
  em: EntityManager,
  campaignId: number,
  kind: JobKind,
  params: string,
): Promise<ReportJobRecord | undefined> {
  const [r] = await rows<RawReportJob>(
    em,
    `SELECT ${COLUMNS} FROM report_jobs WHERE campaign_id = ? AND kind = ? AND state = 'done' AND params = ?
       AND result_key IS NOT NULL ORDER BY id DESC LIMIT 1`,
    [campaignId, kind, params],
  );
  return r ? mapRow(r) : undefined;
}

/** What a running job's result is computed from, read by the job itself (a consolidation's data version). */
export async function setJobParams(em: EntityManager, id: number, params: string): Promise<void> {
  await write(em, "UPDATE report_jobs SET params = ? WHERE id = ? AND state = 'running'", [params, id]);
}
