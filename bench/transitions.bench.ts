import { createPool } from 'mysql2/promise';
import { DATA_SOURCE, write } from '@lib/database';
import { AUDIT_ROW_INSERT, AuditLog, auditInsertParams, transitionStatements, WorkflowRunner } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import { createServiceContext } from '../apps/api/src/bootstrap/bootstrap';
import { row, type Benchmark } from './harness';
import { benchDatabase } from './support';

const DURATION_MS = 1500;
const ROUNDS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Run `op(worker)` from `concurrency` loops for DURATION_MS; returns operations per second. */
async function throughput(concurrency: number, op: (worker: number, i: number) => Promise<void>): Promise<number> {
  let done = 0;
  const until = Date.now() + DURATION_MS;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = 0; Date.now() < until; i++) {
        await op(worker, i);
        done++;
      }
    }),
  );
  return (done * 1000) / DURATION_MS;
}

async function campaignRows(ds: DataSource, runner: WorkflowRunner, n: number): Promise<number[]> {
  const ids: number[] = [];
  const authority = await write(ds.manager, "INSERT INTO authorities (code, name) VALUES ('bench', 'Bench')");
  for (let i = 0; i < n; i++) {
    const columns = WorkflowRunner.newInstanceColumns('campaign');
    const id = await ds.transaction(async (em) => {
      const inserted = await write(
        em,
        `INSERT INTO campaigns (authority_id, code, name, year, timezone, plan_code, plan, machine_id, machine_version, state, snapshot, version)
         VALUES (?, ?, 'bench', 2023, 'Asia/Ho_Chi_Minh', 'bench', '{}', ?, ?, ?, ?, ?)`,
        [
          authority.insertId,
          `b${i}`,
          columns.machine_id,
          columns.machine_version,
          columns.state,
          columns.snapshot,
          columns.version,
        ],
      );
      const day = 86_400_000;
      const t = Date.now() + 30 * day;
      await runner.start(em, {
        machineId: 'campaign',
        id: inserted.insertId,
        input: {
          campaignId: inserted.insertId,
          deadlines: {
            selfAssessment: new Date(t).toISOString(),
            appraisal: new Date(t + day).toISOString(),
            councilReview: new Date(t + 2 * day).toISOString(),
            approval: new Date(t + 3 * day).toISOString(),
          },
        },
        actor: { userId: null, label: 'system:bench' },
      });
      return inserted.insertId;
    });
    ids.push(id);
  }
  return ids;
}

/**
 * Persisted transitions per second through the runner (load → pure step → conditional UPDATE → audit chain
 * → outbox → commit) vs. raw mysql2 doing SELECT + conditional UPDATE + INSERT in one transaction, each loop
 * on its own row so there are no conflicts. Goal ≥ 0.8; and, as information, the runner against its own three statements
 * sent bare (see `ownStatements`).
 */
