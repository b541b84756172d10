import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@config';
import { PinoNestLogger, createPinoLogger } from '@lib/common';
import { WorkerModule } from './worker.module';

/** The worker as a Nest application context (no HTTP listener), with shutdown hooks on SIGTERM/SIGINT. */
export async function createWorkerApp(config: AppConfig): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: new PinoNestLogger(createPinoLogger(config, 'worker')),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  await app.init();
  return app;
}

// ── The worker's door for scripts, benches and tests: they import nothing else of apps/worker (eslint.config.mjs). ──
export { MailSender } from './mail/mail-sender.service';
export { RoutingService } from './routing/routing.service';
