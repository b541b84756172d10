import type { AppConfig } from '@config';

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
