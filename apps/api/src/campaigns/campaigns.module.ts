import { Module } from '@nestjs/common';
import { CriteriaModule } from '../criteria/criteria.module';
import { CampaignSeedService } from './campaign-seed.service';
import { CampaignSetupService } from './campaign-setup.service';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';

@Module({
  imports: [CriteriaModule],
  controllers: [CampaignsController],
  providers: [CampaignsService, CampaignSetupService, CampaignSeedService],
  exports: [CampaignsService, CampaignSetupService, CampaignSeedService],
})
export class CampaignsModule {}
