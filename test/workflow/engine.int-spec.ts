import { AppError } from '@lib/common';
import { AuditLog, GENESIS_HASH, assertWritable, deadlineJobId, verifyAuditChain } from '@lib/workflow';
import { dbNow, rows, write } from '@lib/database';
import { testConfig } from '@config';
import { Redis } from 'ioredis';
import { campaignState, createCampaign } from '../factories/campaign.factory';
import { truncateAll } from '../support/database';
import { createEngine, eventually, type Engine } from '../support/engine';
import { jobFinished, queuesIdle } from '../support/jobs';
import { spawnTs, waitForOutput } from '../support/process';
import { startTestWorker } from '../support/apps';
import { testEnv } from '@config';

const SYSTEM = { userId: null, label: 'system:test' };

async function countAudit(engine: Engine, campaignId: number, action: string): Promise<number> {
  const [row] = await rows<{ n: number }>(
    engine.ds.manager,
    "SELECT COUNT(*) AS n FROM audit_log WHERE entity_type = 'campaign' AND entity_id = ? AND action = ?",
    [campaignId, action],
  );
  return Number(row.n);
}

async function locks(engine: Engine, campaignId: number): Promise<number> {
  const [row] = await rows<{ n: number }>(
    engine.ds.manager,
    'SELECT COUNT(*) AS n FROM phase_locks WHERE campaign_id = ?',
    [campaignId],
  );
  return Number(row.n);
}

async function flushQueuePrefix(prefix: string): Promise<void> {
  const redis = new Redis(testConfig().redis.url);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) {
    await redis.del(...keys);
  }
  redis.disconnect();
}

