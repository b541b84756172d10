import type { INestApplicationContext } from '@nestjs/common';
import { testConfig, testEnv } from '@config';
import { WorkflowRunner, type JobQueue } from '@lib/workflow';
import { rows, write } from '@lib/database';
import type { ChildProcess } from 'node:child_process';
import type { DataSource } from 'typeorm';
import { campaignSeed } from '../factories/campaign-seed';
import { createWorkerApp } from '../../apps/worker/src/worker.factory';
import { truncateAll } from '../support/database';
import { createEngine, eventually, type Engine } from '../support/engine';
import { spawnTs, waitForOutput } from '../support/process';
import { createUser } from '../factories/user.factory';
import { TestSmtpServer } from './smtp-test-server';

const PERIOD_S = 2;
// A sender's lease, and with it the SMTP timeout (a quarter of it): 12 s leaves 3 s for a send on a loaded machine.
// With 3 s (a 1 s timeout), a send that outlasted the timeout after the server had counted it was sent again — the
// one duplicate window SMTP has, which only the killed-sender test is about (it sets its own, short lease).
const LEASE_MS = 12_000;
// The worker in this process (test/support/apps.ts would also load the whole api).
const startTestWorker = (overrides: Record<string, string>) => createWorkerApp(testConfig(overrides));
const workerEnv = (smtp: TestSmtpServer) => ({
  SMTP_URL: smtp.url,
  REMINDER_TICK_MS: '250',
  MAIL_SEND_LEASE_MS: String(LEASE_MS),
});

/** The next slot boundary (multiple of PERIOD_S) at least `afterMs` from now, plus one second. */
function dueAfter(afterMs: number, periodS = PERIOD_S): Date {
  const t = Date.now() + afterMs;
  return new Date(Math.ceil(t / (periodS * 1000)) * periodS * 1000 + 1000);
}

interface PolicyShape {
  periodS: number;
  offsets: number[];
}
const FAST: PolicyShape = { periodS: PERIOD_S, offsets: [6, 4, 2] };

interface Fixture {
  campaignId: number;
  officers: Array<{ id: number; email: string }>;
  appraiser: { id: number; email: string };
  supervisor: { id: number; email: string };
  sheetDue: Date;
  taskDue: Date;
}

/**
 * The Uông Bí campaign with a compressed policy (slots every 2 s; reminders 6, 4 and 2 s before; escalation
 * 3 s after), `officerCount` unit officers on draft sheets due at `sheetDue`, and one appraisal task assigned to
 * an appraiser, due `taskGapMs` later, whose organisation has a supervisor.
 */
