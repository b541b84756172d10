import { Module } from '@nestjs/common';
import { CriteriaModule } from '../criteria/criteria.module';
import { CampaignSetupService } from './campaign-setup.service';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';

@Module({
  imports: [CriteriaModule],
  controllers: [CampaignsController],
  providers: [CampaignsService, CampaignSetupService],
  exports: [CampaignsService, CampaignSetupService],
})
export class CampaignsModule {}
