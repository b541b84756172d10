/**
 * Consolidation (tổng hợp) as a pure computation: every unit of a campaign scored from its leaves' stage scores
 * and its bonus/penalty entries, per field and overall, ranked per unit group, with the differences the
 * secretariat must look at flagged. The api loads the inputs (consolidation.queries.ts); this decides.
 */
import { classesFor, type CampaignPlan } from './campaign';
import { DEFAULT_CLASSES, rankUnits, type ClassThreshold } from './ranking';
import type { Milli } from './points';
import {
  DEFAULT_SCORING_POLICY,
  finalScore,
  nodeIndexHundredths,
  settleTotals,
  type ScoringPolicy,
  type StageScores,
} from './scoring';
import { leaves } from './tree';
import type { CriteriaSet, CriterionNode } from './types';

/** One field (lĩnh vực) of a unit: its max, self and final points and its sub-index. */
export interface FieldResult {
  code: string;
  title: string;
  maxMilli: number;
  selfMilli: number;
  finalMilli: number;
  indexHundredths: number;
}

/** What deserves the secretariat's (and the council's) attention on a unit. */
export interface UnitFlags {
  /** Leaves whose final score is at least half the leaf's max below the self score. */
  appraisedMuchLower: string[];
  /** Leaves self-scored above 0 with neither evidence nor an explanation (only when evidence is tracked). */
  missingEvidence: string[];
  /** Content areas appraised by the unit itself (conflict of interest). */
  conflictsOfInterest: string[];
  /** Clarification requests still open on the sheet. */
  openClarifications: number;
  /** Leaves without any appraised value (not counted in the final score). */
  unappraisedLeaves: string[];
}

/** A consolidated unit. Points are milli-points, indexes hundredths of a percent. */
export interface UnitResult {
  unitId: number;
  unitCode: string;
  unitName: string;
  group: string;
  sheetId: number | null;
  sheetState: string | null;
  maxMilli: number;
  selfMilli: number;
  round1Milli: number;
  round2Milli: number;
  /** Sum of the final leaf values (before bonus/penalty). */
  finalLeavesMilli: number;
  bonusMilli: number;
  penaltyMilli: number;
  /** Bonus/penalty as entered, before the caps. */
  bonusEnteredMilli: number;
  penaltyEnteredMilli: number;
  /** Final achieved points: leaves + bonus − penalty, within the index cap. */
  achievedMilli: number;
  selfIndexHundredths: number;
  indexHundredths: number;
  rank: number;
  position: number;
  tied: boolean;
  classKey: string | null;
  className: string | null;
  fields: FieldResult[];
  flags: UnitFlags;
  /** Excluded by the secretariat with this reason: listed after the ranked units, rank 0, no class. */
  excludedReason: string | null;
}

/** One ranking table (Bảng 1, Bảng 2…): one unit group. */
export interface GroupTable {
  tableNo: number;
  group: string;
  groupName: string;
  classes: readonly ClassThreshold[];
  units: UnitResult[];
}

/** A leaf's stage scores as consolidation reads them, and whether the unit explained its self score. */
export type ConsolidatedScores = StageScores & { explained: boolean };

/** A unit taking part in the campaign, with its criteria set and its sheet's scores (empty without a sheet). */
export interface ConsolidationUnit {
  unitId: number;
  unitCode: string;
  unitName: string;
  group: string;
  sheetId: number | null;
  sheetState: string | null;
  set: CriteriaSet;
  scores: ReadonlyMap<string, ConsolidatedScores>;
  /** Bonus and penalty as entered (uncapped sums). */
  adjustments: { bonus: number; penalty: number };
  /** Content areas the unit appraised itself. */
  conflictsOfInterest: string[];
  openClarifications: number;
  /** Leaf codes with at least one linked document, or null when evidence is not tracked at all. */
  evidencedLeaves: ReadonlySet<string> | null;
  /** Leaves that do not apply to the unit: out of its maximum, never flagged. */
  notApplicable?: ReadonlySet<string>;
  /** Set aside by the secretariat (never submitted) with this reason: not ranked. */
  excludedReason?: string | null;
}

/** The plan frozen on the campaign, or null for campaigns made without one (tests, imports). */
export function planOf(raw: string | CampaignPlan): CampaignPlan | null {
  try {
    const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Partial<CampaignPlan>;
    return Array.isArray(plan.unitGroups) ? (plan as CampaignPlan) : null;
  } catch {
    return null;
  }
}

