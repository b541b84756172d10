import type { WorkflowRunner } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import { CampaignSeedService } from '../../apps/api/src/campaigns/campaign-seed.service';
import { CampaignSetupService } from '../../apps/api/src/campaigns/campaign-setup.service';
import { CriteriaSetStore } from '../../apps/api/src/app.factory';

/** The seed outside a Nest app (a workflow engine of its own): the Uông Bí plan through createCampaign. */
export function campaignSeed(ds: DataSource, runner: WorkflowRunner): CampaignSeedService {
  return new CampaignSeedService(ds, new CampaignSetupService(ds, runner), new CriteriaSetStore());
}
