import { testConfig, type AppConfig } from '@config';
import { openDataSource } from '@lib/database';
import type { DataSource } from 'typeorm';

/** A DataSource on this jest worker's database (migrated by the global setup). */
export async function openTestDataSource(config: AppConfig = testConfig()): Promise<DataSource> {
  return openDataSource(config, { poolSize: 4 });
}

/**
 * Empty every table but the migrations log — call in beforeEach/afterAll so files do not see each other's rows.
 *
 * Only the tables a test touched are truncated: a TRUNCATE re-creates the table's file (tens of ms each, with
 * fsyncs), and with 45 tables and a call before most tests that was a fifth of `npm test`. A table with an
 * auto-increment key was touched when its counter moved (information_schema reads InnoDB's live counter, so a row
 * inserted and deleted again counts too — the ids must restart); the few without one are probed for a row, all in
 * one query.
 */
export async function truncateAll(ds: DataSource): Promise<void> {
  const tables: Array<{ name: string; counter: number | string | null }> = await ds.query(
    `SELECT table_name AS name, auto_increment AS counter FROM information_schema.tables
      WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' AND table_name <> 'migrations'`,
  );
  const touched = tables.filter((t) => t.counter !== null && Number(t.counter) > 1).map((t) => t.name);
  const keyless = tables.filter((t) => t.counter === null).map((t) => t.name);
  if (keyless.length > 0) {
    const nonEmpty: Array<{ name: string }> = await ds.query(
      keyless.map((name) => `(SELECT '${name}' AS name FROM \`${name}\` LIMIT 1)`).join(' UNION ALL '),
    );
    touched.push(...nonEmpty.map((r) => r.name));
  }
  if (touched.length === 0) {
    return;
  }
  // TRUNCATE, not DELETE: the audit log refuses DELETE by trigger, TRUNCATE fires no triggers and restarts ids.
  const runner = ds.createQueryRunner();
  try {
    await runner.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const name of touched) {
      await runner.query(`TRUNCATE TABLE \`${name}\``);
    }
    await runner.query('SET FOREIGN_KEY_CHECKS = 1');
  } finally {
    await runner.release();
  }
}
