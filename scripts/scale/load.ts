// `npm run load`: the deadline-day rush of issue 19 against the national fixture (`npm run seed:scale` first).
// Starts LOAD_APIS api and LOAD_WORKERS worker processes (default 2 + 2) on the fixture's database, then for
// LOAD_SECONDS drives unit officers (open the sheet, save batches of entries, upload 1 MB signed PDFs, submit),
// appraisers (inbox, claim, open, score, complete) and leaders (progress and "Ai đang chậm?" dashboards). Baselines
// in the same run: /health/live and the bare SQL of the same save at the same concurrency. Afterwards every accepted
// save, upload and submission is checked against MySQL; the run exits 1 if anything was lost or duplicated.
// Every non-2xx answer is reported by kind, status and error code with its Vietnamese message; the refusals the
// rush provokes by design (EXPECTED_REFUSALS) are counted apart from the ones nobody predicted.
// Results: bench/load-results.json (LOAD_RESULTS to move it) and a table on stdout.
import 'reflect-metadata';
import { processEnv, repoRoot } from '@config';
import { reportStartupFailure } from '@lib/common';
import { openDataSource, rows } from '@lib/database';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { createPool } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { SessionService } from '../../apps/api/src/app.factory';
import { scaleConfig, scaleEnv, smallSignedPdf } from './fixture';
import {
  readProbe,
  resetProbes,
  startProcess,
  stopProcess,
  waitProbe,
  waitReady,
  type ProbeReading,
  type RunningProcess,
} from './processes';
import { scaleOptionsFromEnv } from './seed-scale';

export interface LoadOptions {
  databaseUrl: string;
  uploadDir: string;
  queuePrefix: string;
  apis: number;
  workers: number;
  firstPort: number;
  seconds: number;
  /** The rush goes on past `seconds` (up to 10×) until this many sheets are submitted; 0 for a fixed length. */
  minSubmitted: number;
  baselineSeconds: number;
  officers: number;
  appraisers: number;
  leaders: number;
  /** Distinct 1 MB signed PDFs prepared before the rush (each sheet gets any one of them at most once). */
  uploadPool: number;
  uploadBytes: number;
  /** How long to wait for the workers to route every submitted sheet. */
  drainSeconds: number;
  resultsFile: string;
  log?: (line: string) => void;
  onPhase?: (phase: PhaseFigures) => void;
}

export interface KindFigures {
  kind: string;
  requests: number;
  ok: number;
  /** 4xx answers the rush is bound to provoke (see EXPECTED_REFUSALS): counted apart from errors and refusals. */
  expected: number;
  /** Other 4xx answers: refusals nobody predicted — each one is a question for the product or the script. */
  refused: number;
  /** 5xx answers and failed connections. */
  errors: number;
  errorRate: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
  /** Every non-2xx answer by status and error code, with the Vietnamese message the user saw, most frequent first. */
  answers: AnswerFigures[];
}

export interface AnswerFigures {
  status: string;
  code: string;
  count: number;
  messageVi: string;
  /** Why the rush provokes it, when it is an expected refusal; absent for an unexpected one. */
  expected?: string;
}

/**
 * Refusals the rush provokes by design, per request kind and error code, with why. Everything else that is 4xx
 * counts as `refused` and is a finding to examine, never noise to accept.
 */
export const EXPECTED_REFUSALS: Record<string, Record<string, string>> = {
  'task.claim': {
    ALREADY_CLAIMED:
      'two appraisers of one organisation took the same task from their inbox; the later claim is told who holds it',
  },
};

export interface PhaseFigures {
  name: string;
  seconds: number;
  concurrency: number;
  kinds: KindFigures[];
  eventLoop: Array<{ process: string } & Omit<ProbeReading, 'pid' | 'generation' | 'at'>>;
  mysql: Record<string, number>;
  /** Row-lock waits seen in the 500 ms samples (INNODB_LOCK_WAITS): the table and index waited on, and the statement. */
  lockWaits: Array<{ where: string; samples: number }>;
  redis: { calls: number; perSecond: number; top: Array<{ command: string; calls: number }> };
}

export interface LoadReport {
  startedAt: string;
  /** The machine is shared: its load average at the start and the end of the run says how much was ours. */
  machine: { cpus: number; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  processes: { apis: number; workers: number };
  fixture: { authorities: number; sheets: number; draftSheets: number };
  phases: PhaseFigures[];
  ratios: Record<string, number>;
  costs: Record<string, number>;
  check: {
    ok: boolean;
    acceptedSaves: number;
    entriesChecked: number;
    acceptedUploads: number;
    submitted: number;
    routedSheets: number;
    tasksCompleted: number;
    problems: string[];
  };
}

// ───────────────────────────── measuring ─────────────────────────────

class Recorder {
  private readonly samples = new Map<string, number[]>();
  private readonly statuses = new Map<string, Map<string, number>>();
  /** kind → "status code" → count and the first Vietnamese message seen. */
  private readonly answers = new Map<string, Map<string, { count: number; messageVi: string }>>();

  record(kind: string, ms: number, status: number | 'network', error?: { code: string; messageVi: string }): void {
    (this.samples.get(kind) ?? this.samples.set(kind, []).get(kind)!).push(ms);
    const s = this.statuses.get(kind) ?? this.statuses.set(kind, new Map()).get(kind)!;
    s.set(String(status), (s.get(String(status)) ?? 0) + 1);
    if (status === 'network' || status >= 300) {
      const a = this.answers.get(kind) ?? this.answers.set(kind, new Map()).get(kind)!;
      const key = `${status} ${error?.code ?? '-'}`;
      const seen = a.get(key) ?? a.set(key, { count: 0, messageVi: error?.messageVi ?? '' }).get(key)!;
      seen.count++;
    }
  }

