import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import { PHASES, type CampaignPlan, type Phase } from '@lib/criteria';
import { AppError } from '@lib/common';
import { WorkflowRunner, type Actor } from '@lib/workflow';
import type { DataSource, EntityManager } from 'typeorm';
import { CriteriaSetStore } from '../criteria/criteria-set.store';
import {
  authorityCode,
  campaignIdByCode,
  insertCampaignRow,
  insertCampaignUnit,
  insertContentArea,
  insertContentAreaAppraiser,
  insertScoreSheetRow,
  organisationIdsByCode,
  unitIdsByCode,
  upsertAuthority,
  upsertOrganisation,
  upsertUnit,
} from './campaign-setup.queries';
import { planNotFound, readCampaignPlan, readCatalog } from './plan-files';

export interface CreateCampaignOptions {
  /** config/data/campaigns/<planKey>.yaml */
  planKey: string;
  /** Campaign code (unique per authority); default: the plan key. */
  code?: string;
  name?: string;
  /** Move every deadline by the same amount so the self-assessment deadline becomes this instant (a copy with other dates). */
  selfAssessmentDueAt?: Date;
  /** Send `campaign.opened` at once (default true). */
  open?: boolean;
  actor: Actor;
  /**
   * The authority of the admin asking (the api): the plan must be that authority's, or it is not found for them
   * (issue 12 item 5). Scripts and the seed, which act for the installation, leave it out.
   */
  callerAuthorityId?: number;
}

export interface CreatedCampaign {
  id: number;
  authorityId: number;
  sheets: number;
  deadlines: Record<Phase, string>;
}

/**
 * Creates a campaign from a plan in config/: the authority, its organisations and units (upserted by code, so
 * a second campaign reuses them), the criteria sets of each unit group, the routing table, the campaign with
 * its machine, and one score sheet per unit with its own machine — all in one transaction.
 */
@Injectable()
export class CampaignSetupService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly runner: WorkflowRunner,
    private readonly criteriaSets: CriteriaSetStore,
  ) {}

  async createFromPlan(options: CreateCampaignOptions): Promise<CreatedCampaign> {
    const plan = readCampaignPlan(options.planKey);
    const catalogs = new Map(plan.unitGroups.map((g) => [g.key, readCatalog(g.catalog)]));
    const deadlines = shiftedDeadlines(plan, options.selfAssessmentDueAt);
    const created = await this.ds.transaction(async (em) => {
      if (options.callerAuthorityId !== undefined) {
        await this.assertPlanOfAuthority(em, plan, options.planKey, options.callerAuthorityId);
      }
      const authorityId = await this.upsertAuthority(em, plan);
      const orgIds = await this.upsertOrganisations(em, plan, authorityId);
      const unitIds = await this.upsertUnits(em, plan, authorityId, orgIds);
      const setIds = new Map<string, number>();
      for (const group of plan.unitGroups) {
        const stored = await this.criteriaSets.store(em, authorityId, group.key, catalogs.get(group.key)!);
        setIds.set(group.key, stored.id);
      }
      const code = options.code ?? plan.key;
      const existing = await campaignIdByCode(em, authorityId, code);
      if (existing !== undefined) {
        throw new AppError(
          'conflict',
          'CAMPAIGN_EXISTS',
          `Đợt đánh giá "${code}" đã tồn tại.`,
          `A campaign with code "${code}" already exists.`,
          { campaignId: existing },
        );
      }
      const campaignId = await insertCampaign(em, this.runner, {
        authorityId,
        code,
        name: options.name ?? plan.title,
        year: plan.year,
        timeZone: plan.timeZone,
        planCode: plan.key,
        plan,
        deadlines,
        actor: options.actor,
      });
      for (const area of plan.contentAreas) {
        await insertContentArea(em, campaignId, area);
        for (const appraiser of area.appraisers) {
          await insertContentAreaAppraiser(em, campaignId, area.code, orgIds.get(appraiser));
        }
      }
      let sheets = 0;
      for (const org of plan.organisations.filter((o) => o.unitGroup)) {
        const unitId = unitIds.get(org.code)!;
        const criteriaSetId = setIds.get(org.unitGroup!)!;
        await insertUnitSheet(em, this.runner, {
          campaignId,
          unitId,
          unitGroup: org.unitGroup!,
          criteriaSetId,
          selfAssessmentDueAt: deadlines.selfAssessment,
          actor: options.actor,
        });
        sheets++;
      }
      return { id: campaignId, authorityId, sheets };
    });
    if (options.open ?? true) {
      await this.runner.transition({
        machineId: 'campaign',
        id: created.id,
        event: { type: 'campaign.opened' },
        actor: options.actor,
      });
    } else {
      this.runner.nudgeRelay();
    }
    return {
      ...created,
      deadlines: Object.fromEntries(Object.entries(deadlines).map(([k, v]) => [k, v.toISOString()])) as Record<
        Phase,
        string
      >,
    };
  }

  /** Another authority's plan answers as an unknown one: an admin neither creates nor learns of it. */
  private async assertPlanOfAuthority(
    em: EntityManager,
    plan: CampaignPlan,
    planKey: string,
    authorityId: number,
  ): Promise<void> {
    if ((await authorityCode(em, authorityId)) !== plan.authority.code) {
      throw planNotFound(planKey);
    }
  }

  private async upsertAuthority(em: EntityManager, plan: CampaignPlan): Promise<number> {
    return upsertAuthority(em, { code: plan.authority.code, name: plan.authority.name, timeZone: plan.timeZone });
  }

  private async upsertOrganisations(
    em: EntityManager,
    plan: CampaignPlan,
    authorityId: number,
  ): Promise<Map<string, number>> {
    for (const org of plan.organisations) {
      const kind = org.code === plan.authority.secretariat ? 'secretariat' : (org.unitGroup ?? 'appraiser');
      await upsertOrganisation(em, { authorityId, code: org.code, name: org.name, kind });
    }
    return organisationIdsByCode(em, authorityId);
  }

  private async upsertUnits(
    em: EntityManager,
    plan: CampaignPlan,
    authorityId: number,
    orgIds: Map<string, number>,
  ): Promise<Map<string, number>> {
    for (const org of plan.organisations.filter((o) => o.unitGroup)) {
      await upsertUnit(em, {
        authorityId,
        organisationId: orgIds.get(org.code),
        code: org.code,
        name: org.shortName ?? org.name,
        unitGroup: org.unitGroup!,
      });
    }
    return unitIdsByCode(em, authorityId);
  }
}

