import { Module } from '@nestjs/common';
import { CampaignSetupService } from './campaign-setup.service';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';

@Module({
  controllers: [CampaignsController],
  providers: [CampaignsService, CampaignSetupService],
  exports: [CampaignsService, CampaignSetupService],
})
export class CampaignsModule {}