  figures(seconds: number): KindFigures[] {
    return [...this.samples.entries()].map(([kind, ms]) => {
      const sorted = [...ms].sort((a, b) => a - b);
      const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
      const statuses = Object.fromEntries(this.statuses.get(kind)!);
      const count = (pred: (code: string) => boolean) =>
        Object.entries(statuses)
          .filter(([c]) => pred(c))
          .reduce((a, [, n]) => a + n, 0);
      const errors = count((c) => c === 'network' || c.startsWith('5'));
      const answers: AnswerFigures[] = [...(this.answers.get(kind)?.entries() ?? [])]
        .map(([key, a]) => {
          const [status, code] = key.split(' ');
          const why = status.startsWith('4') ? EXPECTED_REFUSALS[kind]?.[code] : undefined;
          return { status, code, count: a.count, messageVi: a.messageVi, ...(why ? { expected: why } : {}) };
        })
        .sort((a, b) => b.count - a.count);
      const expected = answers.filter((a) => a.expected).reduce((n, a) => n + a.count, 0);
      return {
        kind,
        requests: ms.length,
        ok: count((c) => c.startsWith('2')),
        expected,
        refused: count((c) => c.startsWith('4')) - expected,
        errors,
        errorRate: round(errors / Math.max(1, ms.length), 4),
        perSecond: round(ms.length / seconds, 1),
        p50: at(0.5),
        p95: at(0.95),
        p99: at(0.99),
        max: round(sorted[sorted.length - 1] ?? 0),
        statuses,
        answers,
      };
    });
  }
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

interface Session {
  cookie: string;
  csrf: string;
}

/** One HTTP call, timed and recorded by kind; the body parsed when it is JSON. */
async function call<T>(
  rec: Recorder,
  kind: string,
  base: string,
  session: Session | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T | null }> {
  const headers: Record<string, string> = {};
  if (session) {
    headers.cookie = session.cookie;
    if (method !== 'GET') {
      headers['x-csrf-token'] = session.csrf;
    }
  }
  let payload: RequestInit['body'];
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const t0 = performance.now();
  try {
    const res = await fetch(`${base}${path}`, { method, headers, body: payload });
    const text = await res.text();
    const ms = performance.now() - t0;
    let parsed: T | null = null;
    if (text && (res.headers.get('content-type') ?? '').includes('json')) {
      parsed = JSON.parse(text) as T;
    }
    // Error answers carry { error: { code, messageVi } } (HttpErrorFilter): kept so the report can say which.
    const error = res.ok ? undefined : (parsed as { error?: { code: string; messageVi: string } } | null)?.error;
    rec.record(kind, ms, res.status, error);
    return { status: res.status, body: parsed };
  } catch {
    rec.record(kind, performance.now() - t0, 'network');
    return { status: 0, body: null };
  }
}

async function mysqlStatus(ds: DataSource): Promise<Record<string, number>> {
  const found = await rows<{ Variable_name: string; Value: string }>(
    ds.manager,
    "SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Com_select', 'Com_insert', 'Com_update', 'Com_delete', 'Com_commit', 'Innodb_row_lock_waits', 'Innodb_row_lock_time', 'Innodb_deadlocks', 'Threads_running', 'Innodb_rows_read', 'Innodb_rows_inserted', 'Innodb_rows_updated')",
  );
  return Object.fromEntries(found.map((r) => [r.Variable_name, Number(r.Value)]));
}

/**
 * The row locks being waited for right now in this database: "table.index mode ← waiting statement ⟂ blocker's
 * statement (or what it holds when it sits between statements)" — enough to tell who serialises on what.
 */
async function lockWaits(ds: DataSource): Promise<string[]> {
  const found = await rows<{
    tbl: string | null;
    idx: string | null;
    mode: string | null;
    waiting: string | null;
    blocking: string | null;
    blockingMode: string | null;
  }>(
    ds.manager,
    `SELECT l.lock_table AS tbl, l.lock_index AS idx, l.lock_mode AS mode, r.trx_query AS waiting,
            b.trx_query AS blocking, bl.lock_mode AS blockingMode
       FROM information_schema.INNODB_LOCK_WAITS w
       JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id
       LEFT JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id
       LEFT JOIN information_schema.INNODB_LOCKS l ON l.lock_id = w.requested_lock_id
       LEFT JOIN information_schema.INNODB_LOCKS bl ON bl.lock_id = w.blocking_lock_id
      WHERE l.lock_table LIKE CONCAT('\`', DATABASE(), '\`.%')`,
  );
  // Literals out (statements arrive with their values in), so one statement shape counts as one row.
  const sql = (q: string | null, n: number) =>
    (q ?? '')
      .replace(/'(?:[^'\\]|\\.)*'/g, '?')
      .replace(/\b\d+\b/g, '?')
      .replace(/\s+/g, ' ')
      .slice(0, n);
  return found.map(
    (r) =>
      `${(r.tbl ?? '?').replace(/^`[^`]+`\./, '')} ${r.idx ?? ''} ${r.mode ?? ''} ← ${sql(r.waiting, 100)} ⟂ ${r.blockingMode ?? ''} held by ${r.blocking ? sql(r.blocking, 100) : '(between statements)'}`,
  );
}

async function redisCommandStats(redis: Redis): Promise<Map<string, number>> {
  const info = await redis.info('commandstats');
  const out = new Map<string, number>();
  for (const line of info.split('\n')) {
    const m = /^cmdstat_([^:]+):calls=(\d+)/.exec(line.trim());
    if (m) {
      out.set(m[1], Number(m[2]));
    }
  }
  return out;
}

/**
 * Runs `body` for one phase with the figures around it: probes reset before, read after; MySQL status and
 * Redis command counters as deltas; Threads_running sampled every 500 ms (its mean and max).
 */
async function measured(
  name: string,
  concurrency: number,
  procs: RunningProcess[],
  ds: DataSource,
  redis: Redis,
  body: (rec: Recorder) => Promise<void>,
): Promise<PhaseFigures> {
  const rec = new Recorder();
  await resetProbes(procs);
  const mysqlBefore = await mysqlStatus(ds);
  const redisBefore = await redisCommandStats(redis);
  const running: number[] = [];
  const waits = new Map<string, number>();
  const sampler = setInterval(() => {
    void mysqlStatus(ds).then(
      (s) => running.push(s.Threads_running),
      () => undefined,
    );
    void lockWaits(ds).then(
      (found) => found.forEach((w) => waits.set(w, (waits.get(w) ?? 0) + 1)),
      () => undefined,
    );
  }, 500);
  const t0 = Date.now();
  await body(rec);
  const seconds = (Date.now() - t0) / 1000;
  clearInterval(sampler);
  const after = Date.now();
  const mysqlAfter = await mysqlStatus(ds);
  const redisAfter = await redisCommandStats(redis);
  const eventLoop: PhaseFigures['eventLoop'] = [];
  for (const p of procs) {
    const r = await readProbe(p, after);
    if (r) {
      eventLoop.push({ process: p.name, wallMs: r.wallMs, cpuMs: r.cpuMs, rssMb: r.rssMb, delayMs: r.delayMs });
    }
  }
  const mysql: Record<string, number> = {};
  for (const key of Object.keys(mysqlAfter).filter((k) => k !== 'Threads_running')) {
    mysql[`${key}/s`] = round((mysqlAfter[key] - (mysqlBefore[key] ?? 0)) / seconds, 1);
  }
  mysql['Innodb_row_lock_waits'] = mysqlAfter.Innodb_row_lock_waits - mysqlBefore.Innodb_row_lock_waits;
  // Deadlocks InnoDB broke by rolling one side back: the runner retries its own, any other write answers 409.
  mysql['Innodb_deadlocks'] = (mysqlAfter.Innodb_deadlocks ?? 0) - (mysqlBefore.Innodb_deadlocks ?? 0);
  mysql['Threads_running mean'] = round(running.reduce((a, b) => a + b, 0) / Math.max(1, running.length), 1);
  mysql['Threads_running max'] = Math.max(0, ...running);
  const deltas = [...redisAfter.entries()]
    .map(([command, calls]) => ({ command, calls: calls - (redisBefore.get(command) ?? 0) }))
    .filter((d) => d.calls > 0)
    .sort((a, b) => b.calls - a.calls);
  const calls = deltas.reduce((a, d) => a + d.calls, 0);
  return {
    name,
    seconds: round(seconds, 1),
    concurrency,
    kinds: rec.figures(seconds),
    eventLoop,
    mysql,
    lockWaits: [...waits.entries()]
      .map(([where, samples]) => ({ where, samples }))
      .sort((a, b) => b.samples - a.samples)
      .slice(0, 6),
    redis: { calls, perSecond: round(calls / seconds, 1), top: deltas.slice(0, 8) },
  };
}

// ───────────────────────────── the rush ─────────────────────────────

interface SheetRow {
  id: number;
  campaign_id: number;
  officer: number;
  authority: string;
}

interface Tally {
  /** sheet → code → last accepted self score (milli) in the order the server accepted them. */
  saves: Map<number, Map<string, number>>;
  acceptedSaves: number;
  uploads: Array<{ sheetId: number; evidenceId: number; codes: string[] }>;
  submitted: Set<number>;
  completedTasks: Set<number>;
  /** This run's documents carry it in their summary, so earlier runs on the same fixture are not counted. */
  runTag: string;
  /** appraisal_tasks.id before the rush: tasks above it were routed during this run. */
  tasksBefore: number;
}

interface SheetNodeView {
  code: string;
  leaf: boolean;
  selfPoints?: number | null;
  children?: SheetNodeView[];
}

const leavesOf = (nodes: SheetNodeView[]): SheetNodeView[] =>
  nodes.flatMap((n) => (n.leaf ? [n] : leavesOf(n.children ?? [])));

async function sessionFor(sessions: SessionService, userId: number): Promise<Session> {
  const s = await sessions.create(userId, { ip: '127.0.0.1', userAgent: 'par-index-load' });
  return { cookie: `par_session=${s.token}`, csrf: s.csrfToken };
}

async function rush(
  o: LoadOptions,
  rec: Recorder,
  bases: string[],
  queue: SheetRow[],
  appraiserUsers: Array<{ id: number; campaign_id: number }>,
  leaderUsers: Array<{ id: number; campaign_id: number }>,
  confirmers: Map<number, number>,
  sessions: SessionService,
  pdfs: Buffer[],
  tally: Tally,
): Promise<void> {
  const until = Date.now() + o.seconds * 1000;
  // On a starved machine a few seconds may not see one sheet through: keep going (up to 10× longer) until
  // `minSubmitted` sheets are in, so a short run still exercises submission and routing.
  const hardUntil = until + 9 * o.seconds * 1000;
  const running = () => Date.now() < until || (tally.submitted.size < o.minSubmitted && Date.now() < hardUntil);
  let next = 0;
  let uploadNo = 0;
  const base = (i: number) => bases[i % bases.length];

  const officer = async (vu: number) => {
    while (running() && next < queue.length) {
      const sheet = queue[next++];
      const session = await sessionFor(sessions, sheet.officer);
      const url = base(vu + next);
      const opened = await call<{ nodes: SheetNodeView[] }>(
        rec,
        'sheet.open',
        url,
        session,
        'GET',
        `/api/sheets/${sheet.id}`,
      );
      if (!opened.body) {
        continue;
      }
      const leaves = leavesOf(opened.body.nodes);
      const open = leaves.filter((l) => l.selfPoints === null || l.selfPoints === undefined).map((l) => l.code);
      // Re-saves of scored leaves too: officers correct figures on the last day.
      const edits = leaves.filter((l) => !open.includes(l.code)).map((l) => l.code);
      const batches: string[][] = [];
      for (let i = 0; i < open.length; i += 10) {
        batches.push(open.slice(i, i + 10));
      }
      batches.push(edits.slice(0, 10));
      let uploaded = false;
      for (const [b, codes] of batches.entries()) {
        if (!running()) {
          return;
        }
        const values = codes.map((code, k) => ({ code, milli: ((sheet.id + b + k) % 5) * 250 }));
        const saved = await call(rec, 'entries.save', url, session, 'PUT', `/api/sheets/${sheet.id}/entries`, {
          entries: values.map((v) => ({
            code: v.code,
            selfPoints: v.milli / 1000,
            explanation: 'Đã hoàn thành theo kế hoạch (thử tải ngày cuối).',
          })),
        });
        if (saved.status === 200) {
          tally.acceptedSaves++;
          const m = tally.saves.get(sheet.id) ?? tally.saves.set(sheet.id, new Map()).get(sheet.id)!;
          for (const v of values) {
            m.set(v.code, v.milli);
          }
        }
        if (!uploaded && codes.length > 0) {
          uploaded = true;
          const n = uploadNo++;
          const form = new FormData();
          const linked = codes.slice(0, 2);
          linked.forEach((c) => form.append('criterionCodes', c));
          form.append('documentType', 'BC');
          form.append('documentNumber', `${1000 + n}/BC-UBND`);
          form.append('issuedOn', '20/11/2025');
          form.append('issuingBody', 'Ủy ban nhân dân');
          form.append('summary', `Báo cáo kết quả CCHC năm 2025 (thử tải ${tally.runTag})`);
          form.append(
            'file',
            new Blob([new Uint8Array(pdfs[n % pdfs.length])], { type: 'application/pdf' }),
            `bc-${n}.pdf`,
          );
          const up = await call<{ id: number }>(
            rec,
            'evidence.upload',
            url,
            session,
            'POST',
            `/api/sheets/${sheet.id}/evidence`,
            form,
          );
          if (up.status === 201 && up.body) {
            tally.uploads.push({ sheetId: sheet.id, evidenceId: up.body.id, codes: linked });
          }
        }
      }
      const submitted = await call(rec, 'sheet.submit', url, session, 'POST', `/api/sheets/${sheet.id}/submit`);
      if (submitted.status === 200) {
        tally.submitted.add(sheet.id);
      }
    }
  };

  const appraiser = async (vu: number) => {
    const user = appraiserUsers[vu % appraiserUsers.length];
    const session = await sessionFor(sessions, user.id);
    const url = base(vu);
    while (running()) {
      const page = await call<{ items: Array<{ id: number }> }>(
        rec,
        'inbox.list',
        url,
        session,
        'GET',
        `/api/inbox/tasks?view=unclaimed&campaignId=${user.campaign_id}`,
      );
      const task = page.body?.items[vu % Math.max(1, page.body.items.length)];
      if (!task) {
        // Nothing routed yet: an appraiser looks again a little later, not in a tight loop.
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      const claimed = await call(rec, 'task.claim', url, session, 'POST', `/api/inbox/tasks/${task.id}/claim`);
      if (claimed.status !== 200 && claimed.status !== 201) {
        continue;
      }
      const detail = await call<{
        leaves: Array<{ code: string; selfPoints: number | null }>;
        conflictOfInterest: boolean;
        confirmed: unknown;
      }>(rec, 'task.open', url, session, 'GET', `/api/appraisal/tasks/${task.id}`);
      const scored = await call(rec, 'task.score', url, session, 'PUT', `/api/appraisal/tasks/${task.id}/scores`, {
        scores: (detail.body?.leaves ?? []).map((l) => ({
          code: l.code,
          points: l.selfPoints ?? 0,
          comment: 'Phù hợp tài liệu kiểm chứng.',
        })),
      });
      if (scored.status !== 200) {
        continue;
      }
      // A conflict of interest (the appraising organisation is also the unit appraised) is completed only after
      // the designated organisation confirms the scores (409 CONFIRMATION_REQUIRED otherwise): the secretariat
      // does, as it would on the day, before the appraiser completes.
      if (detail.body?.conflictOfInterest && !detail.body.confirmed) {
        const confirmer = confirmers.get(user.campaign_id);
        const confirmed =
          confirmer === undefined
            ? null
            : await call(
                rec,
                'task.confirm',
                url,
                await sessionFor(sessions, confirmer),
                'POST',
                `/api/appraisal/tasks/${task.id}/confirm`,
                { note: 'Đã đối chiếu tài liệu kiểm chứng (thử tải).' },
              );
        if (confirmed?.status !== 200) {
          continue;
        }
      }
      const done = await call(rec, 'task.complete', url, session, 'POST', `/api/appraisal/tasks/${task.id}/complete`);
      if (done.status === 200 || done.status === 201) {
        tally.completedTasks.add(task.id);
      }
    }
  };

  const leader = async (vu: number) => {
    const user = leaderUsers[vu % leaderUsers.length];
    const session = await sessionFor(sessions, user.id);
    const url = base(vu + 1);
    for (let i = 0; running(); i++) {
      if (i % 2 === 0) {
        await call(rec, 'dashboard.progress', url, session, 'GET', `/api/campaigns/${user.campaign_id}/progress`);
      } else {
        await call(rec, 'dashboard.behind', url, session, 'GET', `/api/campaigns/${user.campaign_id}/progress/behind`);
      }
      // A dashboard polls; it does not spin.
      await new Promise((r) => setTimeout(r, 1000));
    }
  };

  await Promise.all([
    ...Array.from({ length: o.officers }, (_, i) => officer(i)),
    ...Array.from({ length: o.appraisers }, (_, i) => appraiser(i)),
    ...Array.from({ length: o.leaders }, (_, i) => leader(i)),
  ]);
}

// ───────────────────────────── checks ─────────────────────────────

async function waitRouted(ds: DataSource, submitted: Set<number>, seconds: number): Promise<void> {
  const until = Date.now() + seconds * 1000;
  const ids = [...submitted];
  while (ids.length > 0 && Date.now() < until) {
    const [pending] = await rows<{ n: number }>(
      ds.manager,
      'SELECT COUNT(*) AS n FROM outbox WHERE relayed_at IS NULL',
    );
    const [routed] = await rows<{ n: number }>(
      ds.manager,
      `SELECT COUNT(DISTINCT sheet_id) AS n FROM appraisal_tasks WHERE sheet_id IN (${ids.map(() => '?').join(',')})`,
      ids,
    );
    if (Number(pending.n) === 0 && Number(routed.n) === ids.length) {
      // One more look after the routing jobs in flight have had a moment to finish their last areas.
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Every accepted write present once, every submitted sheet routed once; the problems found, in words. */
async function check(ds: DataSource, tally: Tally, areasPerSheet: number): Promise<LoadReport['check']> {
  const problems: string[] = [];
  let entriesChecked = 0;
  for (const [sheetId, codes] of tally.saves) {
    const stored = await rows<{ criterion_code: string; self_milli: number | null; n: number }>(
      ds.manager,
      `SELECT criterion_code, MAX(self_milli) AS self_milli, COUNT(*) AS n FROM score_entries
        WHERE sheet_id = ? GROUP BY criterion_code`,
      [sheetId],
    );
    const byCode = new Map(stored.map((r) => [r.criterion_code, r]));
    for (const [code, milli] of codes) {
      entriesChecked++;
      const row = byCode.get(code);
      if (!row) {
        problems.push(`sheet ${sheetId} ${code}: an accepted save is missing`);
      } else if (Number(row.n) !== 1) {
        problems.push(`sheet ${sheetId} ${code}: ${row.n} rows`);
      } else if (Number(row.self_milli) !== milli) {
        problems.push(`sheet ${sheetId} ${code}: stored ${row.self_milli}, last accepted ${milli}`);
      }
    }
  }
  if (tally.uploads.length > 0) {
    const ids = tally.uploads.map((u) => u.evidenceId);
    const found = await rows<{ id: number; sheet_id: number; links: number }>(
      ds.manager,
      `SELECT e.id, e.sheet_id, (SELECT COUNT(*) FROM evidence_links l WHERE l.evidence_id = e.id) AS links
         FROM evidence e WHERE e.id IN (${ids.map(() => '?').join(',')})`,
      ids,
    );
    const byId = new Map(found.map((r) => [r.id, r]));
    for (const u of tally.uploads) {
      const row = byId.get(u.evidenceId);
      if (!row || row.sheet_id !== u.sheetId) {
        problems.push(`upload ${u.evidenceId} on sheet ${u.sheetId}: missing`);
      } else if (Number(row.links) !== u.codes.length) {
        problems.push(`upload ${u.evidenceId}: ${row.links} links, expected ${u.codes.length}`);
      }
    }
    const sheets = [...new Set(tally.uploads.map((u) => u.sheetId))];
    const [dup] = await rows<{ n: number }>(
      ds.manager,
      `SELECT COUNT(*) AS n FROM (SELECT sheet_id, document_number FROM evidence
        WHERE sheet_id IN (${sheets.map(() => '?').join(',')}) AND summary = ?
        GROUP BY sheet_id, document_number HAVING COUNT(*) > 1) d`,
      [...sheets, `Báo cáo kết quả CCHC năm 2025 (thử tải ${tally.runTag})`],
    );
    if (Number(dup.n) > 0) {
      problems.push(`${dup.n} uploaded documents stored twice`);
    }
    const [extra] = await rows<{ n: number }>(ds.manager, 'SELECT COUNT(*) AS n FROM evidence WHERE summary = ?', [
      `Báo cáo kết quả CCHC năm 2025 (thử tải ${tally.runTag})`,
    ]);
    if (Number(extra.n) !== tally.uploads.length) {
      problems.push(`${extra.n} load-test documents stored, ${tally.uploads.length} accepted`);
    }
  }
  let routedSheets = 0;
  if (tally.submitted.size > 0) {
    const ids = [...tally.submitted];
    const routed = await rows<{ sheet_id: number; state: string; areas: number; tasks: number }>(
      ds.manager,
      `SELECT s.id AS sheet_id, s.state, COUNT(DISTINCT t.content_area) AS areas, COUNT(t.id) AS tasks
         FROM score_sheets s LEFT JOIN appraisal_tasks t ON t.sheet_id = s.id
        WHERE s.id IN (${ids.map(() => '?').join(',')}) GROUP BY s.id, s.state`,
      ids,
    );
    for (const r of routed) {
      if (r.state === 'draft') {
        problems.push(`sheet ${r.sheet_id}: submitted (200) but stored as draft`);
      }
      if (Number(r.tasks) !== Number(r.areas)) {
        problems.push(`sheet ${r.sheet_id}: ${r.tasks} tasks for ${r.areas} content areas (routed twice)`);
      } else if (Number(r.areas) !== areasPerSheet) {
        problems.push(`sheet ${r.sheet_id}: routed to ${r.areas} of ${areasPerSheet} content areas`);
      } else {
        routedSheets++;
      }
    }
    const [stray] = await rows<{ n: number }>(
      ds.manager,
      `SELECT COUNT(DISTINCT t.sheet_id) AS n FROM appraisal_tasks t JOIN score_sheets s ON s.id = t.sheet_id
        WHERE t.id > ? AND s.id NOT IN (${ids.map(() => '?').join(',')})`,
      [tally.tasksBefore, ...ids],
    );
    if (Number(stray.n) > 0) {
      problems.push(`${stray.n} sheets routed that the load did not see submitted`);
    }
  }
  if (tally.completedTasks.size > 0) {
    const ids = [...tally.completedTasks];
    const [open] = await rows<{ n: number }>(
      ds.manager,
      `SELECT COUNT(*) AS n FROM appraisal_tasks WHERE id IN (${ids.map(() => '?').join(',')}) AND state <> 'completed'`,
      ids,
    );
    if (Number(open.n) > 0) {
      problems.push(`${open.n} tasks completed (200) but not stored as completed`);
    }
  }
  return {
    ok: problems.length === 0,
    acceptedSaves: tally.acceptedSaves,
    entriesChecked,
    acceptedUploads: tally.uploads.length,
    submitted: tally.submitted.size,
    routedSheets,
    tasksCompleted: tally.completedTasks.size,
    problems: problems.slice(0, 50),
  };
}

// ───────────────────────────── baselines ─────────────────────────────

async function healthBaseline(o: LoadOptions, rec: Recorder, bases: string[], concurrency: number): Promise<void> {
  const until = Date.now() + o.baselineSeconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, vu) => {
      while (Date.now() < until) {
        await call(rec, 'health.live', bases[vu % bases.length], null, 'GET', '/health/live');
      }
    }),
  );
}

/**
 * The bare SQL of the same save through mysql2: lock the sheet row, upsert 10 entries in one statement, commit —
 * on sheets the rush did not touch (the values written are the ones already stored).
 */
async function sqlSaveBaseline(o: LoadOptions, rec: Recorder, sheets: number[], concurrency: number): Promise<void> {
  const pool = createPool({ uri: o.databaseUrl, connectionLimit: concurrency });
  const until = Date.now() + o.baselineSeconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async (_, vu) => {
        for (let i = 0; Date.now() < until; i++) {
          const sheetId = sheets[(vu + i * concurrency) % sheets.length];
          const t0 = performance.now();
          const c = await pool.getConnection();
          try {
            await c.query('START TRANSACTION');
            await c.query('SELECT id, state, version FROM score_sheets WHERE id = ? FOR UPDATE', [sheetId]);
            const codes = Array.from({ length: 10 }, (_, k) => `${(i % 10) + 1}.${k + 1}`);
            await c.query(
              `INSERT INTO score_entries (sheet_id, criterion_code, self_milli, explanation) VALUES ${codes.map(() => '(?, ?, ?, ?)').join(', ')}
               ON DUPLICATE KEY UPDATE self_milli = self_milli, explanation = explanation`,
              codes.flatMap((code) => [sheetId, code, null, null]),
            );
            await c.query('COMMIT');
            rec.record('sql.save (baseline)', performance.now() - t0, 200);
          } finally {
            c.release();
          }
        }
      }),
    );
  } finally {
    await pool.end();
  }
}

// ───────────────────────────── the run ─────────────────────────────

export async function runLoad(o: LoadOptions): Promise<LoadReport> {
  const log = o.log ?? (() => undefined);
  const config = scaleConfig(o);
  const ds = await openDataSource(config, { poolSize: 4 });
  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: 1 });
  const procs: RunningProcess[] = [];
  const loadAtStart = loadavg().map((l) => round(l, 2));
  try {
    const [state] = await rows<{ open: number; authorities: number; sheets: number }>(
      ds.manager,
      `SELECT SUM(c.state = 'selfAssessment' AND d.due_at > UTC_TIMESTAMP(6)) AS open, COUNT(DISTINCT c.authority_id) AS authorities,
              (SELECT COUNT(*) FROM score_sheets) AS sheets
         FROM campaigns c LEFT JOIN deadlines d ON d.campaign_id = c.id AND d.subject_type = 'campaign' AND d.phase = 'selfAssessment' AND d.status = 'scheduled'`,
    );
    if (!state || Number(state.open ?? 0) === 0) {
      throw new Error(
        `No campaign of ${o.databaseUrl} is in self-assessment before its deadline: run \`npm run seed:scale\` first.`,
      );
    }
    // Officers take draft sheets round-robin over the authorities, so every province has its rush.
    const drafts = await rows<SheetRow>(
      ds.manager,
      `SELECT s.id, s.campaign_id, us.id AS officer, a.code AS authority
         FROM score_sheets s JOIN units un ON un.id = s.unit_id JOIN authorities a ON a.id = un.authority_id
         JOIN users us ON us.username = CONCAT(a.code, '.', un.code)
        WHERE s.state = 'draft' ORDER BY s.id`,
    );
    const byAuthority = new Map<string, SheetRow[]>();
    drafts.forEach((d) => (byAuthority.get(d.authority) ?? byAuthority.set(d.authority, []).get(d.authority)!).push(d));
    const queue: SheetRow[] = [];
    for (let i = 0; queue.length < drafts.length; i++) {
      for (const list of byAuthority.values()) {
        if (list[i]) {
          queue.push(list[i]);
        }
      }
    }
    // The bare-SQL baseline needs sheets the rush never saves to (its upserts leave stored values as they are):
    // set them aside before the rush, which may otherwise work through every draft of a small fixture.
    const baselineSheets = queue.splice(-Math.max(1, Math.min(Math.floor(queue.length / 5), 200))).map((s) => s.id);
    const rushCampaigns = [...new Set(queue.slice(0, o.officers * 4).map((s) => s.campaign_id))];
    const appraiserUsers = await rows<{ id: number; campaign_id: number }>(
      ds.manager,
      `SELECT us.id, c.id AS campaign_id FROM users us JOIN organisations o ON o.id = us.organisation_id
         JOIN campaigns c ON c.authority_id = o.authority_id
        WHERE us.username LIKE '%.td1' AND c.id IN (${rushCampaigns.map(() => '?').join(',')}) ORDER BY c.id, us.id`,
      rushCampaigns,
    );
    const leaderUsers = await rows<{ id: number; campaign_id: number }>(
      ds.manager,
      `SELECT us.id, c.id AS campaign_id FROM users us JOIN organisations o ON o.id = us.organisation_id
         JOIN campaigns c ON c.authority_id = o.authority_id WHERE us.username LIKE '%.lanhdao' ORDER BY c.id`,
    );

    // Who confirms a conflict-of-interest task: the secretariat's account (admin, member of the secretariat, which
    // routing names as the confirmer; an admin also confirms a task with no confirming organisation).
    const confirmers = new Map(
      (
        await rows<{ id: number; campaign_id: number }>(
          ds.manager,
          `SELECT us.id, c.id AS campaign_id FROM users us JOIN organisations o ON o.id = us.organisation_id
             JOIN campaigns c ON c.authority_id = o.authority_id WHERE us.username LIKE '%.thuongtruc'`,
        )
      ).map((r) => [r.campaign_id, r.id]),
    );

    log(`Starting ${o.apis} api and ${o.workers} worker processes …`);
    const probeDir = mkdtempSync(join(tmpdir(), 'par-load-probes-'));
    const env = { ...scaleEnv(o), LOG_LEVEL: 'warn', LOG_FORMAT: 'json', NODE_ENV: 'production' };
    for (let i = 0; i < o.apis; i++) {
      procs.push(startProcess(`api-${i + 1}`, 'api', env, probeDir, o.firstPort + i));
    }
    for (let i = 0; i < o.workers; i++) {
      procs.push(startProcess(`worker-${i + 1}`, 'worker', env, probeDir));
    }
    await Promise.all(procs.map((p) => (p.kind === 'api' ? waitReady(p) : waitProbe(p))));
    const bases = procs.filter((p) => p.url).map((p) => p.url!);
    log(`Preparing ${o.uploadPool} signed PDFs of ${(o.uploadBytes / 1048576).toFixed(1)} MB …`);
    const pdfs: Buffer[] = [];
    for (let i = 0; i < o.uploadPool; i++) {
      pdfs.push(await smallSignedPdf(100_000 + i, o.uploadBytes));
    }
    const sessions = new SessionService(ds, config);
    const [maxTask] = await rows<{ id: number | null }>(ds.manager, 'SELECT MAX(id) AS id FROM appraisal_tasks');
    const tally: Tally = {
      runTag: new Date().toISOString(),
      tasksBefore: Number(maxTask.id ?? 0),
      saves: new Map(),
      acceptedSaves: 0,
      uploads: [],
      submitted: new Set(),
      completedTasks: new Set(),
    };
    const concurrency = o.officers + o.appraisers + o.leaders;

    log(`Rush: ${o.officers} officers, ${o.appraisers} appraisers, ${o.leaders} leaders for ${o.seconds} s …`);
    const phases: PhaseFigures[] = [];
    const done = (p: PhaseFigures) => {
      phases.push(p);
      o.onPhase?.(p);
    };
    done(
      await measured('rush', concurrency, procs, ds, redis, (rec) =>
        rush(o, rec, bases, queue, appraiserUsers, leaderUsers, confirmers, sessions, pdfs, tally),
      ),
    );
    log(`Baseline: /health/live at concurrency ${concurrency} for ${o.baselineSeconds} s …`);
    done(
      await measured('baseline /health/live', concurrency, procs, ds, redis, (rec) =>
        healthBaseline(o, rec, bases, concurrency),
      ),
    );
    log(`Baseline: bare SQL of the save at concurrency ${o.officers} for ${o.baselineSeconds} s …`);
    done(
      await measured('baseline bare SQL save', o.officers, procs, ds, redis, (rec) =>
        sqlSaveBaseline(o, rec, baselineSheets, o.officers),
      ),
    );
    log(`Waiting for the workers to route ${tally.submitted.size} submitted sheets …`);
    await waitRouted(ds, tally.submitted, o.drainSeconds);
    const areas = new Set(
      (await rows<{ code: string }>(ds.manager, 'SELECT DISTINCT code FROM content_areas')).map((r) => r.code),
    );
    const checked = await check(ds, tally, Math.min(areas.size, 10));
    const kind = (phase: number, k: string) => phases[phase].kinds.find((f) => f.kind === k);
    const save = kind(0, 'entries.save');
    const sqlSave = kind(2, 'sql.save (baseline)');
    const health = kind(1, 'health.live');
    const ratios: Record<string, number> = {};
    if (save && sqlSave) {
      ratios['entries.save p50 / bare SQL save p50'] = round(save.p50 / Math.max(0.01, sqlSave.p50), 1);
      ratios['entries.save per second / bare SQL saves per second'] = round(
        save.perSecond / Math.max(0.01, sqlSave.perSecond),
        3,
      );
    }
    if (health) {
      const all = phases[0].kinds.reduce((a, k) => a + k.perSecond, 0);
      ratios['rush requests per second / /health/live per second'] = round(all / Math.max(0.01, health.perSecond), 3);
    }
    // What one request of the rush costs, for sizing (docs/topology.md): CPU in the api and worker processes as
    // their probes measured it, MySQL statements and Redis commands as the server counted them (shared servers:
    // other clients' work is included in these two).
    const r0 = phases[0];
    const requests = r0.kinds.reduce((a, k) => a + k.requests, 0);
    const cpuOf = (kind: 'api' | 'worker') =>
      r0.eventLoop.filter((e) => e.process.startsWith(kind)).reduce((a, e) => a + e.cpuMs, 0);
    const costs: Record<string, number> = {
      'api CPU ms per request': round(cpuOf('api') / Math.max(1, requests), 1),
      'worker CPU ms per submitted sheet': round(cpuOf('worker') / Math.max(1, tally.submitted.size), 1),
      'MySQL statements per request': round((r0.mysql['Questions/s'] * r0.seconds) / Math.max(1, requests), 1),
      'Redis commands per request': round(r0.redis.calls / Math.max(1, requests), 1),
    };
    const report: LoadReport = {
      startedAt: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: loadavg().map((l) => round(l, 2)),
      },
      processes: { apis: o.apis, workers: o.workers },
      fixture: {
        authorities: Number(state.authorities),
        sheets: Number(state.sheets),
        draftSheets: drafts.length,
      },
      phases,
      ratios,
      costs,
      check: checked,
    };
    mkdirSync(join(o.resultsFile, '..'), { recursive: true });
    writeFileSync(o.resultsFile, `${JSON.stringify(report, null, 2)}\n`);
    return report;
  } finally {
    await Promise.all(procs.map(stopProcess));
    redis.disconnect();
    await ds.destroy();
  }
}

