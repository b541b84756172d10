import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import {
  PHASES,
  checkCampaignDefinition,
  contentAreasOfSets,
  suggestRouting,
  unroutedAreas,
  type CriteriaSet,
  type SuggestedArea,
  planOfDefinition,
  problem,
  type CampaignDefinition,
  type OrganisationPlan,
  type Phase,
  type Problem,
} from '@lib/criteria';
import { AppError, notFound } from '@lib/common';
import { WorkflowRunner, type Actor } from '@lib/workflow';
import type { DataSource, EntityManager } from 'typeorm';
import {
  authorityParties,
  campaignIdByCode,
  criteriaSetCodes,
  criteriaSetDefinitions,
  insertCampaignRow,
  insertCampaignUnit,
  insertContentArea,
  insertContentAreaAppraiser,
  insertScoreSheetRow,
  previousRouting,
  routableOrganisations,
} from './campaign-setup.queries';
import { setCouncilRules } from '../council/council.queries';

export interface CreatedCampaign {
  id: number;
  authorityId: number;
  sheets: number;
  deadlines: Record<Phase, string>;
}

/** A definition refused: every problem, in Vietnamese, in one answer (nothing is created). */
export function definitionInvalid(problems: Problem[]): AppError {
  return new AppError(
    'unprocessable',
    'CAMPAIGN_DEFINITION_INVALID',
    `Chưa tạo được đợt đánh giá: ${problems.map((p) => p.messageVi).join(' ')}`,
    `The campaign was not created: ${problems.map((p) => p.message).join(' ')}`,
    { problems: problems.map((p) => ({ field: p.field, message: p.message, messageVi: p.messageVi })) },
  );
}

/**
 * The one door to a new campaign: a definition (data, see @lib/criteria campaign-definition.ts) that refers to
 * the organisations, units and criteria sets already stored for the authority. It checks the definition against
 * them, then creates the campaign with its machine, the routing table, and one score sheet per unit with its own
 * machine — all in one transaction. The api, the seed (CampaignSeedService) and the copy all come through here.
 */
@Injectable()
export class CampaignSetupService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly runner: WorkflowRunner,
  ) {}

  async createCampaign(
    definition: CampaignDefinition,
    actor: Actor,
    authorityId: number,
    options: { open?: boolean } = {},
  ): Promise<CreatedCampaign> {
    const created = await this.ds.transaction((em) => this.createIn(em, definition, actor, authorityId));
    await this.afterCreate(created.id, actor, options.open ?? true);
    return created;
  }

  /** After the transaction: open self-assessment at once, or let the relay deliver the machines' effects. */
  async afterCreate(campaignId: number, actor: Actor, open: boolean): Promise<void> {
    if (open) {
      await this.runner.transition({
        machineId: 'campaign',
        id: campaignId,
        event: { type: 'campaign.opened' },
        actor,
      });
    } else {
      this.runner.nudgeRelay();
    }
  }

  /**
   * The routing editor's proposal for the criteria sets chosen for a campaign's groups: each content area with the
   * organisations the sheet names (or the authority's last campaign routed it to) and what could not be matched.
   * An id that is not one of the authority's sets: 404, as for any other object of another authority.
   */
  async suggestRouting(authorityId: number, criteriaSetIds: number[]): Promise<SuggestedArea[]> {
    const em = this.ds.manager;
    const ids = [...new Set(criteriaSetIds)];
    const definitions = await criteriaSetDefinitions(em, authorityId, ids);
    if (definitions.size !== ids.length) {
      throw notFound('criteria set');
    }
    const sets = ids.map((id) => JSON.parse(definitions.get(id)!) as CriteriaSet);
    return suggestRouting(
      contentAreasOfSets(sets),
      await routableOrganisations(em, authorityId),
      await previousRouting(em, authorityId),
    );
  }

  /**
   * Every content area of the groups' sets needs an appraiser, else its tasks would never reach an inbox: one
   * problem per area, at `routing.<area>` (the wizard's routing step shows it at that area).
   */
  private async unrouted(em: EntityManager, def: CampaignDefinition, authorityId: number): Promise<Problem[]> {
    const definitions = await criteriaSetDefinitions(
      em,
      authorityId,
      def.groups.map((g) => g.criteriaSetId),
    );
    const sets = [...definitions.values()].map((d) => JSON.parse(d) as CriteriaSet);
    return unroutedAreas(contentAreasOfSets(sets), def.routing).map((a) =>
      problem(
        'unrouted-content-area',
        { field: `routing.${a.code}`, code: a.code },
        `Nội dung thẩm định "${a.name}" chưa có cơ quan thẩm định: chọn ít nhất một cơ quan ở bước "Phân công thẩm định".`,
        `Content area "${a.name}" has no appraising organisation: choose at least one.`,
      ),
    );
  }

  /** `createCampaign` inside the caller's transaction (the seed stores its parties in the same one). */
  async createIn(
    em: EntityManager,
    def: CampaignDefinition,
    actor: Actor,
    authorityId: number,
  ): Promise<CreatedCampaign> {
    const problems = checkCampaignDefinition(def);
    if (problems.length) {
      throw definitionInvalid(problems);
    }
    const parties = await authorityParties(em, authorityId);
    if (!parties) {
      throw definitionInvalid([
        problem('unknown-authority', {}, 'Không có cơ quan chủ trì này.', 'No such authority.'),
      ]);
    }
    const setCodes = await criteriaSetCodes(
      em,
      authorityId,
      def.groups.map((g) => g.criteriaSetId),
    );
    const members = resolveMembers(def, parties, setCodes);
    if (members.problems.length) {
      throw definitionInvalid(members.problems);
    }
    const unrouted = await this.unrouted(em, def, authorityId);
    if (unrouted.length) {
      throw definitionInvalid(unrouted);
    }
    const existing = await campaignIdByCode(em, authorityId, def.code);
    if (existing !== undefined) {
      throw new AppError(
        'conflict',
        'CAMPAIGN_EXISTS',
        `Đợt đánh giá "${def.code}" đã tồn tại; chọn mã khác.`,
        `A campaign with code "${def.code}" already exists.`,
        { campaignId: existing },
      );
    }
    const organisations: OrganisationPlan[] = parties.organisations.map((o) => {
      const group = members.groupOfOrganisation.get(o.id);
      return { code: o.code, name: o.name, ...(group ? { unitGroup: group } : {}) };
    });
    const plan = planOfDefinition(def, { authority: parties.authority, organisations, setCodes });
    const deadlines = Object.fromEntries(PHASES.map((p) => [p, new Date(def.deadlines[p])])) as Record<Phase, Date>;
    const campaignId = await insertCampaign(em, this.runner, {
      authorityId,
      code: def.code,
      name: def.name,
      year: def.year,
      timeZone: def.timeZone,
      planCode: def.code,
      plan,
      deadlines,
      actor,
    });
    if (def.councilQuorum) {
      // The quorum chosen in the wizard; the threshold (votes for among those present) stays the default.
      await setCouncilRules(em, campaignId, { quorum: def.councilQuorum, threshold: 'majority' });
    }
    const orgIds = new Map(parties.organisations.map((o) => [o.code, o.id]));
    for (const area of def.routing) {
      await insertContentArea(em, campaignId, area);
      for (const appraiser of area.appraisers) {
        await insertContentAreaAppraiser(em, campaignId, area.code, orgIds.get(appraiser));
      }
    }
    for (const m of members.sheets) {
      await insertUnitSheet(em, this.runner, {
        campaignId,
        ...m,
        selfAssessmentDueAt: deadlines.selfAssessment,
        actor,
      });
    }
    return {
      id: campaignId,
      authorityId,
      sheets: members.sheets.length,
      deadlines: Object.fromEntries(PHASES.map((p) => [p, deadlines[p].toISOString()])) as Record<Phase, string>,
    };
  }
}