/**
 * The campaign row and its started machine (with its deadlines), inside the caller's transaction — how
 * `createFromPlan` creates a campaign, and how the test factories create theirs.
 */
export async function insertCampaign(
  em: EntityManager,
  runner: WorkflowRunner,
  c: {
    authorityId: number;
    code: string;
    name: string;
    year: number;
    timeZone: string;
    planCode: string;
    plan: unknown;
    deadlines: Record<Phase, Date>;
    actor: Actor;
  },
): Promise<number> {
  const campaignId = await insertCampaignRow(em, c, WorkflowRunner.newInstanceColumns('campaign'));
  await runner.start(em, {
    machineId: 'campaign',
    id: campaignId,
    input: {
      campaignId,
      deadlines: Object.fromEntries(Object.entries(c.deadlines).map(([k, v]) => [k, v.toISOString()])),
    },
    actor: c.actor,
  });
  return campaignId;
}

/**
 * A unit's place in a campaign (its group and criteria set) and its draft score sheet with a started machine,
 * inside the caller's transaction. Returns the sheet's id.
 */
export async function insertUnitSheet(
  em: EntityManager,
  runner: WorkflowRunner,
  u: {
    campaignId: number;
    unitId: number;
    unitGroup: string;
    criteriaSetId: number;
    selfAssessmentDueAt: Date;
    actor: Actor;
  },
): Promise<number> {
  await insertCampaignUnit(em, u);
  const sheetId = await insertScoreSheetRow(em, u, WorkflowRunner.newInstanceColumns('scoreSheet'));
  await runner.start(em, {
    machineId: 'scoreSheet',
    id: sheetId,
    input: {
      sheetId,
      campaignId: u.campaignId,
      unitId: u.unitId,
      selfAssessmentDueAt: u.selfAssessmentDueAt.toISOString(),
    },
    actor: u.actor,
  });
  return sheetId;
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
