/**
 * Consolidation (tổng hợp): every unit of a campaign scored from what MySQL holds — the leaves' stage scores,
 * survey results (already written to their leaves), bonus/penalty entries — per field and overall, ranked
 * per unit group, with the differences the secretariat must look at flagged. Plain code over an
 * EntityManager, so the service, the publication, the exports and the benchmark share one computation.
 */
import {
  classesFor,
  DEFAULT_CLASSES,
  DEFAULT_SCORING_POLICY,
  finalScore,
  leaves,
  rankUnits,
  scoreSheet,
  type CampaignPlan,
  type ClassThreshold,
  type CriteriaSet,
  type CriterionNode,
  type ScoringPolicy,
  type StageScores,
} from '@lib/criteria';
import { notFound } from '@lib/common';
import { rows } from '@lib/workflow';
import type { EntityManager } from 'typeorm';
import { definitionOf, findCriteriaSet } from '../criteria/criteria-set.queries';
import { loadEntries, type StoredEntry } from '../sheets/sheet.queries';

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
}

/** One ranking table (Bảng 1, Bảng 2…): one unit group. */
export interface GroupTable {
  tableNo: number;
  group: string;
  groupName: string;
  classes: readonly ClassThreshold[];
  units: UnitResult[];
}

export interface Consolidation {
  campaignId: number;
  campaignCode: string;
  campaignName: string;
  year: number;
  state: string;
  timezone: string;
  policy: ScoringPolicy;
  tables: GroupTable[];
}

/** One leaf of a unit's detailed result sheet: its stored scores and comments, with the node it belongs to. */
export interface LeafDetail extends Omit<StoredEntry, 'selfInputs'> {
  title: string;
  field: string;
  maxMilli: number;
  survey: boolean;
  finalMilli: number | null;
}

interface CampaignRow {
  id: number;
  code: string;
  name: string;
  year: number;
  state: string;
  timezone: string;
  plan: string;
  authority_id: number;
}

interface UnitRow {
  unit_id: number;
  unit_code: string;
  unit_name: string;
  unit_group: string;
  criteria_set_id: number;
  sheet_id: number | null;
  sheet_state: string | null;
}

interface EntryRow {
  sheet_id: number;
  criterion_code: string;
  self_milli: number | null;
  appraised_r1_milli: number | null;
  appraised_r2_milli: number | null;
  council_milli: number | null;
  explanation: string | null;
}

/** The plan frozen on the campaign, or null for campaigns made without one (tests, imports). */
export function planOf(raw: string): CampaignPlan | null {
  try {
    const plan = JSON.parse(raw) as Partial<CampaignPlan>;
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
      name: g?.name ?? GROUP_NAMES[key] ?? key,
      classes: plan ? classesFor(plan, key) : DEFAULT_CLASSES,
    });
  });
  return out;
}

/** Loads and computes; one instance per call (it caches criteria sets for the duration). */
export class ConsolidationEngine {
  private readonly sets = new Map<number, CriteriaSet>();

  constructor(private readonly em: EntityManager) {}

  async campaign(campaignId: number, authorityId?: number): Promise<CampaignRow> {
    const [c] = await rows<CampaignRow>(
      this.em,
      `SELECT id, code, name, year, state, timezone, plan, authority_id FROM campaigns WHERE id = ?${authorityId === undefined ? '' : ' AND authority_id = ?'}`,
      authorityId === undefined ? [campaignId] : [campaignId, authorityId],
    );
    if (!c) {
      throw notFound('campaign');
    }
    return c;
  }

  async criteriaSet(id: number): Promise<CriteriaSet> {
    let set = this.sets.get(id);
    if (!set) {
      const row = await findCriteriaSet(this.em, id);
      if (!row) {
        throw notFound('criteria set');
      }
      set = definitionOf(row);
      this.sets.set(id, set);
    }
    return set;
  }

