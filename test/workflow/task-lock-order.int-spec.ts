/**
 * The lock order of the writes of a unit's sheet and its tasks (issue 19, the deadline-day load test). Every task
 * write locks its sheet first, then its task; a completion also locks the sheet's other tasks (it ends by reading
 * them with a lock: is it the last one?). The campaign row is only held in share mode, by the phase gate: a task
 * write no longer holds it exclusively, so the appraisal of one unit no longer queues every other unit's writes.
 *
 * Against the real api and MariaDB. The first test holds the campaign row in a transaction of its own so that both
 * requests are seen inside their locking reads (the process list, polled, no fixed sleep) before it lets them run.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { DATA_SOURCE, rows, type Role } from '@lib/database';
import type { DataSource, QueryRunner } from 'typeorm';
import { WorkflowRunner } from '@lib/workflow';
import { CampaignSeedService } from '../../apps/api/src/campaigns/campaign-seed.service';
import { assertAppraisalOpen, loadVisibleTask, type SessionUser } from '../../apps/api/src/app.factory';
import { completeEntriesOf } from '../factories/scores.factory';
import { createSession, type TestSession } from '../factories/session.factory';
import { createUser } from '../factories/user.factory';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps';
import { truncateAll } from '../support/database';
import { eventually } from '../support/engine';

const DAY = 24 * 3600_000;
const json = { 'content-type': 'application/json' };
const send = (s: TestSession, method: string, path: string, body?: unknown) =>
  s.fetch(path, body === undefined ? { method } : { method, headers: json, body: JSON.stringify(body) });

/** The content areas the secretariat (organisation `nv`) appraises in the uong-bi-2023 plan. */
const NV_AREAS = ['chi-dao-dieu-hanh', 'to-chuc-bo-may', 'che-do-cong-vu'];

interface TaskDetail {
  leaves: Array<{ code: string; maxPoints: number }>;
}

