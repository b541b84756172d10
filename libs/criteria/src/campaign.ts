/**
 * The campaign plan (Kế hoạch xác định Chỉ số CCHC) as data: the assessing authority and its secretariat,
 * the organisations (assessed units and appraisers), unit groups with their criteria set, content areas
 * with their appraisers (the routing table), the four phases with their deadline instants, classes,
 * bonus/penalty caps and rounding. Nothing here knows about a particular city: config/data holds that.
 */
import { isDocument, parseYamlText, type Locate } from './catalog-yaml';
import { hasErrors, problem } from './problems';
import { DEFAULT_CLASSES, type ClassThreshold } from './ranking';
import { leaves } from './tree';
import type { CriteriaSet, LoadResult, Problem } from './types';
import { parseClasses } from './campaign-plan/fields';
import {
  checkGroupMembership,
  checkSecretariat,
  readAuthority,
  readIdentity,
  readOrganisations,
  readUnitGroups,
} from './campaign-plan/parties';
import { readConflictOfInterest, readScoring } from './campaign-plan/policy';
import { readContentAreas, readPhases } from './campaign-plan/schedule';
import type { CampaignPlan, OrganisationPlan } from './campaign-plan/types';

export type {
  AuthorityPlan,
  CampaignPlan,
  ContentAreaPlan,
  OrganisationPlan,
  PhasePlan,
  UnitGroupPlan,
} from './campaign-plan/types';

/**
 * Build and validate a campaign plan from plain data. Checks: required fields, ASCII codes unique across
 * organisations, the secretariat and every appraiser exist, groups exist and name a catalog, every group
 * has units, the four phases are present in order with ISO deadlines carrying an offset, each after the one
 * before, classes descend to 0, caps are non-negative, rounding is 2 decimals.
 */
export function buildCampaignPlan(raw: unknown, locate: Locate = () => undefined): LoadResult<CampaignPlan> {
  const problems: Problem[] = [];
  if (
    !isDocument(
      raw,
      'campaignPlan',
      ['Tệp phải là một kế hoạch (campaignPlan).', 'The file must be a campaign plan.'],
      locate,
      problems,
    )
  ) {
    return { ok: false, problems };
  }
  // The steps run in this order so problems come out in the order of the file (and the phase-order
  // check, which only speaks when nothing else is wrong, sees every problem before it).
  const identity = readIdentity(raw, locate, problems);
  const authority = readAuthority(raw, locate, problems);
  const { organisations, orgCodes } = readOrganisations(raw, locate, problems);
  checkSecretariat(authority, orgCodes, locate, problems);
  const { unitGroups, groupKeys } = readUnitGroups(raw, locate, problems);
  checkGroupMembership(organisations, unitGroups, groupKeys, locate, problems);
  const contentAreas = readContentAreas(raw, orgCodes, locate, problems);
  const phases = readPhases(raw, identity.timeZone, locate, problems);
  const classes = parseClasses(raw.classes, ['classes'], locate, problems) ?? [...DEFAULT_CLASSES];
  const scoring = readScoring(raw, locate, problems);
  const conflictOfInterest = readConflictOfInterest(raw, authority, orgCodes, locate, problems);

  const plan: CampaignPlan = {
    ...identity,
    authority,
    organisations,
    unitGroups,
    contentAreas,
    phases,
    classes,
    scoring,
    conflictOfInterest,
  };
  return hasErrors(problems) ? { ok: false, problems } : { ok: true, value: plan, problems };
}

/** Load a campaign plan from YAML text (see config/data/campaigns); problems carry YAML lines. */
export function loadCampaignPlan(yamlText: string): LoadResult<CampaignPlan> {
  const { data, locate, problems } = parseYamlText(yamlText);
  if (problems.length) {
    return { ok: false, problems };
  }
  return buildCampaignPlan(data, locate);
}

/** The routing table: content area code → appraising organisation codes. */
export function routingTable(plan: CampaignPlan): Map<string, string[]> {
  return new Map(plan.contentAreas.map((a) => [a.code, [...a.appraisers]]));
}

/** The assessed units of a group, in plan order. */
export function unitsOf(plan: CampaignPlan, group: string): OrganisationPlan[] {
  return plan.organisations.filter((o) => o.unitGroup === group);
}

/** Appraising organisations of a content area (empty when unknown). */
export function appraisersFor(plan: CampaignPlan, contentArea: string): string[] {
  return plan.contentAreas.find((a) => a.code === contentArea)?.appraisers ?? [];
}

/** The classes of a group (the group's own, else the campaign's). */
export function classesFor(plan: CampaignPlan, group: string): ClassThreshold[] {
  return plan.unitGroups.find((g) => g.key === group)?.classes ?? plan.classes;
}

/**
 * An organisation appraising its own sheet is a conflict of interest. Returns who must confirm instead:
 * the plan's `confirmBy` (the secretariat by default) unless that is the unit itself, then the fallback
 * (the council). `null` when there is no conflict.
 */
export function conflictReviewer(plan: CampaignPlan, unitCode: string, contentArea: string): string | null {
  if (!appraisersFor(plan, contentArea).includes(unitCode)) {
    return null;
  }
  return plan.conflictOfInterest.confirmBy === unitCode
    ? plan.conflictOfInterest.fallback
    : plan.conflictOfInterest.confirmBy;
}

/**
 * Check that each unit group's criteria set is present and that every leaf (and bonus/penalty item with a
 * content area) routes to at least one appraising organisation.
 */
export function checkCatalogRouting(plan: CampaignPlan, catalogs: readonly CriteriaSet[]): Problem[] {
  const out: Problem[] = [];
  const routing = routingTable(plan);
  for (const g of plan.unitGroups) {
    const set = catalogs.find((c) => c.key === g.catalog);
    if (!set) {
      out.push(
        problem(
          'missing-catalog',
          { field: `unitGroups.${g.key}.catalog` },
          `Nhóm "${g.key}" dùng bộ tiêu chí "${g.catalog}" nhưng chưa nạp.`,
          `Group "${g.key}" uses criteria set "${g.catalog}", which is not loaded.`,
        ),
      );
      continue;
    }
    const items = [...(set.bonus?.items ?? []), ...(set.penalty?.items ?? [])].filter((i) => i.contentArea);
    for (const n of [...leaves(set), ...items]) {
      const area = n.contentArea;
      const appraisers = area ? routing.get(area) : undefined;
      if (!appraisers || appraisers.length === 0) {
        const src = 'source' in n ? n.source : undefined;
        out.push(
          problem(
            'unrouted-leaf',
            { code: n.code, field: 'contentArea', row: src?.row, line: src?.line },
            `Bộ "${set.key}": tiêu chí ${n.code} (nội dung "${area ?? '—'}") không có cơ quan thẩm định.`,
            `Set "${set.key}": ${n.code} (content area "${area ?? '—'}") routes to no appraiser.`,
          ),
        );
      }
    }
  }
  return out;
}
