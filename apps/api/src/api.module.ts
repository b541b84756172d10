import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@config';
import { DatabaseModule } from '@lib/database';
import { QueueModule, WorkflowEngineModule } from '@lib/workflow';
import { AppraisalModule } from './appraisal/appraisal.module';
import { AuthModule } from './auth/auth.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { ConsolidationModule } from './consolidation/consolidation.module';
import { CriteriaModule } from './criteria/criteria.module';
import { CouncilModule } from './council/council.module';
import { ExportsModule } from './exports/exports.module';
import { ProgressModule } from './progress/progress.module';
import { ReportsModule } from './reports/reports.module';
import { PublicationModule } from './publication/publication.module';
import { EvidenceModule } from './evidence/evidence.module';
import { HealthModule } from './health/health.module';
import { NotificationsModule } from './notifications/notifications.module';
import { SheetsModule } from './sheets/sheets.module';
import { InboxModule } from './inbox/inbox.module';
import { SecurityLogModule } from './security-log/security-log.module';
import { UsersModule } from './users/users.module';
import { PlatformModule } from './platform/platform.module';
import { OrganisationsModule } from './organisations/organisations.module';

/** The HTTP process: feature modules on top of the shared database and queue (producer only) modules. */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        DatabaseModule.forRoot(config),
        QueueModule.forRoot({ consume: false }),
        WorkflowEngineModule,
        HealthModule,
        AuthModule,
        UsersModule,
        PlatformModule,
        OrganisationsModule,
        CampaignsModule,
        CriteriaModule,
        SheetsModule,
        EvidenceModule,
        ConsolidationModule,
        CouncilModule,
        PublicationModule,
        ExportsModule,
        ReportsModule,
        ProgressModule,
        InboxModule,
        AppraisalModule,
        NotificationsModule,
        SecurityLogModule,
      ],
    };
  }
}
