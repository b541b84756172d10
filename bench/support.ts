import { loadConfig, processEnv, testNamespace, type AppConfig } from '@config';
import { openDataSource, recreateDatabase } from '@lib/database';
import type { DataSource } from 'typeorm';

/**
 * A scratch database for benchmarks (par_index_bench…), migrated from empty, never the dev database. With
 * `TEST_NAMESPACE` set, the database name and queue prefix carry it, so two people benchmarking on one machine
 * never drop each other's data.
 */
export async function benchDatabase(baseName = 'par_index_bench'): Promise<{ config: AppConfig; ds: DataSource }> {
  const ns = testNamespace();
  const name = ns ? `${baseName}_${ns}` : baseName;
  const base = loadConfig();
  const url = new URL(base.database.url);
  url.pathname = `/${name}`;
  const config = loadConfig({
    ...processEnv(),
    DATABASE_URL: url.toString(),
    QUEUE_PREFIX: `parbench${ns}`,
    LOG_LEVEL: 'silent',
  });
  await recreateDatabase(config, name);
  const ds = await openDataSource(config, { poolSize: 10 });
  await ds.runMigrations({ transaction: 'each' });
  return { config, ds };
}