/**
 * The definition's groups, sets, units and routing against what the authority has stored: every unknown
 * criteria set, unit and appraiser is a problem, and so is a unit in two groups.
 */
function resolveMembers(
  def: CampaignDefinition,
  parties: NonNullable<Awaited<ReturnType<typeof authorityParties>>>,
  setCodes: Map<number, string>,
): {
  problems: Problem[];
  sheets: { unitId: number; unitGroup: string; criteriaSetId: number }[];
  groupOfOrganisation: Map<number, string>;
} {
  const problems: Problem[] = [];
  const sheets: { unitId: number; unitGroup: string; criteriaSetId: number }[] = [];
  const groupOfOrganisation = new Map<number, string>();
  const unitsByCode = new Map(parties.units.map((u) => [u.code, u]));
  const placed = new Map<string, string>();
  def.groups.forEach((g, i) => {
    if (!setCodes.has(g.criteriaSetId)) {
      problems.push(
        problem(
          'unknown-criteria-set',
          { field: `groups[${i}].criteriaSetId` },
          `Nhóm "${g.name}": bộ tiêu chí đã chọn không có trong cơ quan; chọn một bộ đã nhập.`,
          `Group "${g.key}": the criteria set is not one of the authority's.`,
        ),
      );
    }
    const units = g.units === undefined ? parties.units.filter((u) => u.unitGroup === g.key) : [];
    for (const code of g.units ?? []) {
      const unit = unitsByCode.get(code);
      if (unit) {
        units.push(unit);
      } else {
        problems.push(
          problem(
            'unknown-unit',
            { field: `groups[${i}].units`, code },
            `Nhóm "${g.name}": không có đơn vị mã "${code}"; thêm đơn vị trước hoặc bỏ mã này.`,
            `Group "${g.key}": there is no unit "${code}".`,
          ),
        );
      }
    }
    if (g.units === undefined && units.length === 0) {
      problems.push(
        problem(
          'empty-group',
          { field: `groups[${i}].units` },
          `Nhóm "${g.name}" chưa có đơn vị nào thuộc nhóm; thêm đơn vị trước.`,
          `Group "${g.key}" has no units.`,
        ),
      );
    }
    for (const u of units) {
      const other = placed.get(u.code);
      if (other !== undefined) {
        problems.push(
          problem(
            'unit-in-two-groups',
            { field: `groups[${i}].units`, code: u.code },
            `Đơn vị "${u.name}" đã ở nhóm "${other}"; mỗi đơn vị chỉ thuộc một nhóm.`,
            `Unit "${u.code}" is already in group "${other}".`,
          ),
        );
        continue;
      }
      placed.set(u.code, g.name);
      sheets.push({ unitId: u.id, unitGroup: g.key, criteriaSetId: g.criteriaSetId });
      if (u.organisationId !== null) {
        groupOfOrganisation.set(u.organisationId, g.key);
      }
    }
  });
  const orgCodes = new Set(parties.organisations.map((o) => o.code));
  def.routing.forEach((area, i) => {
    for (const code of area.appraisers.filter((a) => !orgCodes.has(a))) {
      problems.push(
        problem(
          'unknown-organisation',
          { field: `routing[${i}].appraisers`, code },
          `Nội dung "${area.name}": không có cơ quan thẩm định mã "${code}".`,
          `Content area "${area.code}": there is no organisation "${code}".`,
        ),
      );
    }
  });
  return { problems, sheets, groupOfOrganisation };
}

/**
 * The campaign row and its started machine (with its deadlines), inside the caller's transaction — how
 * `createCampaign` creates a campaign, and how the test factories create theirs.
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