async function fixture(
  engine: Engine,
  sheetDue: Date,
  officerCount = 2,
  taskGapMs = 4000,
  shape: PolicyShape = FAST,
): Promise<Fixture> {
  const ds = engine.ds;
  const setup = campaignSeed(ds, engine.runner);
  const created = await setup.seedFromPlan({
    planKey: 'uong-bi-2023',
    code: `rem-${Date.now()}`,
    selfAssessmentDueAt: sheetDue,
    actor: { userId: null, label: 'system:test' },
  });
  const campaignId = created.id;
  await write(
    ds.manager,
    `INSERT INTO reminder_policies (campaign_id, enabled, offsets_seconds, send_time, period_seconds, working_days_only, holidays, escalate_after_seconds)
     VALUES (?, 1, ?, '00:00', ?, 0, '[]', 3)`,
    [campaignId, JSON.stringify(shape.offsets), shape.periodS],
  );
  const units = await rows<{ unit_id: number; organisation_id: number; sheet_id: number }>(
    ds.manager,
    'SELECT s.unit_id, u.organisation_id, s.id AS sheet_id FROM score_sheets s JOIN units u ON u.id = s.unit_id WHERE s.campaign_id = ? ORDER BY s.id',
    [campaignId],
  );
  const officers: Fixture['officers'] = [];
  for (let i = 0; i < officerCount; i++) {
    const unit = units[i % units.length];
    const email = `can-bo-${i}@don-vi.test`;
    const user = await createUser(ds, { organisationId: unit.organisation_id, roles: ['unit_officer'], email });
    officers.push({ id: user.id, email });
  }
  const appraiserOrg = units[units.length - 1].organisation_id;
  const appraiser = await createUser(ds, {
    organisationId: appraiserOrg,
    roles: ['appraiser'],
    email: 'tham-dinh@noi-vu.test',
  });
  const supervisor = await createUser(ds, {
    organisationId: appraiserOrg,
    roles: ['supervisor'],
    email: 'lanh-dao@noi-vu.test',
  });
  const taskDue = new Date(sheetDue.getTime() + taskGapMs);
  const columns = WorkflowRunner.newInstanceColumns('appraisalTask');
  const task = await write(
    ds.manager,
    `INSERT INTO appraisal_tasks (campaign_id, sheet_id, unit_id, content_area, assignee_user_id, due_at, machine_id, machine_version, state, snapshot, version)
     VALUES (?, ?, ?, 'cai-cach-the-che', ?, ?, ?, ?, 'inReview', '{}', 1)`,
    [
      campaignId,
      units[0].sheet_id,
      units[0].unit_id,
      appraiser.id,
      taskDue,
      columns.machine_id,
      columns.machine_version,
    ],
  );
  await write(ds.manager, 'INSERT INTO appraisal_task_candidates (task_id, organisation_id) VALUES (?, ?)', [
    task.insertId,
    appraiserOrg,
  ]);
  return {
    campaignId,
    officers,
    appraiser: { id: appraiser.id, email: 'tham-dinh@noi-vu.test' },
    supervisor: { id: supervisor.id, email: 'lanh-dao@noi-vu.test' },
    sheetDue,
    taskDue,
  };
}

async function mailRows(ds: DataSource) {
  return rows<{
    id: number;
    message_id: string;
    to_address: string;
    status: string;
    attempts: number;
    last_error: string | null;
  }>(ds.manager, 'SELECT id, message_id, to_address, status, attempts, last_error FROM mail_messages ORDER BY id');
}

async function kindsOf(ds: DataSource, userId: number): Promise<string[]> {
  const list = await rows<{ kind: string }>(
    ds.manager,
    'SELECT kind FROM reminders WHERE recipient_user_id = ? ORDER BY id',
    [userId],
  );
  return list.map((r) => r.kind);
}

/**
 * An officer got each "before" reminder exactly once, and one mail per digest day. Nothing after the deadline:
 * a sheet past its deadline is closed by the stage lock, whether or not its lock job has run yet.
 */
async function expectOfficer(
  ds: DataSource,
  smtp: TestSmtpServer,
  officer: { id: number; email: string },
  before: string[],
) {
  const kinds = await kindsOf(ds, officer.id);
  expect(kinds.filter((k) => k.startsWith('before-'))).toEqual(before);
  expect(kinds.filter((k) => !k.startsWith('before-'))).toEqual([]);
  const [days] = await rows<{ n: number }>(
    ds.manager,
    'SELECT COUNT(DISTINCT local_day) AS n FROM reminders WHERE recipient_user_id = ?',
    [officer.id],
  );
  expect(smtp.to(officer.email)).toHaveLength(Number(days.n));
}

/**
 * Every recorded digest that was sent arrived exactly once, and nothing arrived that was not recorded. The callers
 * first wait until every recorded digest is sent; the overdue appraiser keeps falling due every slot, so a digest
 * recorded in the instant between that moment and the worker's stop may stay unsent — only the newest may, and
 * none of those reached the server.
 */
async function expectExactlyOnce(ds: DataSource, smtp: TestSmtpServer): Promise<void> {
  const messages = await mailRows(ds);
  const counts = smtp.counts();
  const sent = messages.filter((m) => m.status === 'sent');
  const late = messages.filter((m) => m.status !== 'sent');
  expect(sent.length).toBeGreaterThan(0);
  for (const m of sent) {
    expect([m.message_id, counts.get(m.message_id)]).toEqual([m.message_id, 1]);
  }
  const lastSent = Math.max(...sent.map((m) => m.id));
  for (const m of late) {
    expect([m.id > lastSent, counts.get(m.message_id)]).toEqual([true, undefined]);
  }
  expect(smtp.received.length).toBe(sent.length);
}

