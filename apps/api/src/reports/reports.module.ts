import { Module } from '@nestjs/common';
import { EvidenceModule } from '../evidence/evidence.module';
import { SecurityLogModule } from '../security-log/security-log.module';
import { SheetsModule } from '../sheets/sheets.module';
import { ReportJobsService } from './report-jobs.service';
import { ReportsController } from './reports.controller';

/** The api side of report jobs: request (202), follow, download. */
@Module({
  imports: [EvidenceModule, SecurityLogModule, SheetsModule],
  controllers: [ReportsController],
  providers: [ReportJobsService],
  // The unit result route answers the authority-wide roles with a job (ExportsController).
  exports: [ReportJobsService],
})
export class ReportsModule {}
