import type { AppConfig } from '@config';
import { quoteIdentifier, withServerConnection } from './server-connection';

const CHARSET = 'CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci';

/** Create the configured database (utf8mb4) if it does not exist yet. */
export async function ensureDatabase(config: AppConfig, name = config.database.name): Promise<void> {
  await withServerConnection(config, (c) =>
    c.query(`CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(name)} ${CHARSET}`),
  );
}

/** Drop and re-create a database: used by the test harness and the benchmarks only. */
export async function recreateDatabase(config: AppConfig, name: string): Promise<void> {
  await withServerConnection(config, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`);
    await c.query(`CREATE DATABASE ${quoteIdentifier(name)} ${CHARSET}`);
  });
}