  /** Consolidate and rank every unit of the campaign. */
  async consolidate(campaignId: number, authorityId?: number): Promise<Consolidation> {
    const c = await this.campaign(campaignId, authorityId);
    const plan = planOf(c.plan);
    const policy = policyOf(plan);
    const units = await rows<UnitRow>(
      this.em,
      `SELECT cu.unit_id, u.code AS unit_code, u.name AS unit_name, cu.unit_group, cu.criteria_set_id,
              s.id AS sheet_id, s.state AS sheet_state
         FROM campaign_units cu
         JOIN units u ON u.id = cu.unit_id
         LEFT JOIN score_sheets s ON s.campaign_id = cu.campaign_id AND s.unit_id = cu.unit_id
        WHERE cu.campaign_id = ?`,
      [campaignId],
    );
    const entries = await rows<EntryRow>(
      this.em,
      `SELECT e.sheet_id, e.criterion_code, e.self_milli, e.appraised_r1_milli, e.appraised_r2_milli, e.council_milli,
              e.explanation IS NOT NULL AND e.explanation <> '' AS explanation
         FROM score_entries e JOIN score_sheets s ON s.id = e.sheet_id
        WHERE s.campaign_id = ?`,
      [campaignId],
    );
    const bySheet = new Map<number, Map<string, StageScores & { explained: boolean }>>();
    for (const e of entries) {
      let m = bySheet.get(e.sheet_id);
      if (!m) {
        m = new Map();
        bySheet.set(e.sheet_id, m);
      }
      m.set(e.criterion_code, {
        self: e.self_milli,
        round1: e.appraised_r1_milli,
        round2: e.appraised_r2_milli,
        council: e.council_milli,
        explained: Boolean(Number(e.explanation)),
      });
    }
    const adjustments = await this.adjustmentTotals(campaignId);
    const flags = await this.flagSources(campaignId);

    const info = groupInfo(
      plan,
      units.map((u) => u.unit_group),
    );
    const byGroup = new Map<string, UnitResult[]>();
    for (const u of units) {
      const set = await this.criteriaSet(u.criteria_set_id);
      const scores: Map<string, StageScores & { explained: boolean }> =
        (u.sheet_id !== null ? bySheet.get(u.sheet_id) : undefined) ??
        new Map<string, StageScores & { explained: boolean }>();
      const adj = adjustments.get(u.unit_id) ?? { bonus: 0, penalty: 0 };
      const result = scoreSheet(
        set,
        scores,
        { bonus: { round1: adj.bonus }, penalty: { round1: adj.penalty } },
        policy,
      );
      const leafNodes = leaves(set);
      const much: string[] = [];
      const missing: string[] = [];
      const unappraised: string[] = [];
      for (const leaf of leafNodes) {
        const s = scores.get(leaf.code);
        const fin = finalScore(s);
        if (fin === null) {
          unappraised.push(leaf.code);
        }
        const self = s?.self ?? null;
        if (self !== null && fin !== null && (self - fin) * 2 >= leaf.maxPoints && self > fin) {
          much.push(leaf.code);
        }
        if (
          flags.evidenceTracked &&
          self !== null &&
          self > 0 &&
          leaf.rule?.kind !== 'survey' &&
          !s?.explained &&
          u.sheet_id !== null &&
          !flags.evidence.has(`${u.sheet_id}|${leaf.code}`)
        ) {
          missing.push(leaf.code);
        }
      }
      const row: UnitResult = {
        unitId: u.unit_id,
        unitCode: u.unit_code,
        unitName: u.unit_name,
        group: u.unit_group,
        sheetId: u.sheet_id,
        sheetState: u.sheet_state,
        maxMilli: result.totals.maxPoints,
        selfMilli: result.totals.self,
        round1Milli: result.totals.round1,
        round2Milli: result.totals.round2,
        finalLeavesMilli: result.totals.final,
        bonusMilli: result.bonus.final,
        penaltyMilli: result.penalty.final,
        bonusEnteredMilli: adj.bonus,
        penaltyEnteredMilli: adj.penalty,
        achievedMilli: result.achieved.final,
        selfIndexHundredths: result.index.self,
        indexHundredths: result.index.final,
        rank: 0,
        position: 0,
        tied: false,
        classKey: null,
        className: null,
        fields: result.fields.map((f) => ({
          code: f.code,
          title: f.title,
          maxMilli: f.maxPoints,
          selfMilli: f.self,
          finalMilli: f.final,
          indexHundredths: f.indexHundredths,
        })),
        flags: {
          appraisedMuchLower: much,
          missingEvidence: missing,
          conflictsOfInterest: flags.conflicts.get(u.unit_id) ?? [],
          openClarifications: u.sheet_id !== null ? (flags.clarifications.get(u.sheet_id) ?? 0) : 0,
          unappraisedLeaves: unappraised,
        },
      };
      const list = byGroup.get(u.unit_group) ?? [];
      list.push(row);
      byGroup.set(u.unit_group, list);
    }
    const tables: GroupTable[] = [];
    for (const [group, list] of byGroup) {
      const g = info.get(group)!;
      const byCode = new Map(list.map((r) => [r.unitCode, r]));
      const ranked = rankUnits(
        list.map((r) => ({ unitCode: r.unitCode, unitName: r.unitName, indexHundredths: r.indexHundredths })),
        { classes: g.classes },
      );
      const units = ranked.map((r) => {
        const unit = byCode.get(r.unitCode)!;
        return {
          ...unit,
          rank: r.rank,
          position: r.position,
          tied: r.tied,
          classKey: r.classKey ?? null,
          className: r.className ?? null,
        };
      });
      tables.push({ tableNo: g.tableNo, group, groupName: g.name, classes: g.classes, units });
    }
    tables.sort((a, b) => a.tableNo - b.tableNo);
    return {
      campaignId: c.id,
      campaignCode: c.code,
      campaignName: c.name,
      year: c.year,
      state: c.state,
      timezone: c.timezone,
      policy,
      tables,
    };
  }

