import { Module } from '@nestjs/common';
import { ConsolidationModule } from '../consolidation/consolidation.module';
import { ReportsModule } from '../reports/reports.module';
import { SecurityLogModule } from '../security-log/security-log.module';
import { ExportsController } from './exports.controller';

@Module({ imports: [ConsolidationModule, ReportsModule, SecurityLogModule], controllers: [ExportsController] })
export class ExportsModule {}
