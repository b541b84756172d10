import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { AppConfig } from '@config';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOB_HANDLER } from './job-handler.decorator';
import { JOBS, JOB_NAMES, QUEUE_NAMES, type JobName, type QueueName } from './job-registry';
import { APP_CONFIG } from '@lib/database';
import { CONSUMED_QUEUES, WORKER_REDIS } from './tokens';

type Handler = (data: unknown, job: Job) => Promise<unknown>;

/** Thrown at start when the registry and the handlers disagree: a job nobody handles would wait forever. */
export class JobRegistryError extends Error {
  override name = 'JobRegistryError';
}

/**
 * Checks that every registered job has exactly one handler, then runs one BullMQ worker per queue.
 * On shutdown it stops fetching and waits for active jobs, but not longer than SHUTDOWN_TIMEOUT_MS:
 * `worker.close()` has no time limit of its own.
 */
@Injectable()
export class WorkerRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WorkerRunner');
  private readonly workers: Worker[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WORKER_REDIS) private readonly connection: Redis,
    @Inject(CONSUMED_QUEUES) private readonly queues: readonly QueueName[],
  ) {}

  /** Collect `@JobHandler` methods; exported for the registry test. */
  collectHandlers(): Map<JobName, Handler> {
    const found = new Map<JobName, Handler[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') {
        continue;
      }
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = (instance as Record<string, unknown>)[method];
        if (typeof fn !== 'function') {
          continue;
        }
        const name = this.reflector.get<JobName | undefined>(JOB_HANDLER, fn as (...args: unknown[]) => unknown);
        if (name) {
          const bound = (fn as Handler).bind(instance);
          found.set(name, [...(found.get(name) ?? []), bound]);
        }
      }
    }
    return assertHandlersCoverRegistry(found, this.queues);
  }

  async onApplicationBootstrap(): Promise<void> {
    const handlers = this.collectHandlers();
    const byQueue = new Map<QueueName, Map<string, Handler>>();
    for (const [name, handler] of handlers) {
      const queue = JOBS[name].queue;
      byQueue.set(queue, (byQueue.get(queue) ?? new Map<string, Handler>()).set(name, handler));
    }
    for (const [queue, queueHandlers] of byQueue) {
      const worker = new Worker(
        queue,
        async (job: Job) => {
          const handler = queueHandlers.get(job.name);
          if (!handler) {
            throw new Error(`No handler for job ${job.name} on queue ${queue}`);
          }
          return handler(job.data, job);
        },
        {
          connection: this.connection,
          prefix: this.config.redis.prefix,
          concurrency: this.config.worker.concurrency,
          autorun: false,
        },
      );
      worker.on('failed', (job, error) =>
        this.logger.warn(
          `${queue}/${job?.name ?? '?'} ${job?.id ?? ''} failed (attempt ${job?.attemptsMade ?? 0}): ${error.message}`,
        ),
      );
      worker.on('error', (error) => this.logger.error(`${queue} worker error: ${error.message}`));
      this.workers.push(worker);
      void worker.run();
    }
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
    this.logger.log(`Processing ${handlers.size} job kinds on ${this.workers.length} queues`);
  }

  async onApplicationShutdown(): Promise<void> {
    const timeoutMs = this.config.worker.shutdownTimeoutMs;
    await Promise.all(
      this.workers.map(async (worker) => {
        let timer: NodeJS.Timeout | undefined;
        const graceful = worker.close().then(() => 'closed' as const);
        const timeout = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), timeoutMs);
        });
        const outcome = await Promise.race([graceful, timeout]);
        clearTimeout(timer);
        if (outcome === 'timeout') {
          this.logger.warn(`${worker.name}: active jobs still running after ${timeoutMs} ms; closing forcefully`);
          await worker.close(true);
        }
      }),
    );
  }
}

/**
 * Every registered job of the consumed queues must have exactly one handler, and every handler a registered job of
 * those queues (a handler of a queue this process does not consume would never run).
 */
export function assertHandlersCoverRegistry(
  found: Map<JobName, Handler[]>,
  queues: readonly QueueName[] = QUEUE_NAMES,
): Map<JobName, Handler> {
  const problems: string[] = [];
  for (const name of JOB_NAMES.filter((n) => queues.includes(JOBS[n].queue))) {
    const list = found.get(name) ?? [];
    if (list.length === 0) {
      problems.push(`job "${name}" has no handler`);
    } else if (list.length > 1) {
      problems.push(`job "${name}" has ${list.length} handlers`);
    }
  }
  for (const name of found.keys()) {
    if (!JOB_NAMES.includes(name)) {
      problems.push(`handler for unregistered job "${String(name)}"`);
    } else if (!queues.includes(JOBS[name].queue)) {
      problems.push(`handler for job "${name}" of queue "${JOBS[name].queue}", which this process does not consume`);
    }
  }
  if (problems.length > 0) {
    throw new JobRegistryError(`Job registry mismatch: ${problems.join('; ')}.`);
  }
  return new Map([...found].map(([name, list]) => [name, list[0]]));
}
