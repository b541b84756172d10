import { loadConfig, type AppConfig } from './app-config';

/**
 * Per-jest-worker isolation: one database and one queue prefix per worker, so suites
 * running in parallel never see each other's rows or jobs.
 */
export function testWorkerId(): string {
  return process.env.JEST_WORKER_ID ?? '1';
}

/**
 * Optional namespace (`TEST_NAMESPACE=alice npm test`) so two test runs on one machine — two developers, or a
 * developer and CI — never drop each other's databases or flush each other's queues.
 */
export function testNamespace(): string {
  const ns = process.env.TEST_NAMESPACE ?? '';
  if (!/^[a-z0-9]{0,12}$/.test(ns)) {
    throw new Error('TEST_NAMESPACE must be at most 12 lower-case letters or digits.');
  }
  return ns;
}

export function testEnv(
  overrides: Record<string, string> = {},
  id: string = testWorkerId(),
): Record<string, string | undefined> {
  const base = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const db = new URL(base.database.url);
  db.pathname = `/par_index_test_${testNamespace()}${id}`;
  return {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: db.toString(),
    QUEUE_PREFIX: `partest${testNamespace()}${id}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // JSON straight to stdout: the pretty format runs pino-pretty in a worker thread per app, which outlives the
    // app's close() and keeps jest from exiting. TEST_LOG_FORMAT=pretty for a readable run by hand.
    LOG_FORMAT: process.env.TEST_LOG_FORMAT ?? 'json',
    UPLOAD_DIR: `${process.cwd()}/var/test-uploads-${testNamespace()}${id}`,
    ...overrides,
  };
}

export function testConfig(overrides: Record<string, string> = {}, id: string = testWorkerId()): AppConfig {
  return loadConfig(testEnv(overrides, id));
}
