import { Module } from '@nestjs/common';
import { CriteriaImportService } from './criteria-import.service';
import { CriteriaSetStore } from './criteria-set.store';
import { CriteriaController } from './criteria.controller';

@Module({
  controllers: [CriteriaController],
  providers: [CriteriaImportService, CriteriaSetStore],
  exports: [CriteriaSetStore],
})
export class CriteriaModule {}