  /** Bonus and penalty entered per unit (uncapped sums). */
  async adjustmentTotals(campaignId: number): Promise<Map<number, { bonus: number; penalty: number }>> {
    const found = await rows<{ unit_id: number; kind: string; total: string | number }>(
      this.em,
      'SELECT unit_id, kind, SUM(points_milli) AS total FROM adjustment_entries WHERE campaign_id = ? GROUP BY unit_id, kind',
      [campaignId],
    );
    const out = new Map<number, { bonus: number; penalty: number }>();
    for (const r of found) {
      const cur = out.get(r.unit_id) ?? { bonus: 0, penalty: 0 };
      cur[r.kind === 'bonus' ? 'bonus' : 'penalty'] = Number(r.total);
      out.set(r.unit_id, cur);
    }
    return out;
  }

  private async flagSources(campaignId: number): Promise<{
    conflicts: Map<number, string[]>;
    clarifications: Map<number, number>;
    evidenceTracked: boolean;
    evidence: Set<string>;
  }> {
    const conflicts = new Map<number, string[]>();
    for (const r of await rows<{ unit_id: number; content_area: string }>(
      this.em,
      'SELECT unit_id, content_area FROM appraisal_tasks WHERE campaign_id = ? AND conflict_of_interest = 1 ORDER BY content_area',
      [campaignId],
    )) {
      conflicts.set(r.unit_id, [...(conflicts.get(r.unit_id) ?? []), r.content_area]);
    }
    const tables = new Set(
      (
        await rows<{ name: string }>(
          this.em,
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name IN ('appraisal_clarifications', 'evidence_links')",
        )
      ).map((r) => r.name),
    );
    const clarifications = new Map<number, number>();
    if (tables.has('appraisal_clarifications')) {
      for (const r of await rows<{ sheet_id: number; n: number }>(
        this.em,
        `SELECT c.sheet_id, COUNT(*) AS n FROM appraisal_clarifications c JOIN score_sheets s ON s.id = c.sheet_id
          WHERE s.campaign_id = ? AND c.status = 'open' GROUP BY c.sheet_id`,
        [campaignId],
      )) {
        clarifications.set(r.sheet_id, Number(r.n));
      }
    }
    const evidence = new Set<string>();
    const evidenceTracked = tables.has('evidence_links');
    if (evidenceTracked) {
      for (const r of await rows<{ sheet_id: number; criterion_code: string }>(
        this.em,
        `SELECT DISTINCT l.sheet_id, l.criterion_code FROM evidence_links l JOIN score_sheets s ON s.id = l.sheet_id
          WHERE s.campaign_id = ?`,
        [campaignId],
      )) {
        evidence.add(`${r.sheet_id}|${r.criterion_code}`);
      }
    }
    return { conflicts, clarifications, evidenceTracked, evidence };
  }

  /** Every leaf of one unit with its stage scores and comments (the detailed result sheet). */
  async unitDetail(campaignId: number, unitId: number): Promise<{ set: CriteriaSet; leaves: LeafDetail[] }> {
    const [u] = await rows<{ criteria_set_id: number; sheet_id: number | null }>(
      this.em,
      `SELECT cu.criteria_set_id, s.id AS sheet_id FROM campaign_units cu
         LEFT JOIN score_sheets s ON s.campaign_id = cu.campaign_id AND s.unit_id = cu.unit_id
        WHERE cu.campaign_id = ? AND cu.unit_id = ?`,
      [campaignId, unitId],
    );
    if (!u) {
      throw notFound('unit');
    }
    const set = await this.criteriaSet(u.criteria_set_id);
    const byCode = u.sheet_id === null ? new Map<string, StoredEntry>() : await loadEntries(this.em, u.sheet_id);
    const out: LeafDetail[] = [];
    const walk = (node: CriterionNode, field: string) => {
      if (node.children.length > 0) {
        node.children.forEach((ch) => walk(ch, field));
        return;
      }
      const r = byCode.get(node.code);
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
    return { set, leaves: out };
  }
}
