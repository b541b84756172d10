/**
 * The lock order of a completion against the writes of its sheet's other tasks (issue 19: in the deadline-day load
 * test a score answered 409 CONCURRENT_UPDATE). A completion ends by reading the sheet's other tasks with a lock
 * (is it the last one?) while it holds the campaign row; a score of one of those tasks locks its own row, then
 * waits for the campaign row. The two deadlocked and InnoDB rolled the score back. With the completion locking the
 * sheet's tasks first, the score waits for the completion and then succeeds.
 *
 * Against the real api and MariaDB. The test holds the campaign row in a transaction of its own so that both
 * requests are seen inside their locking reads (the process list, polled, no fixed sleep) before it lets them run.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { DATA_SOURCE, rows, type Role } from '@lib/database';
import type { DataSource, QueryRunner } from 'typeorm';
import { CampaignSeedService } from '../../apps/api/src/campaigns/campaign-seed.service';
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
        WHERE db = DATABASE() AND command = 'Query' AND info LIKE '%FOR UPDATE%' AND id <> CONNECTION_ID()`,
    );
    return Number(row.n);
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

  it('a score of a sibling task arriving while a completion waits for the campaign row succeeds after it', async () => {
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

    // The campaign row held (as any task write of the province holds it), both requests queue behind it.
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
