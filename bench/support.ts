import { loadConfig, processEnv, type AppConfig } from '@config';
import { openDataSource, recreateDatabase } from '@lib/database';
import type { DataSource } from 'typeorm';

/** A scratch database for benchmarks (par_index_bench), migrated from empty, never the dev database. */
export async function benchDatabase(name = 'par_index_bench'): Promise<{ config: AppConfig; ds: DataSource }> {
  const base = loadConfig();
  const url = new URL(base.database.url);
  url.pathname = `/${name}`;
  const config = loadConfig({
    ...processEnv(),
    DATABASE_URL: url.toString(),
    QUEUE_PREFIX: 'parbench',
    LOG_LEVEL: 'silent',
  });
  await recreateDatabase(config, name);
  const ds = await openDataSource(config, { poolSize: 10 });
  await ds.runMigrations({ transaction: 'each' });
  return { config, ds };
}
