import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import { PHASES, definitionOfPlan, type CampaignPlan, type Phase } from '@lib/criteria';
import { AppError } from '@lib/common';
import type { Actor } from '@lib/workflow';
import type { DataSource, EntityManager } from 'typeorm';
import { CriteriaSetStore } from '../criteria/criteria-set.store';
import { organisationIdsByCode, upsertAuthority, upsertOrganisation, upsertUnit } from './campaign-setup.queries';
import { CampaignSetupService, type CreatedCampaign } from './campaign-setup.service';
import { readCampaignPlan, readCatalog } from './plan-files';

export interface SeedCampaignOptions {
  /** config/data/campaigns/<planKey>.yaml */
  planKey: string;
  /** Campaign code (unique per authority); default: the plan key. */
  code?: string;
  name?: string;
  /** Move every deadline by the same amount so the self-assessment deadline becomes this instant. */
  selfAssessmentDueAt?: Date;
  /** Send `campaign.opened` at once (default true). */
  open?: boolean;
  actor: Actor;
}

/**
 * The seed (`npm start`, `npm run demo`, tests): the only reader of config/data for a campaign. It does what a
 * secretariat does in the app — the authority, its organisations and units (upserted by code, so a second campaign
 * reuses them), the criteria sets stored through the CriteriaSetStore — then creates the campaign through the same
 * door as the api, CampaignSetupService.createCampaign, in one transaction.
 */
@Injectable()
export class CampaignSeedService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly setup: CampaignSetupService,
    private readonly criteriaSets: CriteriaSetStore,
  ) {}

  async seedFromPlan(options: SeedCampaignOptions): Promise<CreatedCampaign> {
    const plan = readCampaignPlan(options.planKey);
    const catalogs = new Map(plan.unitGroups.map((g) => [g.key, readCatalog(g.catalog)]));
    const deadlines = shiftedDeadlines(plan, options.selfAssessmentDueAt);
    const open = options.open ?? true;
    const created = await this.ds.transaction(async (em) => {
      const authorityId = await this.storeParties(em, plan);
      const setIds = new Map<string, number>();
      for (const group of plan.unitGroups) {
        setIds.set(group.key, (await this.criteriaSets.store(em, authorityId, group.key, catalogs.get(group.key)!)).id);
      }
      const definition = {
        ...definitionOfPlan(plan, setIds),
        code: options.code ?? plan.key,
        name: options.name ?? plan.title,
        deadlines: Object.fromEntries(PHASES.map((p) => [p, deadlines[p].toISOString()])) as Record<Phase, string>,
      };
      return this.setup.createIn(em, definition, options.actor, authorityId);
    });
    await this.setup.afterCreate(created.id, options.actor, open);
    return created;
  }

  /** The authority, its organisations (the secretariat marked) and its assessed units, by code. */
  private async storeParties(em: EntityManager, plan: CampaignPlan): Promise<number> {
    const authorityId = await upsertAuthority(em, {
      code: plan.authority.code,
      name: plan.authority.name,
      timeZone: plan.timeZone,
    });
    for (const org of plan.organisations) {
      const kind = org.code === plan.authority.secretariat ? 'secretariat' : (org.unitGroup ?? 'appraiser');
      await upsertOrganisation(em, { authorityId, code: org.code, name: org.name, kind });
    }
    const orgIds = await organisationIdsByCode(em, authorityId);
    for (const org of plan.organisations.filter((o) => o.unitGroup)) {
      await upsertUnit(em, {
        authorityId,
        organisationId: orgIds.get(org.code),
        code: org.code,
        name: org.shortName ?? org.name,
        unitGroup: org.unitGroup!,
      });
    }
    return authorityId;
  }
}

/** The plan's deadlines, optionally moved together so self-assessment ends at `selfAssessmentDueAt`. */
export function shiftedDeadlines(plan: CampaignPlan, selfAssessmentDueAt?: Date): Record<Phase, Date> {
  const byPhase = new Map(plan.phases.map((p) => [p.key, new Date(p.deadlineUtc)]));
  const base = byPhase.get('selfAssessment');
  if (!base) {
    throw new AppError(
      'invalid',
      'PLAN_WITHOUT_DEADLINE',
      'Kế hoạch thiếu hạn tự đánh giá.',
      'The plan has no self-assessment deadline.',
    );
  }
  const shift = selfAssessmentDueAt ? selfAssessmentDueAt.getTime() - base.getTime() : 0;
  const result = {} as Record<Phase, Date>;
  for (const phase of PHASES) {
    const due = byPhase.get(phase);
    if (!due) {
      throw new AppError(
        'invalid',
        'PLAN_WITHOUT_DEADLINE',
        `Kế hoạch thiếu hạn của giai đoạn ${phase}.`,
        `The plan has no deadline for ${phase}.`,
      );
    }
    result[phase] = new Date(due.getTime() + shift);
  }
  return result;
}