const bench: Benchmark = {
  name: 'transitions',
  async run() {
    const { config, ds: scratch } = await benchDatabase();
    await scratch.destroy();
    const context = await createServiceContext(config);
    const ds = context.get<DataSource>(DATA_SOURCE);
    const runner = context.get(WorkflowRunner);
    const pool = createPool({
      host: config.database.host,
      port: config.database.port,
      user: config.database.user,
      password: config.database.password,
      database: config.database.name,
      connectionLimit: 10,
    });
    try {
      const ids = await campaignRows(ds, runner, 8);
      await pool.query('CREATE TABLE raw_instances (id INT PRIMARY KEY, snapshot TEXT, version INT NOT NULL)');
      await pool.query('CREATE TABLE raw_audit (id INT AUTO_INCREMENT PRIMARY KEY, instance_id INT, data TEXT)');
      await pool.query(
        "INSERT INTO raw_instances VALUES (0,'{}',0),(1,'{}',0),(2,'{}',0),(3,'{}',0),(4,'{}',0),(5,'{}',0),(6,'{}',0),(7,'{}',0)",
      );
      const generation = ids.map(() => 1);
      const viaRunner = (worker: number) =>
        runner
          .transition({
            machineId: 'campaign',
            id: ids[worker],
            // A change of a later phase's deadline: accepted every time (new generation), no effects.
            event: {
              type: 'deadline.extended',
              phase: 'approval',
              dueAt: new Date(Date.now() + 90 * 86_400_000).toISOString(),
              generation: ++generation[worker],
            },
            actor: { userId: null, label: 'system:bench' },
          })
          .then(() => undefined);
      const raw = async (worker: number) => {
        const connection = await pool.getConnection();
        try {
          await connection.beginTransaction();
          const [found] = await connection.query('SELECT snapshot, version FROM raw_instances WHERE id = ?', [worker]);
          const { version } = (found as Array<{ version: number }>)[0];
          const [updated] = await connection.query(
            'UPDATE raw_instances SET snapshot = ?, version = version + 1 WHERE id = ? AND version = ?',
            ['{"x":1}', worker, version],
          );
          if ((updated as { affectedRows: number }).affectedRows !== 1) {
            throw new Error('conflict');
          }
          await connection.query('INSERT INTO raw_audit (instance_id, data) VALUES (?, ?)', [worker, '{}']);
          await connection.commit();
        } finally {
          connection.release();
        }
      };
      // The runner's own three statements with their parameters, sent bare through mysql2 (prepared, as the runner
      // sends them) on a connection of its own: what the database and the driver cost for this transition, without
      // the runner's JS (loading, stepping the machine, serialising). Information beside the rows above, whose
      // baseline writes a 7-byte snapshot and a 2-column audit row.
      const audit = context.get(AuditLog);
      const { load, writeWithHead } = transitionStatements('campaign');
      const ownStatements = async (worker: number) => {
        const connection = await pool.getConnection();
        try {
          await connection.beginTransaction();
          const [found] = await connection.execute(load, [ids[worker]]);
          const row = (
            found as Array<{
              state: string;
              snapshot: string;
              version: number;
              machine_version: number;
              now: Date;
              head_seq: number;
              head_hash: string;
            }>
          )[0];
          const entry = audit.prepare(
            {
              actorUserId: null,
              actor: 'system:bench',
              action: 'deadline.extended',
              entityType: 'campaign',
              entityId: ids[worker],
              fromState: row.state,
              toState: row.state,
              data: { generation: row.version },
            },
            row.now,
            { seq: row.head_seq, hash: row.head_hash },
          );
          const [updated] = await connection.execute(writeWithHead, [
            row.snapshot,
            row.state,
            row.machine_version,
            entry.next.seq,
            entry.next.hash,
            ids[worker],
            row.version,
            entry.previous.seq,
          ]);
          if ((updated as { affectedRows: number }).affectedRows !== 1) {
            throw new Error('conflict');
          }
          await connection.execute(AUDIT_ROW_INSERT, auditInsertParams(entry));
          await connection.commit();
        } finally {
          connection.release();
        }
      };
      const rows = [];
      for (const concurrency of [1, 8]) {
        // Alternate baseline and app in short rounds and keep the medians: a shared machine's load drifts.
        const baselines: number[] = [];
        const figures: number[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          baselines.push(await throughput(concurrency, raw));
          figures.push(await throughput(concurrency, viaRunner));
        }
        rows.push(
          row(
            `persisted transitions, concurrency ${concurrency}`,
            median(figures),
            median(baselines),
            'tx/s',
            true,
            `median of ${ROUNDS} alternating rounds; vs raw mysql2 SELECT + conditional UPDATE + INSERT`,
            0.8,
          ),
        );
      }
      {
        const bare: number[] = [];
        const figures: number[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          bare.push(await throughput(8, ownStatements));
          figures.push(await throughput(8, viaRunner));
        }
        rows.push(
          row(
            'persisted transitions, concurrency 8, vs its own statements sent bare',
            median(figures),
            median(bare),
            'tx/s',
            true,
            `median of ${ROUNDS} alternating rounds; vs the runner's SELECT, UPDATE and audit INSERT sent bare through mysql2`,
          ),
        );
      }
      return rows;
    } finally {
      await pool.end();
      await context.close();
    }
  },
};

export default bench;
