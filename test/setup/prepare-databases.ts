import 'reflect-metadata';
import type { Config } from '@jest/types';
import { loadConfig, testConfig } from '@config';
import { openDataSource, recreateDatabase } from '@lib/database';
import { Redis } from 'ioredis';

/**
 * Once per `jest` run: a fresh database per jest worker (par_index_test_<n>) with every migration applied,
 * and that worker's queue prefix emptied in Redis. Suites then clean their own rows between files.
 */
export default async function globalSetup(globalConfig: Config.GlobalConfig): Promise<void> {
  const marker = globalThis as { __parIndexTestSetup?: boolean };
  if (marker.__parIndexTestSetup) {
    return; // integration and e2e projects share one setup
  }
  marker.__parIndexTestSetup = true;
  const workers = Math.max(1, globalConfig.maxWorkers);
  const base = loadConfig();
  const redis = new Redis(base.redis.url, { maxRetriesPerRequest: 1 });
  try {
    // The workers' databases side by side: each migration is a chain of round trips that leaves MariaDB mostly idle.
    const ids = Array.from({ length: workers }, (_, i) => String(i + 1));
    await Promise.all(
      ids.map(async (worker) => {
        const config = testConfig({}, worker);
        await recreateDatabase(config, config.database.name);
        const ds = await openDataSource(config, { poolSize: 1 });
        try {
          await ds.runMigrations({ transaction: 'each' });
        } finally {
          await ds.destroy();
        }
        const keys = await redis.keys(`${config.redis.prefix}:*`);
        for (let i = 0; i < keys.length; i += 500) {
          await redis.del(...keys.slice(i, i + 500));
        }
      }),
    );
  } finally {
    redis.disconnect();
  }
}
