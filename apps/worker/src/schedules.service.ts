import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@lib/database';
import type { AppConfig } from '@config';
import { DeadlineService, JobQueue, type JobName } from '@lib/workflow';

interface Schedule {
  id: string;
  job: JobName;
  everyMs: number;
}

/**
 * Business schedules are BullMQ job schedulers (one per id across all worker replicas), never @Cron, which
 * fires in every process. At start the worker also reconciles once, so deadlines that fell due while no
 * worker ran are fired at once.
 *
 * The schedulers live only in Redis: a FLUSHALL, a restart without persistence or a failover to an empty replica
 * removes them, and a worker that kept running would never fire a deadline or build a reminder again. So each
 * worker checks them on a timer of its own (a BullMQ job cannot watch over BullMQ), re-creates what is missing
 * with a warning, and — since the deadline jobs went with them — reconciles at once.
 */
@Injectable()
export class SchedulesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Schedules');
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<unknown> | undefined;
  private failing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly deadlines: DeadlineService,
  ) {}

  private schedules(): Schedule[] {
    return [
      { id: 'deadlines-reconcile', job: 'deadlines.reconcile', everyMs: this.config.worker.reconcileEveryMs },
      { id: 'outbox-relay', job: 'outbox.relay', everyMs: 5_000 },
      // Reminder slots: the tick finds each campaign's due sending slot (08:00 local by default) and re-enqueues
      // stuck mail; building a slot is idempotent per (campaign, slot), so ticks may run anywhere, any number of times.
      { id: 'reminders-tick', job: 'reminders.tick', everyMs: this.config.mail.reminderTickMs },
      // Run by the reports process (the `reports` queue); scheduled and watched over here with the others.
      { id: 'reports-sweep', job: 'reports.sweep', everyMs: this.config.reports.sweepEveryMs },
    ];
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const s of this.schedules()) {
      await this.jobs.schedule(s.id, s.job, {}, s.everyMs);
    }
    const result = await this.deadlines.reconcile();
    this.logger.log(`start-up reconcile: ${JSON.stringify(result)}`);
    this.timer = setInterval(() => {
      // One check at a time: a slow Redis must not stack them up.
      this.checking ??= this.check().finally(() => (this.checking = undefined));
    }, this.config.worker.scheduleCheckEveryMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
  }

  /** Re-create every missing schedule; when any was missing, Redis lost data: rebuild the deadline jobs too. */
  async check(): Promise<string[]> {
    try {
      const missing: Schedule[] = [];
      for (const s of this.schedules()) {
        if (!(await this.jobs.scheduleAlive(s.id, s.job, s.everyMs))) {
          missing.push(s);
        }
      }
      if (this.failing) {
        this.failing = false;
        this.logger.log('recurring jobs can be checked again');
      }
      if (missing.length === 0) {
        return [];
      }
      this.logger.warn(
        `recurring jobs missing in Redis (flushed, restarted without persistence or failed over?): ` +
          `${missing.map((s) => s.id).join(', ')}; re-creating them and reconciling deadlines now`,
      );
      for (const s of missing) {
        await this.jobs.schedule(s.id, s.job, {}, s.everyMs);
      }
      const result = await this.deadlines.reconcile();
      this.logger.warn(`recurring jobs re-created; reconcile: ${JSON.stringify(result)}`);
      return missing.map((s) => s.id);
    } catch (error) {
      // Redis (or MySQL) does not answer: the next tick tries again. Say so once, not every tick.
      if (!this.failing) {
        this.failing = true;
        this.logger.warn(`cannot check recurring jobs, will retry: ${(error as Error).message}`);
      }
      return [];
    }
  }
}
