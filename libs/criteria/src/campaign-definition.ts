/**
 * A campaign as the secretariat defines it (the wizard, the api, the seed): data that refers to organisations,
 * units and criteria sets already stored for the authority — no file. `planOfDefinition` turns it, with those
 * stored parties, into the plan document frozen on the campaign, the one shape consolidation, routing and the
 * criteria import read (see ./campaign-plan/types.ts).
 */
import { DateTime } from 'luxon';
import type {
  AuthorityPlan,
  CampaignPlan,
  ContentAreaPlan,
  OrganisationPlan,
  UnitGroupPlan,
} from './campaign-plan/types';
import { checkPhaseOrder } from './phase-order';
import { PHASES, PHASE_NAMES, type Phase } from './phases';
import { parsePoints } from './points';
import { problem } from './problems';
import { validateClassThresholds, type ClassThreshold } from './ranking';
import type { Problem } from './types';

/** A unit group of the campaign: one criteria set, one ranking table. */
export interface CampaignGroupDefinition {
  key: string;
  name: string;
  /** A criteria set stored for the authority (imported or edited). */
  criteriaSetId: number;
  /** Number of its ranking table in the publication decision (Bảng 1, 2, 3…). */
  table: number;
  /** Unit codes; absent: every unit of the authority whose group is `key`. */
  units?: string[];
  classes?: ClassThreshold[];
}

/** How reminders are sent for the campaign's deadlines (frozen on the campaign). */
export interface CampaignReminderDefinition {
  enabled: boolean;
  /** Days before each deadline (7, 3, 1). */
  daysBefore: number[];
  /** Local sending time, HH:mm. */
  sendTime: string;
  workingDaysOnly: boolean;
}

/** A council vote's quorum: more than half, at least two thirds, or every voting member. */
export const COUNCIL_QUORUMS = ['majority', 'twoThirds', 'all'] as const;
export type CouncilQuorum = (typeof COUNCIL_QUORUMS)[number];

export interface CampaignDefinition {
  /** Unique per authority (ASCII, lower case). */
  code: string;
  year: number;
  name: string;
  /** "Kế hoạch số 2439/KH-UBND" and its date (yyyy-MM-dd). */
  planNumber?: string;
  planDate?: string;
  timeZone: string;
  groups: CampaignGroupDefinition[];
  /** Content area → appraising organisation codes (several share one task). */
  routing: ContentAreaPlan[];
  /** Exclusive deadline instants (ISO 8601), one per phase, in order. */
  deadlines: Record<Phase, string>;
  reminders?: CampaignReminderDefinition;
  classes: ClassThreshold[];
  /** Council members (user ids) and its chair, one of them. */
  council?: { members: number[]; chair: number };
  /**
   * How many voting members must vote for a council vote to count (majority by default): stored on the campaign
   * (campaigns.council_quorum), changeable in council review until the council approves.
   */
  councilQuorum?: CouncilQuorum;
  /** Points (not milli): bonus cap 2, penalty cap 3, index cap 100 (null = none), 2 decimals. */
  scoring: { bonusCap: number; penaltyCap: number; indexCap: number | null; decimals: number };
  /** Who confirms an agency's appraisal of its own sheet: an organisation code, else `council`. */
  conflictOfInterest: { confirmBy: string; fallback: string };
}

/** The stored plan document: the plan's shape plus what only a definition carries. */
export type StoredCampaignPlan = CampaignPlan & {
  reminders?: CampaignReminderDefinition;
  council?: { members: number[]; chair: number };
  councilQuorum?: CouncilQuorum;
};

/** The authority's parties the definition refers to, as stored. */
export interface DefinitionParties {
  authority: AuthorityPlan;
  /** Every organisation of the authority; assessed units carry their group for this campaign. */
  organisations: OrganisationPlan[];
  /** The criteria sets' codes by id (only the authority's). */
  setCodes: Map<number, string>;
}

const invalid = (field: string, vi: string, en: string) => problem('invalid-definition', { field }, vi, en);

/**
 * Problems with a definition on its own (before the database is asked): phase order, groups, tables, classes,
 * scoring. Each names the field and says in Vietnamese what to change.
 */
