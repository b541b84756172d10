import { Module } from '@nestjs/common';
import { CriteriaImportService } from './criteria-import.service';
import { CriteriaSetStore } from './criteria-set.store';
import { CriteriaSetsController } from './criteria-sets.controller';
import { CriteriaSetsService } from './criteria-sets.service';
import { CriteriaController } from './criteria.controller';

@Module({
  controllers: [CriteriaController, CriteriaSetsController],
  providers: [CriteriaImportService, CriteriaSetsService, CriteriaSetStore],
  exports: [CriteriaSetStore],
})
export class CriteriaModule {}
