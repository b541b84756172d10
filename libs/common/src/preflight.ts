import type { AppConfig } from '@config';
import { describeMysqlError, detectFlavour, ensureDatabase } from '@lib/database';
import { describeRedisError, pingRedis } from './redis-preflight';

/** A dependency is unreachable; the message is one sentence for a person (no stack trace). */
export class PreflightError extends Error {
  override name = 'PreflightError';
}

/**
 * Before a process starts serving: MySQL answers (and the database exists, when asked to create it) and
 * Redis answers. Fails with a sentence naming what was tried, the variable to set and how to start it.
 */
export async function preflight(config: AppConfig, options: { createDatabase?: boolean } = {}): Promise<void> {
  try {
    if (options.createDatabase) {
      await ensureDatabase(config);
    } else {
      await detectFlavour(config);
    }
  } catch (error) {
    throw new PreflightError(describeMysqlError(config, error));
  }
  try {
    await pingRedis(config);
  } catch (error) {
    throw new PreflightError(describeRedisError(config, error));
  }
}

/** For process entry points: print a one-sentence reason for known start-up failures, the error otherwise. */
export function reportStartupFailure(error: unknown): never {
  const known = error instanceof Error && ['PreflightError', 'ConfigError', 'JobRegistryError'].includes(error.name);
  console.error(known ? error.message : error);
  process.exit(1);
}
