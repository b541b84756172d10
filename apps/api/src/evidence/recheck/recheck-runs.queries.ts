/**
 * Re-checks of stored evidence (issue 18 item 6): the `evidence_recheck_runs` rows and the files a run covers.
 * Writes of the processor are conditional on the state they expect, so a redelivered job changes nothing once
 * the row has ended; which files are left is a predicate on evidence_files, so a retry resumes where it stopped.
 */
import { rows, write } from '@lib/database';
import type { EntityManager } from 'typeorm';

export type RecheckState = 'queued' | 'running' | 'done' | 'failed';
/** 'trustChanged': the reports process started under a new key; 'requested': the secretariat asked. */
export type RecheckCause = 'trustChanged' | 'requested';

export interface RecheckRun {
  id: number;
  /** null: every stored file (a process start); else the files of this authority's sheets. */
  authorityId: number | null;
  cause: RecheckCause;
  trustFingerprint: string;
  verifierVersion: string;
  requestedBy: number | null;
  state: RecheckState;
  total: number | null;
  done: number;
  changed: number;
  messageVi: string;
  errorVi: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

interface RawRun {
  id: number;
  authority_id: number | null;
  cause: RecheckCause;
  trust_fingerprint: string;
  verifier_version: string;
  requested_by: number | null;
  state: RecheckState;
  total: number | null;
  done: number;
  changed: number;
  message_vi: string;
  error_vi: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const COLUMNS =
  'id, authority_id, cause, trust_fingerprint, verifier_version, requested_by, state, total, done, changed, message_vi, error_vi, created_at, started_at, finished_at';

function mapRun(r: RawRun): RecheckRun {
  return {
    id: r.id,
    authorityId: r.authority_id,
    cause: r.cause,
    trustFingerprint: r.trust_fingerprint,
    verifierVersion: r.verifier_version,
    requestedBy: r.requested_by,
    state: r.state,
    total: r.total === null ? null : Number(r.total),
    done: Number(r.done),
    changed: Number(r.changed),
    messageVi: r.message_vi,
    errorVi: r.error_vi,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

/** The business key of a live run: one re-check per new key, one requested re-check per authority at a time. */
export function activeKeyOf(
  run: Pick<RecheckRun, 'cause' | 'authorityId' | 'trustFingerprint' | 'verifierVersion'>,
): string {
  return run.cause === 'trustChanged'
    ? `trust-${run.verifierVersion}-${run.trustFingerprint}`.slice(0, 120)
    : `requested-${run.authorityId ?? 0}`;
}

/** Create the run unless the same one is queued or running; either way the live row, and whether this call made it. */
export async function insertOrFindActiveRun(
  em: EntityManager,
  run: Pick<RecheckRun, 'authorityId' | 'cause' | 'trustFingerprint' | 'verifierVersion' | 'requestedBy'>,
  messageVi: string,
): Promise<{ run: RecheckRun; created: boolean }> {
  const key = activeKeyOf(run);
  for (let attempt = 0; attempt < 3; attempt++) {
    const res = await write(
      em,
      `INSERT IGNORE INTO evidence_recheck_runs (authority_id, cause, trust_fingerprint, verifier_version, requested_by, message_vi, active_key)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [run.authorityId, run.cause, run.trustFingerprint, run.verifierVersion, run.requestedBy, messageVi, key],
    );
    if (res.affectedRows === 1) {
      return { run: (await findRun(em, res.insertId))!, created: true };
    }
    const [live] = await rows<RawRun>(em, `SELECT ${COLUMNS} FROM evidence_recheck_runs WHERE active_key = ?`, [key]);
    if (live) {
      return { run: mapRun(live), created: false };
    }
  }
  throw new Error(`evidence re-check ${key}: neither inserted nor found`);
}

/**
 * A run visible to this authority (its own requested runs and the process-start runs, which cover its files too);
 * no authority: the processor's read.
 */
export async function findRun(em: EntityManager, id: number, authorityId?: number): Promise<RecheckRun | undefined> {
  const [r] = await rows<RawRun>(
    em,
    `SELECT ${COLUMNS} FROM evidence_recheck_runs WHERE id = ?${
      authorityId === undefined ? '' : ' AND (authority_id = ? OR authority_id IS NULL)'
    }`,
    authorityId === undefined ? [id] : [id, authorityId],
  );
  return r ? mapRun(r) : undefined;
}

/** The authority's runs of the last day (and the process-start ones), newest first. */
export async function recentRuns(em: EntityManager, authorityId: number): Promise<RecheckRun[]> {
  const list = await rows<RawRun>(
    em,
    `SELECT ${COLUMNS} FROM evidence_recheck_runs WHERE (authority_id = ? OR authority_id IS NULL)
       AND created_at >= UTC_TIMESTAMP(6) - INTERVAL 1 DAY ORDER BY id DESC LIMIT 10`,
    [authorityId],
  );
  return list.map(mapRun);
}

/** The key the reports process last started with (its newest trustChanged run). */
export async function latestAnnouncedKey(
  em: EntityManager,
): Promise<{ trustFingerprint: string; verifierVersion: string } | undefined> {
  const [r] = await rows<{ trust_fingerprint: string; verifier_version: string }>(
    em,
    "SELECT trust_fingerprint, verifier_version FROM evidence_recheck_runs WHERE cause = 'trustChanged' ORDER BY id DESC LIMIT 1",
  );
  return r && { trustFingerprint: r.trust_fingerprint, verifierVersion: r.verifier_version };
}

/** The file a run still has to check: id, where it is stored, and its current verdict. */
export interface FileToCheck {
  id: number;
  storageKey: string;
  verdict: string;
}

/**
 * The predicate on evidence_files `f` of the files a run covers and has not checked yet. Only files some document
 * refers to (a file whose documents were all removed is nobody's evidence). A process-start run: every file whose
 * verdict is under another key. A requested run: the authority's files not checked since the run was asked for
 * (a revocation that became known changes nothing in the configuration, so the key alone cannot tell).
 */
function pendingSql(run: RecheckRun): { sql: string; params: unknown[] } {
  if (run.authorityId === null) {
    return {
      sql: `EXISTS (SELECT 1 FROM evidence e WHERE e.file_id = f.id)
        AND NOT (f.trust_fingerprint <=> ? AND f.verifier_version <=> ?)`,
      params: [run.trustFingerprint, run.verifierVersion],
    };
  }
  return {
    sql: `EXISTS (SELECT 1 FROM evidence e JOIN score_sheets s ON s.id = e.sheet_id JOIN campaigns c ON c.id = s.campaign_id
                   WHERE e.file_id = f.id AND c.authority_id = ?)
        AND (f.checked_at IS NULL OR f.checked_at < ?)`,
    params: [run.authorityId, run.createdAt],
  };
}

export async function countPending(em: EntityManager, run: RecheckRun): Promise<number> {
  const p = pendingSql(run);
  const [r] = await rows<{ n: number | string }>(
    em,
    `SELECT COUNT(*) AS n FROM evidence_files f WHERE ${p.sql}`,
    p.params,
  );
  return Number(r.n);
}

/** The next batch after `afterId` (a file that could not be checked is passed over, not retried in this attempt). */
export async function nextBatch(
  em: EntityManager,
  run: RecheckRun,
  afterId: number,
  size: number,
): Promise<FileToCheck[]> {
  const p = pendingSql(run);
  const found = await rows<{ id: number; storage_key: string; signature_verdict: string }>(
    em,
    `SELECT f.id, f.storage_key, f.signature_verdict FROM evidence_files f WHERE f.id > ? AND ${p.sql}
      ORDER BY f.id LIMIT ${Math.max(1, Math.floor(size))}`,
    [afterId, ...p.params],
  );
  return found.map((r) => ({ id: r.id, storageKey: r.storage_key, verdict: r.signature_verdict }));
}

/** Whether any referenced file's verdict is under another key than this one. */
export async function anyStale(
  em: EntityManager,
  key: { trustFingerprint: string; verifierVersion: string },
): Promise<boolean> {
  const [r] = await rows<{ id: number }>(
    em,
    `SELECT f.id FROM evidence_files f WHERE EXISTS (SELECT 1 FROM evidence e WHERE e.file_id = f.id)
        AND NOT (f.trust_fingerprint <=> ? AND f.verifier_version <=> ?) LIMIT 1`,
    [key.trustFingerprint, key.verifierVersion],
  );
  return r !== undefined;
}

/** queued → running (or a retry of a running one), with the total counted once; false when the row has ended. */
export async function markRunRunning(
  em: EntityManager,
  id: number,
  total: number,
  messageVi: string,
): Promise<boolean> {
  const res = await write(
    em,
    `UPDATE evidence_recheck_runs SET state = 'running', total = COALESCE(total, ?), message_vi = ?,
       started_at = COALESCE(started_at, UTC_TIMESTAMP(6)) WHERE id = ? AND state IN ('queued', 'running')`,
    [total, messageVi, id],
  );
  return res.affectedRows === 1;
}

export async function addRunProgress(
  em: EntityManager,
  id: number,
  progress: { done: number; changed: number },
  messageVi: string,
): Promise<void> {
  await write(
    em,
    `UPDATE evidence_recheck_runs SET done = LEAST(COALESCE(total, 0), done + ?), changed = changed + ?, message_vi = ?
      WHERE id = ? AND state = 'running'`,
    [progress.done, progress.changed, messageVi, id],
  );
}

export async function markRunDone(em: EntityManager, id: number, messageVi: string): Promise<void> {
  await write(
    em,
    `UPDATE evidence_recheck_runs SET state = 'done', done = COALESCE(total, done), message_vi = ?, active_key = NULL,
       error_vi = NULL, finished_at = UTC_TIMESTAMP(6) WHERE id = ? AND state = 'running'`,
    [messageVi, id],
  );
}

export async function markRunFailed(em: EntityManager, id: number, errorVi: string, messageVi: string): Promise<void> {
  await write(
    em,
    `UPDATE evidence_recheck_runs SET state = 'failed', message_vi = ?, error_vi = ?, active_key = NULL,
       finished_at = UTC_TIMESTAMP(6) WHERE id = ? AND state IN ('queued', 'running')`,
    [messageVi, errorVi.slice(0, 500), id],
  );
}
