import { Module } from '@nestjs/common';
import { PublicationController, PublicRankingsController } from './publication.controller';
import { PublicationService } from './publication.service';
import { PublishedRankingsService } from './published-rankings.service';

@Module({
  controllers: [PublicationController, PublicRankingsController],
  providers: [PublicationService, PublishedRankingsService],
  exports: [PublicationService, PublishedRankingsService],
})
export class PublicationModule {}
