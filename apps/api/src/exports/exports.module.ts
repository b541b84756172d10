import { Module } from '@nestjs/common';
import { ConsolidationModule } from '../consolidation/consolidation.module';
import { PublicationModule } from '../publication/publication.module';
import { ExportsController } from './exports.controller';

@Module({ imports: [ConsolidationModule, PublicationModule], controllers: [ExportsController] })
export class ExportsModule {}
