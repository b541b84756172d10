/**
 * The locks behind the phase gate (issue 19, docs/topology.md §5), against the real api, worker and MariaDB.
 * A task write (claim, score, completion…) locks its task row exclusively and reads its campaign row in share
 * mode, as every sheet write does at the gate: so an appraiser's write in flight no longer holds up the saves and
 * submits of the whole province, while an early close (which updates the campaign row) still serialises with it —
 * it waits for the task writes in flight, and a task write arriving during a close waits and is then refused.
 * Routing locks the submitted sheet alone, the same way.
 *
 * "Blocked" is made observable without sleeping: a second connection with `innodb_lock_wait_timeout = 1` turns a
 * wait into ER_LOCK_WAIT_TIMEOUT, and a request the api is running is seen waiting in
 * information_schema.INNODB_LOCK_WAITS on this database's table.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { DATA_SOURCE, rows, type Role } from '@lib/database';
import { WorkflowRunner, assertWritable, type Actor } from '@lib/workflow';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { CampaignSeedService } from '../../apps/api/src/campaigns/campaign-seed.service';
import type { SessionUser } from '../../apps/api/src/common/session-user';
import { assertAppraisalOpen, loadVisibleTask } from '../../apps/api/src/inbox/task-access';
import { setAssignee } from '../../apps/api/src/inbox/task.queries';
import { lockRoutedSheet } from '../../apps/worker/src/routing/routing.queries';
import { completeEntriesOf } from '../factories/scores.factory';
import { createSession, type TestSession } from '../factories/session.factory';
import { createUser } from '../factories/user.factory';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps';
import { eventually } from '../support/engine';

const DAY = 24 * 3600_000;
const json = { 'content-type': 'application/json' };
const send = (s: TestSession, method: string, path: string, body?: unknown) =>
  s.fetch(path, body === undefined ? { method } : { method, headers: json, body: JSON.stringify(body) });

/** The content areas the secretariat (organisation `nv`) appraises in the uong-bi-2023 plan. */
const NV_AREAS = ['chi-dao-dieu-hanh', 'to-chuc-bo-may', 'che-do-cong-vu'];

