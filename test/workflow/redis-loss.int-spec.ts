import { testConfig, testEnv } from '@config';
import { deadlineJobId, deleteQueueKeys } from '@lib/workflow';
import { rows } from '@lib/database';
import { campaignState, createCampaign } from '../factories/campaign.factory';
import { createEngine, eventually, type Engine } from '../support/engine';
import { spawnTs, waitForOutput } from '../support/process';

const RECONCILE_EVERY_MS = 5_000;
const SCHEDULE_CHECK_EVERY_MS = 2_000;

describe('Redis loses its data under a running worker (issue 12, item 9)', () => {
  let engine: Engine;

  beforeAll(async () => {
    engine = await createEngine();
  });
  afterAll(async () => {
    await engine.close();
  });

  it('should notice the missing recurring jobs by itself and still fire a deadline whose job was flushed', async () => {
    const worker = spawnTs(
      'apps/worker/src/main.ts',
      testEnv({
        RECONCILE_EVERY_MS: String(RECONCILE_EVERY_MS),
        SCHEDULE_CHECK_EVERY_MS: String(SCHEDULE_CHECK_EVERY_MS),
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'json',
      }),
    );
    try {
      await waitForOutput(worker, /par-index worker started/);
      const deadlines = engine.jobs.queue('deadlines');
      expect(await deadlines.getJobScheduler('deadlines-reconcile')).toBeDefined();
      const dueAt = new Date(Date.now() + 6_000);
      const id = await createCampaign(engine.ds, engine.runner, { deadlines: { selfAssessment: dueAt } });
      const [deadline] = await rows<{ id: number; generation: number }>(
        engine.ds.manager,
        "SELECT id, generation FROM deadlines WHERE subject_id = ? AND phase = 'selfAssessment'",
        [id],
      );
      // The worker's relay turns the outbox row into the delayed job that would wake the deadline…
      await eventually(
        async () => (await deadlines.getJob(deadlineJobId(deadline.id, deadline.generation))) !== undefined,
      );
      // …and then Redis loses everything of this worker, before the deadline falls due.
      const warned = waitForOutput(worker, /recurring jobs missing in Redis[^"]*deadlines-reconcile/, 30_000);
      warned.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
      expect(await deleteQueueKeys(testConfig())).toBeGreaterThan(0);
      expect(await deadlines.getJobScheduler('deadlines-reconcile')).toBeUndefined();
      expect(await deadlines.getJob(deadlineJobId(deadline.id, deadline.generation))).toBeUndefined();

      // Nothing is restarted: the worker's own timer must notice, re-create and reconcile.
      await warned;
      const budgetMs = RECONCILE_EVERY_MS + 30_000;
      await eventually(
        async () => (await campaignState(engine.ds, id)).state === 'appraisal',
        dueAt.getTime() + budgetMs - Date.now(),
        200,
      );
      const [lock] = await rows<{ locked_at: Date; due_at: Date }>(
        engine.ds.manager,
        "SELECT locked_at, due_at FROM phase_locks WHERE campaign_id = ? AND phase = 'selfAssessment'",
        [id],
      );
      const lateMs = new Date(lock.locked_at).getTime() - new Date(lock.due_at).getTime();
      // The figure for the closing note of issue 12 (time from deadline to lock after the flush).
      console.log(`deadline → lock after the flush: ${lateMs} ms`);
      expect(lateMs).toBeGreaterThanOrEqual(0);
      expect(lateMs).toBeLessThanOrEqual(budgetMs);
      const [fired] = await rows<{ n: number }>(
        engine.ds.manager,
        "SELECT COUNT(*) AS n FROM audit_log WHERE entity_type = 'campaign' AND entity_id = ? AND action = 'phase.deadlineReached'",
        [id],
      );
      expect(Number(fired.n)).toBe(1);
      // The schedules are back, so later deadlines and reminder slots do not depend on this one check.
      for (const [queue, scheduler] of [
        ['deadlines', 'deadlines-reconcile'],
        ['outbox', 'outbox-relay'],
        ['reminders', 'reminders-tick'],
        ['reports', 'reports-sweep'],
      ] as const) {
        expect(await engine.jobs.queue(queue).getJobScheduler(scheduler)).toBeDefined();
      }
    } finally {
      if (worker.exitCode === null && worker.signalCode === null) {
        worker.kill('SIGTERM');
        await new Promise((r) => worker.on('exit', r));
      }
    }
  });
});
