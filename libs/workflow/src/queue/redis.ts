import type { AppConfig } from '@config';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * Producers (HTTP handlers) fail fast when Redis is down — no offline queue, one retry — so the api can
 * answer 503 at once; workers wait for Redis forever (`maxRetriesPerRequest: null`, as BullMQ requires).
 */
export function createRedis(config: AppConfig, role: 'producer' | 'worker'): Redis {
  const options: RedisOptions =
    role === 'producer'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 3000, lazyConnect: false }
      : { maxRetriesPerRequest: null, enableReadyCheck: true };
  const client = new Redis(config.redis.url, options);
  // Errors surface through the commands that fail; this listener keeps ioredis from crashing the process.
  client.on('error', () => undefined);
  return client;
}

/**
 * Delete every key under the configured queue prefix (schedulers, delayed and finished jobs, ids) — without
 * flushing a Redis that others share. For a database that starts again from empty (a test file, the scale
 * fixture): job ids are derived from row ids (`sheet-3-submitted`) and ids restart with the database, so a job
 * left by an earlier run would otherwise deduplicate, and silently swallow, the same job of this one.
 * Returns how many keys went.
 */
export async function deleteQueueKeys(config: AppConfig): Promise<number> {
  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.redis.prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) {
        deleted += await redis.del(...keys);
      }
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}
