import type { CriteriaSet } from '@lib/criteria';
import type { WorkflowRunner } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import { CriteriaSetStore } from '../../apps/api/src/app.factory';
import { insertUnitSheet } from '../../apps/api/src/campaigns/campaign-setup.service';
import { readCatalog } from '../../apps/api/src/campaigns/plan-files';
import { createAuthority, createCampaign } from './campaign.factory';
import { createUnit } from './organisation.factory';
import { createUser, type CreatedUser } from './user.factory';

export interface SheetFixture {
  authorityId: number;
  campaignId: number;
  criteriaSetId: number;
  set: CriteriaSet;
  /** One per unit, in order: the sheet, its unit and a unit officer of that unit. */
  sheets: { id: number; unitId: number; organisationId: number; officer: CreatedUser }[];
}

export interface SheetFactoryOptions {
  /** Default: the agency sample catalog of config/. */
  set?: CriteriaSet;
  units?: number;
  /** The next campaign of the same authority: the same criteria set, units and officers, new sheets. */
  nextCampaignOf?: SheetFixture;
  /** Self-assessment deadline of the campaign and of every sheet (default: in 30 days). */
  selfAssessmentDueAt?: Date;
}

/**
 * A campaign of one fresh authority with `units` units scored on `set`, each with a draft score sheet
 * started through the real runner and a unit officer — the shape CampaignSetupService creates, without
 * the Uông Bí plan (so tests may use synthetic sets, e.g. with 100+ leaves).
 */
export async function createSheets(
  ds: DataSource,
  runner: WorkflowRunner,
  options: SheetFactoryOptions = {},
): Promise<SheetFixture> {
  const previous = options.nextCampaignOf;
  const set = previous?.set ?? options.set ?? readCatalog('agency-sample');
  const dueAt = options.selfAssessmentDueAt ?? new Date(Date.now() + 30 * 24 * 3600_000);
  const authorityId = previous?.authorityId ?? (await createAuthority(ds));
  const campaignId = await createCampaign(ds, runner, { authorityId, deadlines: { selfAssessment: dueAt } });
  // Stored the way campaign setup and the import store a set (versioned per authority × code); the next campaign
  // of the same authority scores its units on the same set.
  const criteriaSetId =
    previous?.criteriaSetId ??
    (await ds.transaction((em) => new CriteriaSetStore().store(em, authorityId, 'agency', set))).id;
  const sheets: SheetFixture['sheets'] = [];
  for (let i = 0; i < (previous?.sheets.length ?? options.units ?? 2); i++) {
    const unit = previous
      ? { id: previous.sheets[i].unitId, organisationId: previous.sheets[i].organisationId }
      : await createUnit(ds, { authorityId, group: 'agency' });
    const sheetId = await ds.transaction((em) =>
      insertUnitSheet(em, runner, {
        campaignId,
        unitId: unit.id,
        unitGroup: 'agency',
        criteriaSetId,
        selfAssessmentDueAt: dueAt,
        actor: { userId: null, label: 'system:test' },
      }),
    );
    const officer =
      previous?.sheets[i].officer ??
      (await createUser(ds, { roles: ['unit_officer'], organisationId: unit.organisationId }));
    sheets.push({ id: sheetId, unitId: unit.id, organisationId: unit.organisationId, officer });
  }
  return { authorityId, campaignId, criteriaSetId, set, sheets };
}
