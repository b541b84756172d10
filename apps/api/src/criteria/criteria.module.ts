import { Module } from '@nestjs/common';
import { CriteriaImportService } from './criteria-import.service';
import { CriteriaSetStore } from './criteria-set.store';
import { CriteriaSetsController } from './criteria-sets.controller';
import { CriteriaSetsService } from './criteria-sets.service';
import { CriteriaController } from './criteria.controller';
import { CampaignNotApplicableController, NotApplicableController } from './not-applicable.controller';
import { NotApplicableService } from './not-applicable.service';

@Module({
  controllers: [CriteriaController, CriteriaSetsController, NotApplicableController, CampaignNotApplicableController],
  providers: [CriteriaImportService, CriteriaSetsService, CriteriaSetStore, NotApplicableService],
  exports: [CriteriaSetStore],
})
export class CriteriaModule {}
