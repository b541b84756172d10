import { testConfig, type AppConfig } from '@config';
import { openDataSource } from '@lib/database';
import type { DataSource } from 'typeorm';

/** A DataSource on this jest worker's database (migrated by the global setup). */
export async function openTestDataSource(config: AppConfig = testConfig()): Promise<DataSource> {
  return openDataSource(config, { poolSize: 4 });
}

/** Empty every table but the migrations log — call in beforeEach/afterAll so files do not see each other's rows. */
export async function truncateAll(ds: DataSource): Promise<void> {
  const rows: Array<{ name: string }> = await ds.query(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' AND table_name <> 'migrations'",
  );
  // TRUNCATE, not DELETE: the audit log refuses DELETE by trigger, and TRUNCATE fires no triggers.
  const runner = ds.createQueryRunner();
  try {
    await runner.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const { name } of rows) {
      await runner.query(`TRUNCATE TABLE \`${name}\``);
    }
    await runner.query('SET FOREIGN_KEY_CHECKS = 1');
  } finally {
    await runner.release();
  }
}