export function printPhase(p: PhaseFigures): void {
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  console.log(`\n${p.name}: ${p.seconds} s, concurrency ${p.concurrency}`);
  console.log(
    `${'kind'.padEnd(22)}${pad('requests', 9)}${pad('ok', 7)}${pad('exp.4xx', 8)}${pad('4xx', 6)}${pad('errors', 7)}${pad('req/s', 8)}${pad('p50 ms', 9)}${pad('p95 ms', 9)}${pad('p99 ms', 9)}`,
  );
  for (const k of p.kinds) {
    console.log(
      `${k.kind.padEnd(22)}${pad(k.requests, 9)}${pad(k.ok, 7)}${pad(k.expected, 8)}${pad(k.refused, 6)}${pad(k.errors, 7)}${pad(k.perSecond, 8)}${pad(k.p50, 9)}${pad(k.p95, 9)}${pad(k.p99, 9)}`,
    );
  }
  // Every non-2xx answer by kind, status and code: an expected refusal with its reason, anything else flagged.
  for (const k of p.kinds) {
    for (const a of k.answers) {
      const what = a.expected ? `expected: ${a.expected}` : a.status.startsWith('4') ? 'UNEXPECTED' : 'ERROR';
      console.log(`  ${k.kind} ${a.status} ${a.code} ×${a.count} (${what}) «${a.messageVi}»`);
    }
  }
  for (const e of p.eventLoop) {
    console.log(
      `  ${e.process.padEnd(10)} event-loop delay p50 ${e.delayMs.p50} ms, p99 ${e.delayMs.p99} ms, max ${e.delayMs.max} ms; CPU ${Math.round((100 * e.cpuMs) / Math.max(1, e.wallMs))} %; RSS ${e.rssMb} MB`,
    );
  }
  console.log(
    `  MySQL: ${Object.entries(p.mysql)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  p.lockWaits.forEach((w) => console.log(`  lock wait (${w.samples} samples): ${w.where}`));
  console.log(
    `  Redis: ${p.redis.perSecond} commands/s (${p.redis.top.map((t) => `${t.command} ${t.calls}`).join(', ')})`,
  );
}

export function printReport(r: LoadReport): void {
  r.phases.forEach(printPhase);
  printSummary(r);
}

export function printSummary(r: LoadReport): void {
  console.log(
    `\nRatios: ${Object.entries(r.ratios)
      .map(([k, v]) => `${k} = ${v}`)
      .join('; ')}`,
  );
  console.log(
    `Costs: ${Object.entries(r.costs)
      .map(([k, v]) => `${k} ${v}`)
      .join('; ')}`,
  );
  const c = r.check;
  console.log(
    `Check: ${c.ok ? 'nothing lost or duplicated' : 'PROBLEMS'} — ${c.acceptedSaves} saves (${c.entriesChecked} entries), ${c.acceptedUploads} uploads, ${c.submitted} submitted / ${c.routedSheets} routed once, ${c.tasksCompleted} tasks completed`,
  );
  c.problems.forEach((p) => console.log(`  ✗ ${p}`));
}

const int = (name: string, fallback: number): number => {
  const raw = processEnv()[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a whole number (got "${raw}").`);
  }
  return value;
};

