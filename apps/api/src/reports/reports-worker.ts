import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AppConfig } from '@config';
import { PinoNestLogger, createPinoLogger } from '@lib/common';
import { APP_CONFIG, DatabaseModule } from '@lib/database';
import { QueueModule, REPORT_QUEUES, WorkflowEngineModule } from '@lib/workflow';
import { createEvidenceStorage, EvidenceStorage } from '../evidence/evidence-storage';
import { EvidencePdfChecks } from '../evidence/pdf-inspector.provider';
import { EvidenceRecheckProcessor } from '../evidence/recheck/evidence-recheck.processor';
import { PublicationService } from '../publication/publication.service';
import { PublishedRankingsService } from '../publication/published-rankings.service';
import { ReportsProcessor } from './reports.processor';

/**
 * The reports process: an application context built from the api's code (the consolidation, the publications
 * and the document builders live here, and apps never import each other), with no HTTP listener, consuming only
 * the `reports` queue. Publications and corrections consolidate and freeze here too. Run it beside the worker (`npm run start:reports`; `npm start` starts one): an export of
 * 3,000 units renders in this process, never in an api request's event loop; and stored evidence is re-checked
 * here when the trust configuration it starts with differs from the one the stored verdicts carry.
 */
@Module({})
export class ReportsWorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ReportsWorkerModule,
      // The runner: a publication job moves the campaign to `published` in its transaction (issue 19 item 3).
      imports: [DatabaseModule.forRoot(config), QueueModule.forRoot({ consume: REPORT_QUEUES }), WorkflowEngineModule],
      providers: [
        {
          provide: EvidenceStorage,
          useFactory: (c: AppConfig) => createEvidenceStorage(c.uploads),
          inject: [APP_CONFIG],
        },
        PublishedRankingsService,
        PublicationService,
        ReportsProcessor,
        // Re-checks of stored evidence run here, in this process's own PDF-checking threads (issue 18 item 6).
        EvidencePdfChecks,
        EvidenceRecheckProcessor,
      ],
    };
  }
}

/** The reports process as a Nest application context, with shutdown hooks on SIGTERM/SIGINT. */
export async function createReportsWorkerApp(config: AppConfig): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(ReportsWorkerModule.forRoot(config), {
    logger: new PinoNestLogger(createPinoLogger(config, 'reports')),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  await app.init();
  return app;
}