export function checkCampaignDefinition(def: CampaignDefinition): Problem[] {
  const problems: Problem[] = [];
  if (!DateTime.now().setZone(def.timeZone).isValid) {
    problems.push(invalid('timeZone', `Múi giờ "${def.timeZone}" không hợp lệ.`, `Unknown time zone.`));
    return problems;
  }
  problems.push(...checkPhaseOrder(def.deadlines, def.timeZone).map((p) => ({ ...p, field: `deadlines.${p.field}` })));
  if (def.groups.length === 0) {
    problems.push(invalid('groups', 'Cần ít nhất một nhóm đơn vị.', 'At least one unit group is required.'));
  }
  const keys = new Set<string>();
  const tables = new Set<number>();
  def.groups.forEach((g, i) => {
    if (keys.has(g.key)) {
      problems.push(invalid(`groups[${i}].key`, `Nhóm "${g.name}" bị trùng mã.`, `Group "${g.key}" is repeated.`));
    }
    if (tables.has(g.table)) {
      problems.push(
        invalid(
          `groups[${i}].table`,
          `Bảng ${g.table} đã dùng cho nhóm khác; mỗi nhóm một bảng xếp hạng.`,
          `Table ${g.table} is used twice.`,
        ),
      );
    }
    keys.add(g.key);
    tables.add(g.table);
    if (g.units !== undefined && g.units.length === 0) {
      problems.push(invalid(`groups[${i}].units`, `Nhóm "${g.name}" chưa có đơn vị.`, `Group "${g.key}" has no unit.`));
    }
    for (const p of g.classes ? validateClassThresholds(g.classes) : []) {
      problems.push({ ...p, field: `groups[${i}].${p.field ?? 'classes'}` });
    }
  });
  problems.push(...validateClassThresholds(def.classes));
  if (def.council && !def.council.members.includes(def.council.chair)) {
    problems.push(
      invalid(
        'council.chair',
        'Chủ tịch Hội đồng phải là một thành viên Hội đồng.',
        'The chair must be a council member.',
      ),
    );
  }
  return problems;
}

/** The plan document frozen on the campaign, from a checked definition and the stored parties. */
export function planOfDefinition(def: CampaignDefinition, parties: DefinitionParties): StoredCampaignPlan {
  const unitGroups: UnitGroupPlan[] = def.groups.map((g) => ({
    key: g.key,
    name: g.name,
    catalog: parties.setCodes.get(g.criteriaSetId) ?? String(g.criteriaSetId),
    table: g.table,
    ...(g.classes ? { classes: g.classes } : {}),
  }));
  const plan: StoredCampaignPlan = {
    key: def.code,
    title: def.name,
    year: def.year,
    timeZone: def.timeZone,
    basis: {
      ...(def.planNumber ? { plan: def.planNumber } : {}),
      ...(def.planDate ? { planDate: def.planDate } : {}),
    },
    authority: parties.authority,
    organisations: parties.organisations,
    unitGroups,
    contentAreas: def.routing,
    phases: PHASES.map((key) => {
      const at = DateTime.fromISO(def.deadlines[key], { zone: def.timeZone });
      return {
        key,
        name: PHASE_NAMES[key].vi,
        deadline: at.toISO({ suppressMilliseconds: true }) ?? def.deadlines[key],
        deadlineUtc: at.toUTC().toISO({ suppressMilliseconds: true }) ?? def.deadlines[key],
      };
    }),
    classes: def.classes,
    scoring: {
      bonusCap: parsePoints(def.scoring.bonusCap) ?? 0,
      penaltyCap: parsePoints(def.scoring.penaltyCap) ?? 0,
      indexCapHundredths: def.scoring.indexCap === null ? null : Math.round(def.scoring.indexCap * 100),
      decimals: def.scoring.decimals,
    },
    conflictOfInterest: def.conflictOfInterest,
  };
  if (def.reminders) {
    plan.reminders = def.reminders;
  }
  if (def.council) {
    plan.council = def.council;
  }
  if (def.councilQuorum) {
    plan.councilQuorum = def.councilQuorum;
  }
  return plan;
}

/** The definition a plan stands for, with its groups' criteria sets as stored (the seed; a copy's starting point). */
export function definitionOfPlan(plan: CampaignPlan, setIds: Map<string, number>): CampaignDefinition {
  const stored = plan as StoredCampaignPlan;
  const milli = (m: number) => m / 1000;
  return {
    code: plan.key,
    year: plan.year,
    name: plan.title,
    ...(plan.basis.plan ? { planNumber: plan.basis.plan } : {}),
    ...(plan.basis.planDate ? { planDate: plan.basis.planDate } : {}),
    timeZone: plan.timeZone,
    groups: plan.unitGroups.map((g, i) => ({
      key: g.key,
      name: g.name,
      criteriaSetId: setIds.get(g.key) ?? 0,
      table: g.table ?? i + 1,
      units: plan.organisations.filter((o) => o.unitGroup === g.key).map((o) => o.code),
      ...(g.classes ? { classes: g.classes } : {}),
    })),
    routing: plan.contentAreas,
    deadlines: Object.fromEntries(plan.phases.map((p) => [p.key, p.deadlineUtc])) as Record<Phase, string>,
    ...(stored.reminders ? { reminders: stored.reminders } : {}),
    classes: plan.classes,
    ...(stored.council ? { council: stored.council } : {}),
    ...(stored.councilQuorum ? { councilQuorum: stored.councilQuorum } : {}),
    scoring: {
      bonusCap: milli(plan.scoring.bonusCap),
      penaltyCap: milli(plan.scoring.penaltyCap),
      indexCap: plan.scoring.indexCapHundredths === null ? null : plan.scoring.indexCapHundredths / 100,
      decimals: plan.scoring.decimals,
    },
    conflictOfInterest: plan.conflictOfInterest,
  };
}
