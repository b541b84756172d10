import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { testConfig } from '@config';
import { DATA_SOURCE, DatabaseModule } from '@lib/database';
import {
  DeadlineService,
  JobQueue,
  OutboxRelay,
  QueueModule,
  WorkflowEngineModule,
  WorkflowRunner,
} from '@lib/workflow';
import type { DataSource } from 'typeorm';

export interface Engine {
  app: INestApplicationContext;
  ds: DataSource;
  runner: WorkflowRunner;
  relay: OutboxRelay;
  deadlines: DeadlineService;
  jobs: JobQueue;
  close(): Promise<void>;
}

/** The workflow engine (runner, relay, deadlines) without HTTP and without consuming jobs. */
export async function createEngine(overrides: Record<string, string> = {}): Promise<Engine> {
  const config = testConfig(overrides);
  @Module({ imports: [DatabaseModule.forRoot(config), QueueModule.forRoot({ consume: false }), WorkflowEngineModule] })
  class EngineTestModule {}
  const app = await NestFactory.createApplicationContext(EngineTestModule, { logger: false });
  return {
    app,
    ds: app.get<DataSource>(DATA_SOURCE),
    runner: app.get(WorkflowRunner),
    relay: app.get(OutboxRelay),
    deadlines: app.get(DeadlineService),
    jobs: app.get(JobQueue),
    close: () => app.close(),
  };
}

/** Poll until `check` returns a truthy value (or fail after `timeoutMs`). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) {
        return value;
      }
    } catch (error) {
      last = error;
    }
    if (Date.now() > until) {
      throw new Error(`condition not met within ${timeoutMs} ms${last instanceof Error ? `: ${last.message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