export function loadOptionsFromEnv(): LoadOptions {
  const scale = scaleOptionsFromEnv();
  return {
    databaseUrl: scale.databaseUrl,
    uploadDir: scale.uploadDir,
    queuePrefix: scale.queuePrefix,
    apis: Math.max(1, int('LOAD_APIS', 2)),
    workers: Math.max(1, int('LOAD_WORKERS', 2)),
    firstPort: int('LOAD_FIRST_PORT', 4106),
    seconds: int('LOAD_SECONDS', 60),
    minSubmitted: int('LOAD_MIN_SUBMITTED', 0),
    baselineSeconds: int('LOAD_BASELINE_SECONDS', 10),
    officers: int('LOAD_OFFICERS', 24),
    appraisers: int('LOAD_APPRAISERS', 6),
    leaders: int('LOAD_LEADERS', 4),
    uploadPool: Math.max(1, int('LOAD_UPLOAD_POOL', 16)),
    uploadBytes: int('LOAD_UPLOAD_BYTES', 1024 * 1024),
    drainSeconds: int('LOAD_DRAIN_SECONDS', 120),
    resultsFile: processEnv().LOAD_RESULTS ?? join(repoRoot(), 'bench', 'load-results.json'),
  };
}

if (require.main === module) {
  const t0 = Date.now();
  const log = (line: string) => console.log(`[${Math.round((Date.now() - t0) / 1000)} s] ${line}`);
  runLoad({ ...loadOptionsFromEnv(), log, onPhase: printPhase }).then(
    (report) => {
      printSummary(report);
      process.exit(report.check.ok ? 0 : 1);
    },
    (error: unknown) => reportStartupFailure(error),
  );
}
