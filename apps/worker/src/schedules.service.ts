import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '@lib/database';
import type { AppConfig } from '@config';
import { DeadlineService, JobQueue } from '@lib/workflow';

/**
 * Business schedules are BullMQ job schedulers (one per id across all worker replicas), never @Cron, which
 * fires in every process. At start the worker also reconciles once, so deadlines that fell due while no
 * worker ran are fired at once.
 */
@Injectable()
export class SchedulesService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Schedules');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly deadlines: DeadlineService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.schedule('deadlines-reconcile', 'deadlines.reconcile', {}, this.config.worker.reconcileEveryMs);
    await this.jobs.schedule('outbox-relay', 'outbox.relay', {}, 5_000);
    // Reminder slots: the tick finds each campaign's due sending slot (08:00 local by default) and re-enqueues
    // stuck mail; building a slot is idempotent per (campaign, slot), so ticks may run anywhere, any number of times.
    await this.jobs.schedule('reminders-tick', 'reminders.tick', {}, this.config.mail.reminderTickMs);
    const result = await this.deadlines.reconcile();
    this.logger.log(`start-up reconcile: ${JSON.stringify(result)}`);
  }
}