export function policyOf(plan: CampaignPlan | null): ScoringPolicy {
  if (!plan?.scoring) {
    return DEFAULT_SCORING_POLICY;
  }
  const { bonusCap, penaltyCap, indexCapHundredths } = plan.scoring;
  return { bonusCap, penaltyCap, indexCapHundredths };
}

const GROUP_NAMES: Record<string, string> = {
  agency: 'Các cơ quan chuyên môn',
  commune: 'Ủy ban nhân dân các xã, phường',
};

/** A unit group's name for people: the plan's, else the usual name of the two national groups, else its key. */
export function groupNameOf(plan: CampaignPlan | null, key: string): string {
  return plan?.unitGroups.find((g) => g.key === key)?.name ?? GROUP_NAMES[key] ?? key;
}

/** Table number, name and classes of each group: from the plan, else by group key order. */
function groupInfo(
  plan: CampaignPlan | null,
  groups: string[],
): Map<string, { tableNo: number; name: string; classes: readonly ClassThreshold[] }> {
  const out = new Map<string, { tableNo: number; name: string; classes: readonly ClassThreshold[] }>();
  const planned = plan?.unitGroups ?? [];
  const sorted = [...new Set([...planned.map((g) => g.key), ...[...groups].sort()])];
  sorted.forEach((key, i) => {
    const g = planned.find((p) => p.key === key);
    out.set(key, {
      tableNo: g?.table ?? i + 1,
      name: groupNameOf(plan, key),
      classes: plan ? classesFor(plan, key) : DEFAULT_CLASSES,
    });
  });
  return out;
}

/** The leaves of a set, walked once per set (not once per unit: a campaign's 3,321 units share a few sets). */
const leafCache = new WeakMap<CriteriaSet, CriterionNode[]>();
function leavesOf(set: CriteriaSet): CriterionNode[] {
  let found = leafCache.get(set);
  if (!found) {
    found = leaves(set);
    leafCache.set(set, found);
  }
  return found;
}

/** The three lists of leaves a unit is flagged on (UnitFlags). */
type FlagLists = Pick<UnitFlags, 'appraisedMuchLower' | 'missingEvidence' | 'unappraisedLeaves'>;

/**
 * One applicable leaf's flags, on the stored values as entered: unappraised, appraised much lower than self-scored
 * (by half its maximum or more), self-scored above 0 without evidence or explanation (not for a survey leaf, which
 * is not self-scored; never when `evidencedLeaves` is null, a unit without a sheet).
 */
function flagLeaf(
  leaf: CriterionNode,
  s: ConsolidatedScores | undefined,
  evidencedLeaves: ReadonlySet<string> | null,
  into: FlagLists,
): void {
  const fin = finalScore(s);
  if (fin === null) {
    into.unappraisedLeaves.push(leaf.code);
  }
  const self = s?.self ?? null;
  if (self !== null && fin !== null && (self - fin) * 2 >= leaf.maxPoints && self > fin) {
    into.appraisedMuchLower.push(leaf.code);
  }
  if (
    evidencedLeaves !== null &&
    self !== null &&
    self > 0 &&
    leaf.rule?.kind !== 'survey' &&
    !s?.explained &&
    !evidencedLeaves.has(leaf.code)
  ) {
    into.missingEvidence.push(leaf.code);
  }
}

/** The leaves to flag on one unit: appraised much lower, self-scored without evidence or explanation, unappraised. */
export function unitFlagLeaves(
  set: CriteriaSet,
  scores: ReadonlyMap<string, ConsolidatedScores>,
  evidencedLeaves: ReadonlySet<string> | null,
  notApplicable: ReadonlySet<string> = new Set(),
): FlagLists {
  const flags: FlagLists = { appraisedMuchLower: [], missingEvidence: [], unappraisedLeaves: [] };
  for (const leaf of leavesOf(set)) {
    if (!notApplicable.has(leaf.code)) {
      flagLeaf(leaf, scores.get(leaf.code), evidencedLeaves, flags);
    }
  }
  return flags;
}

