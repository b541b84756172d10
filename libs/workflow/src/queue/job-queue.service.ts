import type { AppConfig } from '@config';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOBS, QUEUE_NAMES, type JobName, type JobPayloads, type JobSpec, type QueueName } from './job-registry';

/** Settings that replace a registry entry's retry budget (config/env.ts), e.g. MAIL_FAST_ATTEMPTS. */
export type JobSpecOverrides = Partial<Record<JobName, Partial<Pick<JobSpec, 'attempts' | 'backoffMs'>>>>;

const DAY_S = 24 * 3600;

/**
 * The typed producer: every enqueue goes through here, with the registry's attempts/backoff and an
 * age-based retention (count-based retention with big payloads has filled Redis in other projects).
 */
export class JobQueue {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    connection: Redis,
    prefix: string,
    private readonly overrides: JobSpecOverrides = {},
  ) {
    for (const name of QUEUE_NAMES) {
      const queue = new Queue(name, { connection, prefix });
      // Connection errors surface through the commands that fail (503 "try again") and in /health/ready; without
      // a listener BullMQ would print a stack for every reconnect attempt while Redis is down.
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
  }

  static fromConfig(config: AppConfig, connection: Redis): JobQueue {
    return new JobQueue(connection, config.redis.prefix, JobQueue.overridesOf(config));
  }

  static overridesOf(config: AppConfig): JobSpecOverrides {
    return { 'mail.send': { attempts: config.mail.fastAttempts, backoffMs: config.mail.fastBackoffMs } };
  }

  /** The registry entry of a job with this deployment's settings applied. */
  spec<K extends JobName>(name: K): JobSpec {
    return { ...JOBS[name], ...this.overrides[name] };
  }

  queue(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) {
      throw new Error(`Unknown queue ${name}`);
    }
    return queue;
  }

  /** Options for a job: attempts and exponential backoff from the registry, plus the caller's id/delay. */
  options<K extends JobName>(name: K, opts: { jobId?: string; delayMs?: number } = {}): JobsOptions {
    const spec = this.spec(name);
    return {
      jobId: opts.jobId,
      delay: opts.delayMs && opts.delayMs > 0 ? Math.ceil(opts.delayMs) : undefined,
      attempts: spec.attempts,
      backoff: { type: 'exponential', delay: spec.backoffMs, jitter: 0.5 },
      removeOnComplete: spec.keepCompletedSeconds > 0 ? { age: spec.keepCompletedSeconds } : true,
      removeOnFail: { age: 30 * DAY_S },
    };
  }

  /** Enqueue one job. With a deterministic `jobId`, a duplicate add is a no-op while the first job exists. */
  async add<K extends JobName>(
    name: K,
    data: JobPayloads[K],
    opts: { jobId?: string; delayMs?: number } = {},
  ): Promise<void> {
    await this.queue(JOBS[name].queue).add(name, data, this.options(name, opts));
  }

  /** Create or update a recurring schedule (a BullMQ job scheduler: one per id across all replicas). */
  async schedule<K extends JobName>(
    schedulerId: string,
    name: K,
    data: JobPayloads[K],
    everyMs: number,
  ): Promise<void> {
    await this.queue(JOBS[name].queue).upsertJobScheduler(
      schedulerId,
      { every: everyMs },
      { name, data, opts: { removeOnComplete: true, removeOnFail: { age: 7 * DAY_S } } },
    );
  }

  /**
   * Whether a recurring schedule is alive in Redis: the scheduler exists and its next run is not long overdue
   * (a scheduler whose next job was lost never runs again). False after a FLUSHALL, a restart without persistence
   * or a failover to an empty replica.
   */
  async scheduleAlive<K extends JobName>(schedulerId: string, name: K, everyMs: number): Promise<boolean> {
    const scheduler = await this.queue(JOBS[name].queue).getJobScheduler(schedulerId);
    if (!scheduler) {
      return false;
    }
    return scheduler.next === undefined || scheduler.next > Date.now() - (2 * everyMs + 60_000);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