describe('task writes and the campaign row (phase gate locks)', () => {
  let api: TestApi;
  let worker: INestApplicationContext | undefined;
  let ds: DataSource;
  let runner: WorkflowRunner;
  let database: string;
  let campaignId: number;
  let laggardSheet: number;
  let laggard: TestSession;
  let admin: TestSession;
  let appraiser: { user: SessionUser; session: TestSession };
  let colleague: TestSession;
  let tasks: number[];
  /** Transactions a test opened: rolled back if the test failed before ending them. */
  const open: QueryRunner[] = [];

  const sessionUser = async (code: string, roles: Role[]) => {
    const [org] = await rows<{ id: number; authority_id: number }>(
      ds.manager,
      'SELECT id, authority_id FROM organisations WHERE code = ?',
      [code],
    );
    const created = await createUser(ds, { organisationId: org.id, roles });
    const user: SessionUser = {
      id: created.id,
      username: created.username,
      fullName: created.fullName,
      organisationId: org.id,
      authorityId: org.authority_id,
      roles,
    };
    return { user, session: await createSession(ds, api.config, api.url, created) };
  };

  /** A transaction the test controls, on a connection of the api's own pool. */
  const begin = async (): Promise<QueryRunner> => {
    const qr = ds.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    open.push(qr);
    return qr;
  };
  const end = async (qr: QueryRunner, how: 'commit' | 'rollback' = 'commit') => {
    await (how === 'commit' ? qr.commitTransaction() : qr.rollbackTransaction());
    await qr.release();
    open.splice(open.indexOf(qr), 1);
  };

  /** On a connection of its own that gives up on a row lock after 1 s: a wait becomes ER_LOCK_WAIT_TIMEOUT. */
  const impatiently = async <T>(sql: string, params: unknown[]): Promise<T[]> => {
    const qr = ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.query('SET SESSION innodb_lock_wait_timeout = 1');
      await qr.startTransaction();
      try {
        return (await qr.query(sql, params)) as T[];
      } finally {
        await qr.rollbackTransaction();
      }
    } finally {
      await qr.query('SET SESSION innodb_lock_wait_timeout = DEFAULT');
      await qr.release();
    }
  };

  /** Whether some transaction waits for a row lock on this database's `table` now. */
  const someoneWaitsOn = async (table: string): Promise<boolean> => {
    const [row] = await rows<{ n: number | string }>(
      ds.manager,
      `SELECT COUNT(*) AS n FROM information_schema.INNODB_LOCK_WAITS w
         JOIN information_schema.INNODB_LOCKS l ON l.lock_id = w.requested_lock_id
        WHERE l.lock_table = ?`,
      [`\`${database}\`.\`${table}\``],
    );
    return Number(row.n) > 0;
  };

  /**
   * The request's answer, or 'waits on <table>' as soon as it is seen waiting for a row lock there — whichever
   * comes first (polled on the lock tables, never a fixed sleep).
   */
  async function answerOrWait(request: Promise<Response>, table: string): Promise<number | string> {
    let status: number | undefined;
    let failure: unknown;
    const answered = request.then(
      (res) => {
        status = res.status;
      },
      (error: unknown) => {
        failure = error ?? new Error('request failed');
      },
    );
    for (;;) {
      if (failure !== undefined) {
        throw failure;
      }
      if (status !== undefined) {
        return status;
      }
      if (await someoneWaitsOn(table)) {
        return `waits on ${table}`;
      }
      await Promise.race([answered, new Promise((resolve) => setTimeout(resolve, 25))]);
    }
  }

  /** The claim as the product runs it (TaskActionsService.claim's steps), inside the caller's transaction. */
  const claimIn = (em: EntityManager, user: SessionUser, taskId: number) => {
    const actor: Actor = { userId: user.id, label: `user:${user.username}` };
    return runner.transitionIn(em, {
      machineId: 'appraisalTask',
      id: taskId,
      actor,
      event: { type: 'task.claimed', userId: String(user.id) },
      before: async (tx) => {
        const task = await loadVisibleTask(tx, user, taskId, { lock: true });
        await assertAppraisalOpen(tx, task);
      },
      after: (tx) => setAssignee(tx, taskId, user.id, null),
    });
  };

  const assigneeOf = async (taskId: number) =>
    (
      await rows<{ assignee_user_id: number | null }>(
        ds.manager,
        'SELECT assignee_user_id FROM appraisal_tasks WHERE id = ?',
        [taskId],
      )
    )[0].assignee_user_id;

  beforeAll(async () => {
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    runner = api.app.get(WorkflowRunner);
    worker = await startTestWorker();
    database = (await rows<{ db: string }>(ds.manager, 'SELECT DATABASE() AS db'))[0].db;
    const created = await api.app.get(CampaignSeedService).seedFromPlan({
      planKey: 'uong-bi-2023',
      code: 'gate-locks',
      selfAssessmentDueAt: new Date(Date.now() + 10 * DAY),
      actor: { userId: null, label: 'system:test' },
    });
    campaignId = created.id;
    const sheets = await rows<{ id: number; code: string }>(
      ds.manager,
      `SELECT s.id, u.code FROM score_sheets s JOIN units u ON u.id = s.unit_id
        WHERE s.campaign_id = ? AND u.code IN ('tp', 'vhtt')`,
      [campaignId],
    );
    const sheetOf = (code: string) => sheets.find((s) => s.code === code)!.id;
    laggardSheet = sheetOf('vhtt');
    laggard = (await sessionUser('vhtt', ['unit_officer'])).session;
    admin = (await sessionUser('nv', ['admin'])).session;
    appraiser = await sessionUser('nv', ['appraiser']);
    colleague = (await sessionUser('nv', ['appraiser'])).session;

    // One unit submits; routing gives the secretariat its three tasks.
    const submitter = (await sessionUser('tp', ['unit_officer'])).session;
    const submitted = sheetOf('tp');
    const entries = await completeEntriesOf(ds, submitted);
    expect((await send(submitter, 'PUT', `/api/sheets/${submitted}/entries`, { entries })).status).toBe(200);
    expect((await send(submitter, 'POST', `/api/sheets/${submitted}/submit`)).status).toBe(200);
    tasks = await eventually(async () => {
      const found = await rows<{ id: number; content_area: string }>(
        ds.manager,
        'SELECT id, content_area FROM appraisal_tasks WHERE sheet_id = ? ORDER BY id',
        [submitted],
      );
      const mine = found.filter((t) => NV_AREAS.includes(t.content_area)).map((t) => t.id);
      return mine.length === NV_AREAS.length ? mine : undefined;
    });
    // Routing was all the worker was for: without it no job of the closes below takes locks meanwhile.
    await worker.close();
    worker = undefined;
  });

  afterEach(async () => {
    for (const qr of [...open]) {
      await end(qr, 'rollback');
    }
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('a claim in flight holds its task row only: the same campaign’s saves pass, a second claim of the task waits', async () => {
    const tx = await begin();
    await claimIn(tx.manager, appraiser.user, tasks[0]);

    // The campaign row is free for the gate's share lock, and a unit's save in the same campaign completes.
    await expect(
      impatiently('SELECT id FROM campaigns WHERE id = ? LOCK IN SHARE MODE', [campaignId]),
    ).resolves.toEqual([{ id: campaignId }]);
    const save = send(laggard, 'PUT', `/api/sheets/${laggardSheet}/entries`, {
      entries: [{ code: '1.2.1', selfPoints: 1, explanation: 'Lưu trong lúc thẩm định' }],
    });
    expect(await answerOrWait(save, 'campaigns')).toBe(200);

    // The task row itself is still held: another appraiser's claim of the same task waits for this one…
    await expect(
      impatiently('SELECT id FROM appraisal_tasks WHERE id = ? FOR UPDATE', [tasks[0]]),
    ).rejects.toMatchObject({ code: 'ER_LOCK_WAIT_TIMEOUT' });
    const second = send(colleague, 'POST', `/api/inbox/tasks/${tasks[0]}/claim`);
    expect(await answerOrWait(second, 'appraisal_tasks')).toBe('waits on appraisal_tasks');

    // …and, once the first commits, is told who holds it.
    await end(tx);
    const lost = await second;
    expect(lost.status).toBe(409);
    expect(((await lost.json()) as { error: { code: string } }).error.code).toBe('ALREADY_CLAIMED');
    expect(await assigneeOf(tasks[0])).toBe(appraiser.user.id);
  });

  it('routing locks the submitted sheet only, not its campaign', async () => {
    const tx = await begin();
    expect(await lockRoutedSheet(tx.manager, laggardSheet)).toMatchObject({ id: laggardSheet, campaign_id: campaignId });
    await expect(
      impatiently('SELECT id FROM campaigns WHERE id = ? LOCK IN SHARE MODE', [campaignId]),
    ).resolves.toEqual([{ id: campaignId }]);
    await expect(
      impatiently('SELECT id FROM score_sheets WHERE id = ? FOR UPDATE', [laggardSheet]),
    ).rejects.toMatchObject({ code: 'ER_LOCK_WAIT_TIMEOUT' });
    await end(tx, 'rollback');
  });

  it('an early close waits for the task writes in flight, and lands after them', async () => {
    const tx = await begin();
    await claimIn(tx.manager, appraiser.user, tasks[1]);
    const close = send(admin, 'POST', `/api/admin/campaigns/${campaignId}/phases/selfAssessment/close`);
    expect(await answerOrWait(close, 'campaigns')).toBe('waits on campaigns');
    await end(tx);
    expect((await close).status).toBe(200);
    expect(await assigneeOf(tasks[1])).toBe(appraiser.user.id);
  });

  it('a task write arriving during a close of appraisal waits for it, then is refused naming the close', async () => {
    // The close as CampaignsService.closePhase runs it, held open in a transaction of the test (appraisal may be
    // closed now that the test above closed self-assessment).
    const tx = await begin();
    await runner.transitionIn(tx.manager, {
      machineId: 'campaign',
      id: campaignId,
      event: { type: 'phase.closed', phase: 'appraisal', by: 'user:test' },
      actor: { userId: null, label: 'user:test' },
      before: async (em) => {
        await assertWritable(em, { writer: 'phaseClose', campaignId, phase: 'appraisal' });
      },
    });
    const claim = send(appraiser.session, 'POST', `/api/inbox/tasks/${tasks[2]}/claim`);
    expect(await answerOrWait(claim, 'campaigns')).toBe('waits on campaigns');
    await end(tx);
    const refused = await claim;
    expect(refused.status).toBe(423);
    const body = (await refused.json()) as { error: { code: string; details: { phase: string; closedBy: string } } };
    expect(body.error).toMatchObject({ code: 'PHASE_CLOSED', details: { phase: 'appraisal', closedBy: 'closedEarly' } });
    expect(await assigneeOf(tasks[2])).toBeNull();
  });
});
