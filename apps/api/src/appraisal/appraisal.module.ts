import { Module } from '@nestjs/common';
import { SheetsModule } from '../sheets/sheets.module';
import { AppraisalController } from './appraisal.controller';
import { AppraisalService } from './appraisal.service';
import { ClarificationsService } from './clarifications.service';

/** Appraisal of a task: scores per leaf, clarification round trips, conflict confirmation, completion. */
@Module({
  imports: [SheetsModule],
  controllers: [AppraisalController],
  providers: [AppraisalService, ClarificationsService],
})
export class AppraisalModule {}
