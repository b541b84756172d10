import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module';
import { ConsolidationController } from './consolidation.controller';
import { ConsolidationService } from './consolidation.service';

@Module({
  // GET …/consolidation of a large campaign is a report job (ReportJobsService.consolidation).
  imports: [ReportsModule],
  controllers: [ConsolidationController],
  providers: [ConsolidationService],
  exports: [ConsolidationService],
})
export class ConsolidationModule {}