async function allSent(ds: DataSource): Promise<boolean> {
  const messages = await mailRows(ds);
  return messages.length > 0 && messages.every((m) => m.status === 'sent');
}

describe('deadline reminders by e-mail, exactly once', () => {
  let engine: Engine;
  let smtp: TestSmtpServer;
  let workers: INestApplicationContext[] = [];
  let children: ChildProcess[] = [];

  beforeAll(async () => {
    engine = await createEngine();
  });
  beforeEach(async () => {
    await truncateAll(engine.ds);
    smtp = new TestSmtpServer();
    await smtp.start();
  });
  afterEach(async () => {
    for (const child of children) {
      child.kill('SIGKILL');
    }
    children = [];
    await Promise.all(workers.map((w) => w.close()));
    workers = [];
    await smtp.stop();
    await engine.jobs.queue('reminders').obliterate({ force: true });
    await engine.jobs.queue('mail').obliterate({ force: true });
  });
  afterAll(() => engine.close());

  it('should send each recipient exactly the expected digests, in Vietnamese, with the .ics attached', async () => {
    // The worker first, then the fixture: its deadline counts from when the worker is up, however slow the start.
    workers.push(await startTestWorker(workerEnv(smtp)));
    const f = await fixture(engine, dueAfter(7000));
    // Officers: 6, 4 and 2 s before the sheet deadline; then the sheet is locked (nothing more is owed).
    // Appraiser: the same three before the task's due time, then "overdue" at every slot; supervisor: one escalation.
    await eventually(async () => Date.now() > f.taskDue.getTime() + 5000 && (await allSent(engine.ds)), 40_000, 200);
    await workers.pop()!.close();

    await expectExactlyOnce(engine.ds, smtp);
    for (const officer of f.officers) {
      await expectOfficer(engine.ds, smtp, officer, ['before-6s', 'before-4s', 'before-2s']);
      const mails = smtp.to(officer.email).filter((m) => m.subject.includes('Nhắc việc'));
      expect(mails).toHaveLength(3);
      for (const mail of mails) {
        expect(mail.subject).toMatch(/^\[Chỉ số CCHC\] Nhắc việc: 1 việc sắp đến hạn — \d{2}\/\d{2}\/\d{4}$/);
        expect(mail.mail.text).toContain('Biểu tự chấm điểm');
        expect(mail.mail.text).toMatch(/Hạn: \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}/);
        const ics = mail.mail.attachments.find((a) => a.filename === 'han-chot.ics');
        expect(ics?.contentType).toBe('text/calendar');
        const body = ics!.content.toString('utf8');
        expect(body).toContain('BEGIN:VEVENT');
        expect(body).toContain(`DTSTART:${f.sheetDue.toISOString().replace(/[-:]/g, '').replace('.000', '')}`);
      }
    }
    const appraiserKinds = await kindsOf(engine.ds, f.appraiser.id);
    expect(appraiserKinds.slice(0, 3)).toEqual(['before-6s', 'before-4s', 'before-2s']);
    expect(appraiserKinds.slice(3).length).toBeGreaterThanOrEqual(2);
    expect(new Set(appraiserKinds.slice(3))).toEqual(new Set(['overdue']));
    expect(
      smtp.to(f.appraiser.email).some((m) => m.subject.startsWith('[Chỉ số CCHC] Quá hạn: 1 việc cần xử lý')),
    ).toBe(true);
    expect(await kindsOf(engine.ds, f.supervisor.id)).toEqual(['escalation']);
    const [escalation] = smtp.to(f.supervisor.email);
    expect(escalation.subject).toMatch(/^\[Chỉ số CCHC\] Báo cáo quá hạn: 1 việc cần đôn đốc/);
    // In-app notifications: one per recorded digest — including the newest overdue one, which may have been
    // recorded in the instant before the worker stopped and so never mailed (see expectExactlyOnce).
    const [n] = await rows<{ n: number }>(engine.ds.manager, 'SELECT COUNT(*) AS n FROM notifications');
    expect(Number(n.n)).toBe((await mailRows(engine.ds)).length);
  }, 90_000);

  it('should deliver every due digest exactly once when SMTP is down while they fall due, then back', async () => {
    await smtp.stop();
    workers.push(await startTestWorker(workerEnv(smtp)));
    const f = await fixture(engine, dueAfter(7000), 3, 2000);
    // Let the officers' three slots pass with the server down: attempts and errors are recorded.
    await eventually(() => Promise.resolve(Date.now() > f.sheetDue.getTime() + 500), 20_000);
    const failing = await mailRows(engine.ds);
    expect(failing.length).toBeGreaterThanOrEqual(9);
    expect(failing.some((m) => m.status === 'sent')).toBe(false);
    expect(failing.some((m) => m.attempts >= 2 && /ECONNREFUSED/.test(m.last_error ?? ''))).toBe(true);
    await smtp.start();
    await eventually(() => allSent(engine.ds), 60_000, 250);
    await workers.pop()!.close();
    await expectExactlyOnce(engine.ds, smtp);
    for (const officer of f.officers) {
      await expectOfficer(engine.ds, smtp, officer, ['before-6s', 'before-4s', 'before-2s']);
    }
  }, 120_000);

  it('should keep retrying slowly after the fast retries are spent, and deliver every mail of the slot exactly once when SMTP is back', async () => {
    await smtp.stop();
    const f = await fixture(engine, dueAfter(7000), 3, 2000);
    const fastAttempts = 2;
    workers.push(
      await startTestWorker({
        ...workerEnv(smtp),
        MAIL_FAST_ATTEMPTS: String(fastAttempts),
        MAIL_FAST_BACKOFF_MS: '100',
        MAIL_SLOW_RETRY_EVERY_MS: '1000',
        MAIL_RETRY_FOR_MS: '600000',
        // SMTP timeouts are a quarter of the lease: 750 ms on this loaded machine can time out a 250 that the
        // server already counted (the one duplicate window SMTP has), which is not what this test is about.
        MAIL_SEND_LEASE_MS: '20000',
      }),
    );
    // SMTP stays down well past the fast-retry budget of every mail of the first slot: each goes on being tried
    // (slowly), none is given up — before issue 12 they were all `failed` here and the slot was lost.
    const slowRows = () =>
      rows<{ id: number; status: string; attempts: number; retry_until: Date | null; next_attempt_at: Date | null }>(
        engine.ds.manager,
        'SELECT id, status, attempts, retry_until, next_attempt_at FROM mail_messages WHERE run_id = (SELECT MIN(run_id) FROM mail_messages)',
      );
    await eventually(async () => {
      const first = await slowRows();
      return first.length >= 3 && first.every((m) => m.attempts >= fastAttempts + 2);
    }, 60_000);
    // …and the officers' later slots fall due while it is still down (as in the test above).
    await eventually(() => Promise.resolve(Date.now() > f.sheetDue.getTime() + 500), 20_000);
    const past = await slowRows();
    for (const m of past) {
      expect(m.status).not.toBe('failed');
      expect(m.retry_until).not.toBeNull();
    }
    expect((await mailRows(engine.ds)).some((m) => m.status === 'failed')).toBe(false);
    await smtp.start();
    await eventually(() => allSent(engine.ds), 60_000, 250);
    await workers.pop()!.close();
    await expectExactlyOnce(engine.ds, smtp);
    for (const m of past) {
      expect(smtp.received.filter((r) => r.mail.headers.get('x-par-digest') === String(m.id))).toHaveLength(1);
    }
  }, 150_000);

  it('should send once per key when the worker is killed mid-send and restarted, and the slot job is enqueued twice', async () => {
    // Slots every 5 s, reminders 30/20/10 s before: room for a worker restart (start-up from source) between slots.
    // A short lease: the restarted worker takes the killed one's message over once it has lapsed.
    const env = testEnv({ ...workerEnv(smtp), MAIL_SEND_LEASE_MS: '3000' });
    smtp.holdMs = 60_000;
    let dataSeen = false;
    smtp.onData = () => (dataSeen = true);
    const first = spawnTs('apps/worker/src/main.ts', env);
    children.push(first);
    await waitForOutput(first, /par-index worker started/);
    // The fixture once the worker is up: the first slot (30 s before the deadline) cannot pass during its start.
    const f = await fixture(engine, dueAfter(36_000, 5), 2, 120_000, { periodS: 5, offsets: [30, 20, 10] });
    await eventually(() => Promise.resolve(dataSeen), 30_000, 50);
    // The worker has claimed the message and is waiting for the 250: kill it there.
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    smtp.holdMs = 0;
    const [claimed] = await rows<{ id: number; status: string }>(
      engine.ds.manager,
      "SELECT id, status FROM mail_messages WHERE status = 'sending'",
    );
    expect(claimed).toBeDefined();
    // The same slot's compute job, twice more, under new job ids (BullMQ would drop a same-id duplicate).
    const [run] = await rows<{ slot_at: Date }>(
      engine.ds.manager,
      'SELECT slot_at FROM reminder_runs ORDER BY id LIMIT 1',
    );
    const jobs: JobQueue = engine.jobs;
    for (const tag of ['dup1', 'dup2']) {
      await jobs.add(
        'reminders.compute',
        { campaignId: f.campaignId, slotAt: run.slot_at.toISOString() },
        { jobId: `rem-${tag}` },
      );
    }
    const second = spawnTs('apps/worker/src/main.ts', env);
    children.push(second);
    await waitForOutput(second, /par-index worker started/);
    await eventually(async () => Date.now() > f.sheetDue.getTime() + 1500 && (await allSent(engine.ds)), 60_000, 250);
    await expectExactlyOnce(engine.ds, smtp);
    const [again] = await rows<{ attempts: number }>(
      engine.ds.manager,
      'SELECT attempts FROM mail_messages WHERE id = ?',
      [claimed.id],
    );
    expect(again.attempts).toBeGreaterThanOrEqual(2);
    // A slot that fell due while no worker ran is caught up by the next one (the tightest reminder only), so
    // an officer may have fewer than three — but never one kind twice, and each digest arrived once.
    for (const officer of f.officers) {
      const kinds = await kindsOf(engine.ds, officer.id);
      expect(new Set(kinds).size).toBe(kinds.length);
      expect(kinds.filter((k) => k.startsWith('before-')).pop()).toBe('before-10s');
      expect(smtp.to(officer.email)).toHaveLength(new Set(kinds).size);
    }
  }, 120_000);

  it('should not duplicate anything with two worker processes running at once', async () => {
    const env = testEnv(workerEnv(smtp));
    for (let i = 0; i < 2; i++) {
      const child = spawnTs('apps/worker/src/main.ts', env);
      children.push(child);
      await waitForOutput(child, /par-index worker started/);
    }
    // Both workers are up before the fixture exists: under load their start (from source) once outlasted the first slot.
    const f = await fixture(engine, dueAfter(16_000), 25, 60_000);
    await eventually(async () => Date.now() > f.sheetDue.getTime() + 1500 && (await allSent(engine.ds)), 60_000, 250);
    await expectExactlyOnce(engine.ds, smtp);
    for (const officer of f.officers) {
      await expectOfficer(engine.ds, smtp, officer, ['before-6s', 'before-4s', 'before-2s']);
    }
    const [runs] = await rows<{ n: number; slots: number }>(
      engine.ds.manager,
      'SELECT COUNT(*) AS n, COUNT(DISTINCT slot_at) AS slots FROM reminder_runs',
    );
    expect(Number(runs.n)).toBe(Number(runs.slots));
  }, 120_000);
});