describe('workflow engine (real MariaDB + Redis)', () => {
  let engine: Engine;

  beforeAll(async () => {
    engine = await createEngine();
  });
  beforeEach(async () => {
    await truncateAll(engine.ds);
    await flushQueuePrefix(testConfig().redis.prefix);
  });
  afterAll(async () => {
    await engine.close();
  });

  it('should persist each transition with its audit row and outbox rows in one transaction', async () => {
    const id = await createCampaign(engine.ds, engine.runner);
    expect(await campaignState(engine.ds, id)).toEqual({ state: 'selfAssessment', version: 2 });
    const outbox = await rows<{ kind: string; business_key: string }>(
      engine.ds.manager,
      'SELECT kind, business_key FROM outbox ORDER BY id',
    );
    expect(outbox).toEqual([{ kind: 'deadline.schedule', business_key: `campaign-${id}-selfAssessment-deadline-g1` }]);
    const [deadline] = await rows<{ phase: string; generation: number; status: string }>(
      engine.ds.manager,
      'SELECT phase, generation, status FROM deadlines',
    );
    expect(deadline).toEqual({ phase: 'selfAssessment', generation: 1, status: 'scheduled' });
    expect(await countAudit(engine, id, 'campaign.opened')).toBe(1);
  });

  it('should let exactly one of 20 concurrent transitions win: version +1, one audit row, 409 for the rest', async () => {
    const id = await createCampaign(engine.ds, engine.runner);
    const before = await campaignState(engine.ds, id);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        engine.runner.transition({
          machineId: 'campaign',
          id,
          event: { type: 'phase.closed', phase: 'selfAssessment' },
          actor: SYSTEM,
        }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(19);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(AppError);
      expect((r.reason as AppError).kind).toBe('conflict');
    }
    expect(await campaignState(engine.ds, id)).toEqual({ state: 'appraisal', version: before.version + 1 });
    expect(await countAudit(engine, id, 'phase.closed')).toBe(1);
  });

  it('should run the victim of a deadlock between two runner transactions again, so both writes land once', async () => {
    const a = await createCampaign(engine.ds, engine.runner);
    const b = await createCampaign(engine.ds, engine.runner);
    const attempts = [0, 0];
    let holding = 0;
    let bothHold!: () => void;
    const crossed = new Promise<void>((resolve) => (bothHold = resolve));
    // Each locks one row, waits (first attempt only) until the other holds the other row, then asks for it: a
    // deadlock, which InnoDB breaks by rolling one back.
    const cross = (i: number, first: number, second: number) =>
      engine.runner.transaction(async (em) => {
        attempts[i]++;
        await rows(em, 'SELECT id FROM campaigns WHERE id = ? FOR UPDATE', [first]);
        if (attempts[i] === 1) {
          if (++holding === 2) {
            bothHold();
          }
          await crossed;
        }
        await rows(em, 'SELECT id FROM campaigns WHERE id = ? FOR UPDATE', [second]);
        await write(em, 'UPDATE campaigns SET name = CONCAT(name, ?) WHERE id IN (?, ?)', [`+${i}`, first, second]);
      });
    await Promise.all([cross(0, a, b), cross(1, b, a)]);
    expect([...attempts].sort()).toEqual([1, 2]);
    const names = await rows<{ name: string }>(engine.ds.manager, 'SELECT name FROM campaigns WHERE id IN (?, ?)', [
      a,
      b,
    ]);
    for (const { name } of names) {
      expect(name.match(/\+0/g)).toHaveLength(1);
      expect(name.match(/\+1/g)).toHaveLength(1);
    }
  });

  it('should judge a phase by the database clock inside the write transaction, naming the instant in both languages', async () => {
    const now = await dbNow(engine.ds.manager);
    const open = await createCampaign(engine.ds, engine.runner, {
      deadlines: { selfAssessment: new Date(now.getTime() + 60_000) },
    });
    const gate = (campaignId: number) =>
      engine.ds.transaction((em) => assertWritable(em, { writer: 'phaseClose', campaignId, phase: 'selfAssessment' }));
    await expect(gate(open)).resolves.toMatchObject({ window: { closed: null } });
    // A deadline one millisecond behind the database clock is closed, whatever the lock job has done.
    const late = await createCampaign(engine.ds, engine.runner, {
      deadlines: { selfAssessment: new Date(now.getTime() - 1) },
    });
    const refused = await gate(late).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({
      kind: 'locked',
      code: 'PHASE_CLOSED',
      details: { phase: 'selfAssessment', closedAt: new Date(now.getTime() - 1).toISOString(), closedBy: 'deadline' },
    });
    expect((refused as AppError).messageVi).toMatch(
      /^Giai đoạn tự đánh giá, chấm điểm đã kết thúc lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4} \(giờ Việt Nam\), theo thời hạn/,
    );
    expect((refused as AppError).messageEn).toMatch(/^The self-assessment phase closed at .* at its deadline/);
  });

  it('should fire a deadline a few seconds ahead exactly once and lock its phase', async () => {
    const worker = await startTestWorker();
    try {
      const id = await createCampaign(engine.ds, engine.runner, {
        deadlines: { selfAssessment: new Date(Date.now() + 2500) },
      });
      await eventually(async () => (await campaignState(engine.ds, id)).state === 'appraisal', 20_000);
      // Duplicate deliveries of the same generation change nothing.
      const [deadline] = await rows<{ id: number; generation: number }>(
        engine.ds.manager,
        "SELECT id, generation FROM deadlines WHERE phase = 'selfAssessment'",
      );
      expect(await engine.deadlines.fire(deadline.id, deadline.generation)).toBe('stale');
      await engine.jobs.add(
        'deadlines.fire',
        { deadlineId: deadline.id, generation: deadline.generation },
        { jobId: 'dup-deadline-delivery' },
      );
      await jobFinished(engine.jobs, 'deadlines', 'dup-deadline-delivery');
      expect(await countAudit(engine, id, 'phase.deadlineReached')).toBe(1);
      expect(await locks(engine, id)).toBe(1);
      expect((await campaignState(engine.ds, id)).state).toBe('appraisal');
    } finally {
      await worker.close();
    }
  });

  it('should ignore a stale generation after an extension, and fire the new one', async () => {
    const id = await createCampaign(engine.ds, engine.runner, {
      deadlines: { selfAssessment: new Date(Date.now() + 60_000) },
    });
    await engine.runner.transition({
      machineId: 'campaign',
      id,
      event: {
        type: 'deadline.extended',
        phase: 'selfAssessment',
        dueAt: new Date(Date.now() + 120_000).toISOString(),
        generation: 2,
      },
      actor: SYSTEM,
    });
    const [deadline] = await rows<{ id: number; generation: number }>(
      engine.ds.manager,
      'SELECT id, generation FROM deadlines',
    );
    expect(deadline.generation).toBe(2);
    expect(await engine.deadlines.fire(deadline.id, 1)).toBe('stale');
    expect(await engine.deadlines.fire(deadline.id, 2)).toBe('notDue');
    await write(engine.ds.manager, 'UPDATE deadlines SET due_at = UTC_TIMESTAMP(6) WHERE id = ?', [deadline.id]);
    expect(await engine.deadlines.fire(deadline.id, 2)).toBe('fired');
    expect((await campaignState(engine.ds, id)).state).toBe('appraisal');
  });

  it('should re-create a deadline job after Redis is flushed (reconciler), and fire it once', async () => {
    const id = await createCampaign(engine.ds, engine.runner, {
      deadlines: { selfAssessment: new Date(Date.now() + 3000) },
    });
    await engine.relay.relayPending();
    const [deadline] = await rows<{ id: number; generation: number }>(
      engine.ds.manager,
      'SELECT id, generation FROM deadlines',
    );
    const jobId = deadlineJobId(deadline.id, deadline.generation);
    expect(await engine.jobs.queue('deadlines').getJob(jobId)).toBeDefined();
    await flushQueuePrefix(testConfig().redis.prefix);
    expect(await engine.jobs.queue('deadlines').getJob(jobId)).toBeUndefined();
    const result = await engine.deadlines.reconcile();
    expect(result.rescheduled).toBe(1);
    expect(await engine.jobs.queue('deadlines').getJob(jobId)).toBeDefined();
    const worker = await startTestWorker();
    try {
      await eventually(async () => (await campaignState(engine.ds, id)).state === 'appraisal', 20_000);
      // The rescheduled job and the worker's start-up reconcile both ran: a second firing would be in by now.
      await queuesIdle(engine.jobs, ['outbox', 'deadlines']);
      expect(await countAudit(engine, id, 'phase.deadlineReached')).toBe(1);
    } finally {
      await worker.close();
    }
  });

  it('should fire exactly once when the worker is SIGKILLed before the deadline and restarted after it', async () => {
    const env = testEnv({ RECONCILE_EVERY_MS: '60000' });
    const first = spawnTs('apps/worker/src/main.ts', env);
    await waitForOutput(first, /par-index worker started/);
    const id = await createCampaign(engine.ds, engine.runner, {
      deadlines: { selfAssessment: new Date(Date.now() + 4000) },
    });
    // The worker relays the outbox row into a delayed job, then dies before the deadline.
    await eventually(async () => {
      const [row] = await rows<{ n: number }>(
        engine.ds.manager,
        'SELECT COUNT(*) AS n FROM outbox WHERE relayed_at IS NOT NULL',
      );
      return Number(row.n) === 1;
    });
    first.kill('SIGKILL');
    await new Promise((r) => first.on('exit', r));
    // No worker while the deadline passes (by the database clock, the one the engine reads).
    await eventually(async () => {
      const [d] = await rows<{ due: number }>(
        engine.ds.manager,
        "SELECT due_at <= UTC_TIMESTAMP(6) AS due FROM deadlines WHERE phase = 'selfAssessment'",
      );
      return Number(d.due) === 1;
    }, 10_000);
    expect((await campaignState(engine.ds, id)).state).toBe('selfAssessment');
    const second = spawnTs('apps/worker/src/main.ts', env);
    try {
      await waitForOutput(second, /par-index worker started/);
      await eventually(async () => (await campaignState(engine.ds, id)).state === 'appraisal', 20_000);
      await queuesIdle(engine.jobs, ['outbox', 'deadlines']);
      expect(await countAudit(engine, id, 'phase.deadlineReached')).toBe(1);
      expect(await locks(engine, id)).toBe(1);
    } finally {
      second.kill('SIGTERM');
      await new Promise((r) => second.on('exit', r));
    }
  });

  describe('audit log', () => {
    it('should refuse UPDATE and DELETE, and verify a clean chain', async () => {
      await createCampaign(engine.ds, engine.runner);
      await expect(engine.ds.query("UPDATE audit_log SET actor = 'x'")).rejects.toThrow(/append-only/);
      await expect(engine.ds.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
      expect(await verifyAuditChain(engine.ds)).toMatchObject({ ok: true, rows: 2 });
    });

    it('should still verify a chain hashed before (the hash of a row never changes with the code)', async () => {
      // A row and its hash as an earlier build wrote them: quotes, a backslash, Vietnamese and an escaped newline.
      await engine.ds.query(
        `INSERT INTO audit_log (occurred_at, actor_user_id, actor, action, entity_type, entity_id, seq, from_state,
           to_state, request_id, data, prev_hash, row_hash)
         VALUES ('2024-03-16 00:00:00.123', 7, ?, 'sheet.submitted', 'scoreSheet', 42, 1, 'draft', 'submitted', NULL, ?, ?, ?)`,
        [
          'user:nguyễn "văn" \\ a',
          '{"event":{"note":"dòng 1\\ndòng 2","type":"sheet.submitted"}}',
          GENESIS_HASH,
          '4cce452db4ef346173ef8cad6afe39f7ab9b3a3f629c31e0fc9a0b93f98f55b6',
        ],
      );
      await engine.ds.query(
        "INSERT INTO audit_streams (entity_type, entity_id, last_seq, last_hash) VALUES ('scoreSheet', 42, 1, ?)",
        ['4cce452db4ef346173ef8cad6afe39f7ab9b3a3f629c31e0fc9a0b93f98f55b6'],
      );
      expect(await verifyAuditChain(engine.ds)).toMatchObject({ ok: true, rows: 1 });
    });

    it("should keep an instance's chain head on its row, moved by transitions and by writes audited on it alike", async () => {
      const id = await createCampaign(engine.ds, engine.runner);
      const audit = engine.app.get(AuditLog);
      await engine.runner.transaction((em) =>
        audit.record(em, SYSTEM, { action: 'bonus.set', entityType: 'campaign', entityId: id, data: { unitId: 1 } }),
      );
      await engine.runner.transition({
        machineId: 'campaign',
        id,
        event: { type: 'phase.closed', phase: 'selfAssessment' },
        actor: SYSTEM,
      });
      const chain = await rows<{ seq: number; row_hash: string }>(
        engine.ds.manager,
        "SELECT seq, row_hash FROM audit_log WHERE entity_type = 'campaign' AND entity_id = ? ORDER BY seq",
        [id],
      );
      const [head] = await rows<{ audit_seq: number; audit_hash: string }>(
        engine.ds.manager,
        'SELECT audit_seq, audit_hash FROM campaigns WHERE id = ?',
        [id],
      );
      expect(chain.map((r) => r.seq)).toEqual(chain.map((_, i) => i + 1));
      expect(head).toEqual({ audit_seq: chain.length, audit_hash: chain[chain.length - 1].row_hash });
      const streams = await rows(engine.ds.manager, "SELECT * FROM audit_streams WHERE entity_type = 'campaign'");
      expect(streams).toEqual([]);
      expect(await verifyAuditChain(engine.ds)).toMatchObject({ ok: true, rows: chain.length });
    });

    it('should refuse a transition whose instance was audited after it was read, instead of forking the chain', async () => {
      const id = await createCampaign(engine.ds, engine.runner);
      const audit = engine.app.get(AuditLog);
      const transition = engine.runner.transition({
        machineId: 'campaign',
        id,
        event: { type: 'phase.closed', phase: 'selfAssessment' },
        actor: SYSTEM,
        // Between the runner's read of the row (and its head) and its UPDATE, another entry lands on the chain.
        before: (em) => audit.record(em, SYSTEM, { action: 'unit.excluded', entityType: 'campaign', entityId: id }),
      });
      await expect(transition).rejects.toMatchObject({ code: 'CONCURRENT_UPDATE' });
      expect(await campaignState(engine.ds, id)).toEqual({ state: 'selfAssessment', version: 2 });
      expect(await verifyAuditChain(engine.ds)).toMatchObject({ ok: true });
    });

    it("should detect a chain's deleted tail and a removed head, on an instance's row and in audit_streams", async () => {
      const id = await createCampaign(engine.ds, engine.runner);
      const audit = engine.app.get(AuditLog);
      await engine.runner.transaction((em) =>
        audit.record(em, SYSTEM, { action: 'user.updated', entityType: 'user', entityId: 7 }),
      );
      expect(await verifyAuditChain(engine.ds)).toMatchObject({ ok: true, streams: 2 });
      const heads = async () => ({
        campaign: await rows(engine.ds.manager, 'SELECT audit_seq, audit_hash FROM campaigns WHERE id = ?', [id]),
        streams: await rows(engine.ds.manager, 'SELECT * FROM audit_streams'),
      });
      const intact = await heads();
      /** Tamper with a head, expect the verifier to name it, then put every head back as it was. */
      const tamper = async (sql: string, expected: RegExp, entity: string) => {
        await engine.ds.query(sql, [id]);
        expect(await verifyAuditChain(engine.ds)).toMatchObject({
          ok: false,
          entity,
          reason: expect.stringMatching(expected),
        });
        const [c] = intact.campaign as Array<{ audit_seq: number; audit_hash: string }>;
        await engine.ds.query('UPDATE campaigns SET audit_seq = ?, audit_hash = ? WHERE id = ?', [
          c.audit_seq,
          c.audit_hash,
          id,
        ]);
        await engine.ds.query('DELETE FROM audit_streams');
        for (const h of intact.streams as Array<{
          entity_type: string;
          entity_id: number;
          last_seq: number;
          last_hash: string;
        }>) {
          await engine.ds.query('INSERT INTO audit_streams VALUES (?, ?, ?, ?)', [
            h.entity_type,
            h.entity_id,
            h.last_seq,
            h.last_hash,
          ]);
        }
        expect(await heads()).toEqual(intact);
      };
      // A head ahead of its chain is what deleting the chain's last rows leaves behind.
      await tamper(
        'UPDATE campaigns SET audit_seq = audit_seq + 1 WHERE id = ?',
        /deleted from the end/,
        `campaign#${id}`,
      );
      await tamper(
        `UPDATE campaigns SET audit_seq = 0, audit_hash = '${GENESIS_HASH}' WHERE id = ?`,
        /no head/,
        `campaign#${id}`,
      );
      await tamper(
        "UPDATE audit_streams SET last_seq = 2 WHERE entity_type = 'user' AND ? > 0",
        /deleted from the end/,
        'user#7',
      );
      await tamper("DELETE FROM audit_streams WHERE entity_type = 'user' AND ? > 0", /no head/, 'user#7');
      expect(await verifyAuditChain(engine.ds)).toMatchObject({ ok: true });
    });

    it('should name the first broken link when a row is edited directly in MySQL', async () => {
      const id = await createCampaign(engine.ds, engine.runner);
      await engine.runner.transition({
        machineId: 'campaign',
        id,
        event: { type: 'phase.closed', phase: 'selfAssessment' },
        actor: SYSTEM,
      });
      const [second] = await rows<{ id: number }>(
        engine.ds.manager,
        'SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 1',
      );
      // A DBA with enough rights can drop the trigger; the chain still gives them away.
      await engine.ds.query('DROP TRIGGER audit_log_no_update');
      try {
        await engine.ds.query("UPDATE audit_log SET actor = 'user:mallory' WHERE id = ?", [second.id]);
      } finally {
        await engine.ds.query(
          "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only'",
        );
      }
      expect(await verifyAuditChain(engine.ds)).toMatchObject({
        ok: false,
        brokenAtId: second.id,
        reason: expect.stringMatching(/modified/),
      });
    });
  });
});
