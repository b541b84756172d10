import { Module } from '@nestjs/common';
import { AppraisalController } from './appraisal.controller';
import { AppraisalService } from './appraisal.service';

/** Appraisal of a task: scores per leaf, clarification round trips, conflict confirmation, completion. */
@Module({
  controllers: [AppraisalController],
  providers: [AppraisalService],
})
export class AppraisalModule {}