/** Each field's leaves in tree order, walked once per set (not once per unit). */
const fieldLeafCache = new WeakMap<CriteriaSet, CriterionNode[][]>();
function fieldLeavesOf(set: CriteriaSet): CriterionNode[][] {
  let found = fieldLeafCache.get(set);
  if (!found) {
    found = set.nodes.map((field) => leaves({ nodes: [field] }));
    fieldLeafCache.set(set, found);
  }
  return found;
}

/** A stored stage value as scoreSheet counts it: absent or not an integer → null; otherwise clamped to 0..max. */
function counted(v: Milli | null | undefined, max: Milli): Milli | null {
  return v === null || v === undefined || !Number.isSafeInteger(v) ? null : Math.min(Math.max(v, 0), max);
}

/**
 * One unit scored (not yet ranked: rank, position and class are filled by rankGroups). The same figures as
 * {@link scoreSheet} (per field and overall, bonus/penalty capped, index clamped) and the same flags as
 * {@link unitFlagLeaves}, in one pass over the leaves: the consolidation runs it for each of a campaign's 3,321
 * units as their rows stream in, where building scoreSheet's tree of node totals cost more than reading the rows.
 * consolidation.spec.ts holds it to scoreSheet and unitFlagLeaves on random sheets.
 */
export function scoreUnit(u: ConsolidationUnit, policy: ScoringPolicy): UnitResult {
  const notApplicable = u.notApplicable ?? new Set<string>();
  // A unit without a sheet has no leaf to flag for evidence.
  const evidenced = u.sheetId === null ? null : u.evidencedLeaves;
  const flags: FlagLists = { appraisedMuchLower: [], missingEvidence: [], unappraisedLeaves: [] };
  let round1 = 0;
  let round2 = 0;
  const fields: FieldResult[] = fieldLeavesOf(u.set).map((under, f) => {
    const field = u.set.nodes[f];
    let max = field.maxPoints;
    let self = 0;
    let final = 0;
    for (const leaf of under) {
      if (notApplicable.has(leaf.code)) {
        // Out of the unit's maximum, never scored, never flagged.
        max -= leaf.maxPoints;
        continue;
      }
      const survey = leaf.rule?.kind === 'survey';
      const s = u.scores.get(leaf.code);
      if (s) {
        const r1 = counted(s.round1, leaf.maxPoints);
        const r2 = counted(s.round2, leaf.maxPoints) ?? r1;
        // A survey leaf is not self-scored: its self score never counts.
        self += survey ? 0 : (counted(s.self, leaf.maxPoints) ?? 0);
        final += counted(s.council, leaf.maxPoints) ?? r2 ?? 0;
        round1 += r1 ?? 0;
        round2 += r2 ?? 0;
      }
      flagLeaf(leaf, s, evidenced, flags);
    }
    return {
      code: field.code,
      title: field.title,
      maxMilli: max,
      selfMilli: self,
      finalMilli: final,
      indexHundredths: nodeIndexHundredths(final, max),
    };
  });
  let maxMilli = 0;
  let selfMilli = 0;
  let finalMilli = 0;
  for (const f of fields) {
    maxMilli += f.maxMilli;
    selfMilli += f.selfMilli;
    finalMilli += f.finalMilli;
  }
  const adj = u.adjustments;
  const settled = settleTotals(
    u.set,
    { self: selfMilli, round1, round2, final: finalMilli },
    maxMilli,
    { bonus: { round1: adj.bonus }, penalty: { round1: adj.penalty } },
    policy,
  );
  return {
    unitId: u.unitId,
    unitCode: u.unitCode,
    unitName: u.unitName,
    group: u.group,
    sheetId: u.sheetId,
    sheetState: u.sheetState,
    maxMilli,
    selfMilli,
    round1Milli: round1,
    round2Milli: round2,
    finalLeavesMilli: finalMilli,
    bonusMilli: settled.bonus.final,
    penaltyMilli: settled.penalty.final,
    bonusEnteredMilli: adj.bonus,
    penaltyEnteredMilli: adj.penalty,
    achievedMilli: settled.achieved.final,
    selfIndexHundredths: settled.index.self,
    indexHundredths: settled.index.final,
    rank: 0,
    position: 0,
    tied: false,
    classKey: null,
    className: null,
    fields,
    flags: {
      ...flags,
      conflictsOfInterest: u.conflictsOfInterest,
      openClarifications: u.openClarifications,
    },
    excludedReason: u.excludedReason ?? null,
  };
}

