import { Module } from '@nestjs/common';
import { EvidenceModule } from '../evidence/evidence.module';
import { SecurityLogModule } from '../security-log/security-log.module';
import { ReportJobsService } from './report-jobs.service';
import { ReportsController } from './reports.controller';

/** The api side of report jobs: request (202), follow, download. */
@Module({
  imports: [EvidenceModule, SecurityLogModule],
  controllers: [ReportsController],
  providers: [ReportJobsService],
})
export class ReportsModule {}
