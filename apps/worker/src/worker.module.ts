import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@config';
import { DatabaseModule } from '@lib/database';
import { QueueModule } from '@lib/workflow';

/** The worker process: BullMQ processors, the outbox relay and the reconcilers — no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [DatabaseModule.forRoot(config), QueueModule.forRoot({ consume: true })],
    };
  }
}