/** Consolidate and rank: one table per unit group, in table order, units ranked by index with classes. */
export function consolidateUnits(
  units: readonly ConsolidationUnit[],
  plan: CampaignPlan | null,
  policy: ScoringPolicy = policyOf(plan),
): GroupTable[] {
  return rankScoredUnits(
    units.map((u) => scoreUnit(u, policy)),
    plan,
  );
}

/**
 * Rank units already scored with {@link scoreUnit} (in campaign-unit order): one table per unit group, in table
 * order, units ranked by index with classes. Lets a caller score each unit as its rows arrive (the consolidation
 * engine streams the campaign's score entries) and rank once at the end — the same tables as consolidateUnits.
 */
export function rankScoredUnits(scored: readonly UnitResult[], plan: CampaignPlan | null): GroupTable[] {
  const info = groupInfo(
    plan,
    scored.map((u) => u.group),
  );
  const byGroup = new Map<string, UnitResult[]>();
  for (const r of scored) {
    // push, not spread: copying the group's list for every unit was quadratic (3,321 communes in one group).
    const list = byGroup.get(r.group) ?? [];
    list.push(r);
    byGroup.set(r.group, list);
  }
  const tables: GroupTable[] = [];
  for (const [group, all] of byGroup) {
    const g = info.get(group)!;
    // An excluded unit takes no place in the ranking: it neither ranks nor pushes anyone down.
    const list = all.filter((r) => r.excludedReason === null);
    const byCode = new Map(list.map((r) => [r.unitCode, r]));
    const ranked = rankUnits(
      list.map((r) => ({ unitCode: r.unitCode, unitName: r.unitName, indexHundredths: r.indexHundredths })),
      { classes: g.classes },
    );
    const rankedUnits = ranked.map((r) => ({
      ...byCode.get(r.unitCode)!,
      rank: r.rank,
      position: r.position,
      tied: r.tied,
      classKey: r.classKey ?? null,
      className: r.className ?? null,
    }));
    const excluded = all
      .filter((r) => r.excludedReason !== null)
      .sort((a, b) => a.unitName.localeCompare(b.unitName, 'vi'))
      .map((r, i) => ({ ...r, rank: 0, position: rankedUnits.length + i + 1 }));
    rankedUnits.push(...excluded);
    tables.push({ tableNo: g.tableNo, group, groupName: g.name, classes: g.classes, units: rankedUnits });
  }
  return tables.sort((a, b) => a.tableNo - b.tableNo);
}

/** A leaf's stored scores and comments, as the detailed result sheet shows them. */
export interface LeafScores {
  selfMilli: number | null;
  explanation: string | null;
  round1Milli: number | null;
  round1Comment: string | null;
  round2Milli: number | null;
  round2Comment: string | null;
  councilMilli: number | null;
  councilReason: string | null;
}

/** One leaf of a unit's detailed result sheet: its stored scores and comments, with the field it belongs to. */
export interface LeafDetail extends LeafScores {
  code: string;
  title: string;
  field: string;
  maxMilli: number;
  survey: boolean;
  finalMilli: number | null;
}

/** Every leaf of the set in tree order with the unit's stored scores (none for a leaf never scored). */
export function leafDetails(set: CriteriaSet, stored: ReadonlyMap<string, LeafScores>): LeafDetail[] {
  const out: LeafDetail[] = [];
  const walk = (node: CriterionNode, field: string) => {
    if (node.children.length > 0) {
      node.children.forEach((ch) => walk(ch, field));
      return;
    }
    const r = stored.get(node.code);
    out.push({
      code: node.code,
      title: node.title,
      field,
      maxMilli: node.maxPoints,
      survey: node.rule?.kind === 'survey',
      selfMilli: r?.selfMilli ?? null,
      explanation: r?.explanation ?? null,
      round1Milli: r?.round1Milli ?? null,
      round1Comment: r?.round1Comment ?? null,
      round2Milli: r?.round2Milli ?? null,
      round2Comment: r?.round2Comment ?? null,
      councilMilli: r?.councilMilli ?? null,
      councilReason: r?.councilReason ?? null,
      finalMilli: r ? finalScore({ round1: r.round1Milli, round2: r.round2Milli, council: r.councilMilli }) : null,
    });
  };
  set.nodes.forEach((f) => walk(f, f.code));
  return out;
}
