import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { APP_CONFIG } from '@lib/database';
import type { AppConfig } from '@config';
import type { Redis } from 'ioredis';
import { JobQueue } from './job-queue.service';
import { createRedis } from './redis';
import { CONSUMED_QUEUES, PRODUCER_REDIS, WORKER_REDIS } from './tokens';
import type { QueueName } from './job-registry';
import { WorkerRunner } from './worker-runner.service';

class QueueCloser implements OnApplicationShutdown {
  constructor(
    private readonly jobs: JobQueue,
    @Inject(PRODUCER_REDIS) private readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.jobs.close();
    this.redis.disconnect();
  }
}

class WorkerRedisCloser implements OnApplicationShutdown {
  constructor(@Inject(WORKER_REDIS) private readonly redis: Redis) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

/**
 * Producers everywhere (`JobQueue`); consumers only where `forRoot({ consume: [queues] })` — the worker process
 * (WORKER_QUEUES) and the reports process (REPORT_QUEUES), so api replicas never process jobs.
 */
@Global()
@Module({})
export class QueueModule {
  static forRoot(options: { consume: false | readonly QueueName[] }): DynamicModule {
    const producer = [
      {
        provide: PRODUCER_REDIS,
        inject: [APP_CONFIG],
        useFactory: (config: AppConfig) => createRedis(config, 'producer'),
      },
      {
        provide: JobQueue,
        inject: [APP_CONFIG, PRODUCER_REDIS],
        useFactory: (config: AppConfig, redis: Redis) => JobQueue.fromConfig(config, redis),
      },
      QueueCloser,
    ];
    const consumer = options.consume
      ? [
          {
            provide: WORKER_REDIS,
            inject: [APP_CONFIG],
            useFactory: (config: AppConfig) => createRedis(config, 'worker'),
          },
          { provide: CONSUMED_QUEUES, useValue: options.consume },
          WorkerRunner,
          WorkerRedisCloser,
        ]
      : [];
    return {
      module: QueueModule,
      imports: options.consume ? [DiscoveryModule] : [],
      providers: [...producer, ...consumer],
      exports: [JobQueue, PRODUCER_REDIS],
    };
  }
}
