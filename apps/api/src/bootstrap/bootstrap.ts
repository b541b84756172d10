import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AppConfig } from '@config';
import { DATA_SOURCE, DatabaseModule, ensureDatabase } from '@lib/database';
import { QueueModule, WorkflowEngineModule } from '@lib/workflow';
import { readdirSync } from 'node:fs';
import { configDataPath } from '@config';
import type { DataSource } from 'typeorm';
import { ensureAdminAccount, ensurePlatformAdmin, type AdminBootstrap } from '../auth/ensure-admin-account';
import { countCampaigns } from '../campaigns/campaign.queries';
import { CampaignSeedService } from '../campaigns/campaign-seed.service';
import { CampaignSetupService } from '../campaigns/campaign-setup.service';
import { CriteriaSetStore } from '../criteria/criteria-set.store';

export interface BootstrapReport {
  migrations: string[];
  seededCampaigns: Array<{ plan: string; id: number; sheets: number }>;
  admin: AdminBootstrap;
}

/** A Nest context with the engine (no HTTP, no job consumers): for start-up, the demo seed and scripts. */
export async function createServiceContext(
  config: AppConfig,
  providers: Array<new (...args: never[]) => unknown> = [],
): Promise<INestApplicationContext> {
  @Module({
    imports: [DatabaseModule.forRoot(config), QueueModule.forRoot({ consume: false }), WorkflowEngineModule],
    providers: [CampaignSetupService, CampaignSeedService, CriteriaSetStore, ...providers],
    exports: [CampaignSeedService],
  })
  class ServiceContextModule {}
  return NestFactory.createApplicationContext(ServiceContextModule, { logger: ['error', 'warn'] });
}

/**
 * What `npm start` does before serving: create the database if missing, run pending migrations (never
 * `synchronize`), seed the campaigns of config/data into an empty database, and create the first admin.
 */
export async function bootstrapDatabase(config: AppConfig): Promise<BootstrapReport> {
  await ensureDatabase(config);
  const context = await createServiceContext(config);
  try {
    const ds = context.get<DataSource>(DATA_SOURCE);
    const migrations = (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
    const seededCampaigns: BootstrapReport['seededCampaigns'] = [];
    if ((await countCampaigns(ds.manager)) === 0) {
      const seed = context.get(CampaignSeedService);
      for (const file of readdirSync(configDataPath('campaigns'))
        .filter((f) => f.endsWith('.yaml'))
        .sort()) {
        const plan = file.replace(/\.yaml$/, '');
        const created = await seed.seedFromPlan({ planKey: plan, actor: { userId: null, label: 'system:seed' } });
        seededCampaigns.push({ plan, id: created.id, sheets: created.sheets });
      }
    }
    const admin = await ensureAdminAccount(ds, config);
    // After the admin: on an empty database the admin's fallback authority must not be the platform's own row.
    await ensurePlatformAdmin(ds, config);
    return { migrations, seededCampaigns, admin };
  } finally {
    await context.close();
  }
}
