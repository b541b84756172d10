import { Module } from '@nestjs/common';
import { PublicationController, PublicRankingsController } from './publication.controller';
import { PublicationService } from './publication.service';

@Module({
  controllers: [PublicationController, PublicRankingsController],
  providers: [PublicationService],
  exports: [PublicationService],
})
export class PublicationModule {}
