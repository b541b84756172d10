import type { AppConfig } from '@config';
import { Redis } from 'ioredis';

/** One sentence for a person when Redis cannot be reached: what was tried, what to set, how to start it. */
export function describeRedisError(config: AppConfig, error: unknown): string {
  const url = new URL(config.redis.url);
  const code = (error as { code?: string }).code ?? '';
  const reason = code === 'ECONNREFUSED' ? 'nothing is listening there' : (error as Error).message || String(error);
  return (
    `Cannot reach Redis at ${url.hostname}:${url.port || 6379}: ${reason}. ` +
    `Set REDIS_URL (e.g. redis://host:6379) or start the server (e.g. "redis-server --daemonize yes").`
  );
}

/** PING Redis once with a time limit; resolves or rejects with the underlying error. */
export async function pingRedis(config: AppConfig, timeoutMs = 3000): Promise<void> {
  const client = new Redis(config.redis.url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  // connect() rejects with a generic "Connection is closed"; the socket error says why (ECONNREFUSED…).
  let socketError: Error | undefined;
  client.on('error', (error: Error) => (socketError ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw socketError ?? error;
  } finally {
    client.disconnect();
  }
}
