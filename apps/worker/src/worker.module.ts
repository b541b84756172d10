import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@config';
import { DatabaseModule } from '@lib/database';
import { QueueModule, WORKER_QUEUES, WorkflowEngineModule } from '@lib/workflow';
import { DeadlinesProcessor } from './processors/deadlines.processor';
import { MailProcessor } from './processors/mail.processor';
import { MailSender } from './mail/mail-sender.service';
import { RemindersProcessor } from './processors/reminders.processor';
import { ReminderService } from '@lib/reminders';
import { OutboxProcessor } from './processors/outbox.processor';
import { RoutingProcessor } from './processors/routing.processor';
import { RoutingService } from './routing/routing.service';
import { SchedulesService } from './schedules.service';

/** The worker process: BullMQ processors, the outbox relay and the reconcilers — no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [DatabaseModule.forRoot(config), QueueModule.forRoot({ consume: WORKER_QUEUES }), WorkflowEngineModule],
      providers: [
        OutboxProcessor,
        DeadlinesProcessor,
        RoutingProcessor,
        RoutingService,
        SchedulesService,
        RemindersProcessor,
        ReminderService,
        MailProcessor,
        MailSender,
      ],
    };
  }
}
