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