describe('a completion and the writes of its sibling tasks (lock order)', () => {
  let api: TestApi;
  let worker: INestApplicationContext | undefined;
  let ds: DataSource;
  let campaignId: number;
  let appraiser: TestSession;
  let tasks: number[];
  const open: QueryRunner[] = [];

  const sessionOf = async (code: string, roles: Role[]) => {
    const [org] = await rows<{ id: number }>(ds.manager, 'SELECT id FROM organisations WHERE code = ?', [code]);
    return createSession(ds, api.config, api.url, await createUser(ds, { organisationId: org.id, roles }));
  };

  /**
   * How many statements of this database are inside a locking read now (the held campaign row lets none finish).
   * From the process list: information_schema.INNODB_LOCK_WAITS does not always list a transaction that waits
   * while the optimiser reads a joined row by primary key.
   */
  const lockingReads = async (): Promise<number> => {
    const [row] = await rows<{ n: number | string }>(
      ds.manager,
      `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST
        WHERE db = DATABASE() AND command IN ('Query', 'Execute') AND id <> CONNECTION_ID()
          AND (info LIKE '%FOR UPDATE%' OR info LIKE '%LOCK IN SHARE MODE%')`,
    );
    return Number(row.n);
  };

  /** An appraiser of the secretariat (`nv`) as the api's services see a signed-in user, for writes in-process. */
  const appraiserOfNv = async (): Promise<SessionUser> => {
    const [org] = await rows<{ id: number; authority_id: number }>(
      ds.manager,
      "SELECT id, authority_id FROM organisations WHERE code = 'nv'",
    );
    const user = await createUser(ds, { organisationId: org.id, roles: ['appraiser'] });
    return { ...user, organisationId: org.id, authorityId: org.authority_id };
  };

  const scoresOf = (detail: TaskDetail, leaves = detail.leaves) => ({
    scores: leaves.map((l) => ({ code: l.code, points: l.maxPoints, comment: 'Phù hợp tài liệu kiểm chứng.' })),
  });

  beforeAll(async () => {
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    worker = await startTestWorker();
    campaignId = (
      await api.app.get(CampaignSeedService).seedFromPlan({
        planKey: 'uong-bi-2023',
        code: 'lock-order',
        selfAssessmentDueAt: new Date(Date.now() + 10 * DAY),
        actor: { userId: null, label: 'system:test' },
      })
    ).id;
    appraiser = await sessionOf('nv', ['appraiser']);

    // One unit submits; routing gives the secretariat three tasks of that one sheet.
    const submitter = await sessionOf('tp', ['unit_officer']);
    const [sheet] = await rows<{ id: number }>(
      ds.manager,
      `SELECT s.id FROM score_sheets s JOIN units u ON u.id = s.unit_id WHERE s.campaign_id = ? AND u.code = 'tp'`,
      [campaignId],
    );
    const entries = await completeEntriesOf(ds, sheet.id);
    expect((await send(submitter, 'PUT', `/api/sheets/${sheet.id}/entries`, { entries })).status).toBe(200);
    expect((await send(submitter, 'POST', `/api/sheets/${sheet.id}/submit`)).status).toBe(200);
    const routed = await eventually(async () => {
      const found = await rows<{ id: number; content_area: string }>(
        ds.manager,
        'SELECT id, content_area FROM appraisal_tasks WHERE sheet_id = ? ORDER BY id',
        [sheet.id],
      );
      const mine = found.filter((t) => NV_AREAS.includes(t.content_area)).map((t) => t.id);
      return mine.length === NV_AREAS.length ? mine : undefined;
    });
    tasks = routed!;
    // Routing was all the worker was for: no job of it takes locks while the test holds the campaign row.
    await worker.close();
    worker = undefined;
  });

  afterEach(async () => {
    for (const qr of open.splice(0)) {
      await qr.rollbackTransaction();
      await qr.release();
    }
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it("a task write holds its sheet and its task, and of its campaign only the phase gate's shared lock", async () => {
    const taskId = tasks[2];
    const sessionUser = await appraiserOfNv();
    const [{ sheet_id: sheetId }] = await rows<{ sheet_id: number }>(
      ds.manager,
      'SELECT sheet_id FROM appraisal_tasks WHERE id = ?',
      [taskId],
    );
    const [otherSheet] = await rows<{ id: number }>(
      ds.manager,
      'SELECT id FROM score_sheets WHERE campaign_id = ? AND id <> ? ORDER BY id LIMIT 1',
      [campaignId, sheetId],
    );
    const probe = ds.createQueryRunner();
    await probe.connect();
    /** Whether another transaction could take this lock now (NOWAIT: a held lock answers an error at once). */
    const free = async (sql: string, id: number) => {
      await probe.startTransaction();
      try {
        await probe.query(`${sql} NOWAIT`, [id]);
        return true;
      } catch {
        return false;
      } finally {
        await probe.rollbackTransaction();
      }
    };
    const held: Record<string, boolean> = {};
    try {
      // A task write's locks (a claim, a score, a completion all begin so), probed while its transaction is open.
      await api.app.get(WorkflowRunner).transaction(async (em) => {
        const task = await loadVisibleTask(em, sessionUser, taskId, { lock: true });
        await assertAppraisalOpen(em, task);
        held.task = !(await free('SELECT id FROM appraisal_tasks WHERE id = ? FOR UPDATE', taskId));
        held.sheet = !(await free('SELECT id FROM score_sheets WHERE id = ? FOR UPDATE', sheetId));
        held.otherSheet = !(await free('SELECT id FROM score_sheets WHERE id = ? FOR UPDATE', otherSheet.id));
        held.campaignShared = !(await free('SELECT id FROM campaigns WHERE id = ? LOCK IN SHARE MODE', campaignId));
        held.campaignExclusive = !(await free('SELECT id FROM campaigns WHERE id = ? FOR UPDATE', campaignId));
      });
    } finally {
      await probe.release();
    }
    // Another unit's save (sheet row, then the gate's shared lock of the campaign) would not wait for this write;
    // a deadline change or an early close (the campaign row for update) would.
    expect(held).toEqual({
      task: true,
      sheet: true,
      otherSheet: false,
      campaignShared: false,
      campaignExclusive: true,
    });
  });

  it('an appraisal deadline change meeting a task write in flight: both land, the deadlock victim run again', async () => {
    // The change locks the campaign row for update, then moves the open tasks' due dates; the task write holds its
    // task, then asks the gate for the campaign row in share mode. A cycle InnoDB breaks by rolling one back: the
    // runner runs its victim again, so neither the secretariat nor the appraiser sees a refusal.
    const taskId = tasks[2];
    const sessionUser = await appraiserOfNv();
    const admin = await sessionOf('nv', ['admin']);
    const [before] = await rows<{ due_at: Date }>(ds.manager, 'SELECT due_at FROM appraisal_tasks WHERE id = ?', [
      taskId,
    ]);
    const dueAt = new Date(before.due_at.getTime() + DAY);
    const deadlocks = async () => {
      const [row] = await rows<{ Value: string }>(ds.manager, "SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'");
      return Number(row.Value);
    };
    const deadlocksBefore = await deadlocks();
    let attempts = 0;
    let change: Promise<Response> | undefined;
    await api.app.get(WorkflowRunner).transaction(async (em) => {
      attempts++;
      const task = await loadVisibleTask(em, sessionUser, taskId, { lock: true });
      if (attempts === 1) {
        change = send(admin, 'PUT', `/api/admin/campaigns/${campaignId}/deadlines/appraisal`, {
          dueAt: dueAt.toISOString(),
          reason: 'Gia hạn thẩm định theo đề nghị của các cơ quan',
        });
        // The change holds the campaign row and waits for this task.
        await eventually(async () => {
          const [row] = await rows<{ n: number | string }>(
            ds.manager,
            `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST
              WHERE db = DATABASE() AND id <> CONNECTION_ID() AND info LIKE 'UPDATE appraisal_tasks%'`,
          );
          return Number(row.n) > 0 ? true : undefined;
        });
      }
      await assertAppraisalOpen(em, task);
    });
    const changed = await change!;
    expect(changed.status).toBe(200);
    const [after] = await rows<{ due_at: Date }>(ds.manager, 'SELECT due_at FROM appraisal_tasks WHERE id = ?', [
      taskId,
    ]);
    expect(after.due_at.toISOString()).toBe(dueAt.toISOString());
    // The cycle happened, and either side may have been its victim: the task write ran once or twice.
    expect(await deadlocks()).toBeGreaterThan(deadlocksBefore);
    expect([1, 2]).toContain(attempts);
  });

  it('a score of a sibling task arriving while a completion waits succeeds after it', async () => {
    const [done, other] = tasks;
    const detail = async (id: number) =>
      (await (await appraiser.fetch(`/api/appraisal/tasks/${id}`)).json()) as TaskDetail;
    // One task fully scored (ready to complete), the other in review with a first score.
    for (const id of [done, other]) {
      expect((await send(appraiser, 'POST', `/api/inbox/tasks/${id}/claim`)).status).toBe(200);
    }
    const full = await detail(done);
    expect((await send(appraiser, 'PUT', `/api/appraisal/tasks/${done}/scores`, scoresOf(full))).status).toBe(200);
    const partial = await detail(other);
    const first = scoresOf(partial, partial.leaves.slice(0, 1));
    expect((await send(appraiser, 'PUT', `/api/appraisal/tasks/${other}/scores`, first)).status).toBe(200);

    // The campaign row held (as a deadline change holds it): the completion waits for it at the phase gate, holding
    // its sheet and the sheet's tasks; the score of the sibling waits for the sheet.
    const hold = ds.createQueryRunner();
    await hold.connect();
    await hold.startTransaction();
    open.push(hold);
    await hold.query('SELECT id FROM campaigns WHERE id = ? FOR UPDATE', [campaignId]);
    const completion = send(appraiser, 'POST', `/api/appraisal/tasks/${done}/complete`);
    await eventually(async () => ((await lockingReads()) >= 1 ? true : undefined), 10_000, 25);
    const score = send(appraiser, 'PUT', `/api/appraisal/tasks/${other}/scores`, scoresOf(partial));
    await eventually(async () => ((await lockingReads()) >= 2 ? true : undefined), 10_000, 25);
    open.splice(open.indexOf(hold), 1);
    await hold.commitTransaction();
    await hold.release();

    const completed = await completion;
    const scored = await score;
    const body = async (res: Response) => ((await res.json()) as { error?: { code: string } }).error?.code ?? 'ok';
    expect([completed.status, await body(completed)]).toEqual([200, 'ok']);
    expect([scored.status, await body(scored)]).toEqual([200, 'ok']);
    const states = await rows<{ id: number; state: string }>(
      ds.manager,
      `SELECT id, state FROM appraisal_tasks WHERE id IN (?, ?) ORDER BY id`,
      [done, other],
    );
    expect(states.map((t) => t.state)).toEqual(['completed', 'inReview']);
  });
});
