import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { testConfig, type AppConfig } from '@config';
import type { DestinationStream } from 'pino';
import { createApiApp, createReportsWorkerApp } from '../../apps/api/src/app.factory';
import { createWorkerApp } from '../../apps/worker/src/worker.factory';
import { installContractCheck } from './contract';

export interface TestApi {
  app: NestExpressApplication;
  url: string;
  config: AppConfig;
  close(): Promise<void>;
}

/**
 * The real api on an ephemeral port, against this jest worker's database and queue prefix. Every exchange with it
 * is checked against docs/openapi.json (test/support/contract.ts); test/setup/isolate-file.ts fails the test
 * that saw a violation.
 */
export async function startTestApi(
  overrides: Record<string, string> = {},
  options: { logDestination?: DestinationStream } = {},
): Promise<TestApi> {
  const config = testConfig(overrides);
  const app = await createApiApp(config, options);
  await app.listen(0, '127.0.0.1');
  installContractCheck(app.getHttpServer());
  const address = app.getHttpServer().address() as { port: number };
  return { app, config, url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}

/** The real worker (BullMQ processors, relay, reconcilers) in this process. */
export async function startTestWorker(overrides: Record<string, string> = {}): Promise<INestApplicationContext> {
  return createWorkerApp(testConfig(overrides));
}

/** The real reports process (the `reports` queue: exports built off the request) in this process. */
export async function startTestReportsWorker(overrides: Record<string, string> = {}): Promise<INestApplicationContext> {
  return createReportsWorkerApp(testConfig(overrides));
}
