/**
 * Totals and indices of one unit's score sheet. Scores are entered at the leaves; every parent is the sum
 * of its children, per stage. Exact throughout (milli-points); the index is rounded to 2 decimals once.
 */
import { divRoundHalfUp, type Milli } from './points';
import { problem } from './problems';
import { fmtPts } from './rules';
import { allNodes } from './tree';
import type { CriteriaSet, CriterionNode, Problem } from './types';

/** The stages at which a leaf receives a score: self-assessment, appraisal rounds 1 and 2, council. */
export const STAGES = ['self', 'round1', 'round2', 'council'] as const;
/** One scoring stage. */
export type Stage = (typeof STAGES)[number];

/** A leaf's (or an adjustment's) values per stage; `null`/absent = not entered. */
export type StageScores = Partial<Record<Stage, Milli | null>>;

/** One leaf's scores, keyed by criterion code. */
export interface ScoreEntry extends StageScores {
  code: string;
}

/** The scores of a sheet, in any of the usual shapes. Order never matters. */
export type SheetScores =
  ReadonlyMap<string, StageScores> | Readonly<Record<string, StageScores>> | readonly ScoreEntry[];

/**
 * The final value of a leaf: council ?? appraisal round 2 ?? appraisal round 1 (the self score never
 * counts by itself — it must be appraised). `null` when nothing has been appraised.
 */
export function finalScore(s: StageScores | undefined): Milli | null {
  if (!s) {
    return null;
  }
  return s.council ?? s.round2 ?? s.round1 ?? null;
}

/** Per-stage sums of one node. `round2` is the value after round 2 (round 2 ?? round 1 per leaf); `final` as {@link finalScore}. */
export interface StageTotals {
  self: Milli;
  round1: Milli;
  round2: Milli;
  final: Milli;
}

/** Totals of one node and its subtree. */
export interface NodeTotals extends StageTotals {
  code: string;
  title: string;
  maxPoints: Milli;
  /** Leaves below (or this leaf) that have a final score. */
  appraisedLeaves: number;
  /** Leaves below (or 1 for a leaf) that apply to the unit. */
  leafCount: number;
  /** A leaf marked not applicable to the unit: no score, and its max leaves every total above it. */
  notApplicable?: true;
  /** Index of the final value for this node, hundredths of a percent (final / max × 100, 2 d.p. half-up). */
  indexHundredths: number;
  children: NodeTotals[];
}

/** Caps and limits applied to the bonus/penalty block and the index (from the campaign plan). */
export interface ScoringPolicy {
  /** Max total bonus, milli-points (e.g. 2000 = +2). */
  bonusCap: Milli;
  /** Max total penalty, milli-points, positive (e.g. 3000 = −3). */
  penaltyCap: Milli;
  /** Upper limit of the index in hundredths of a percent (10000 = 100 %); `null` = no limit. The index is never below 0. */
  indexCapHundredths: number | null;
}

/** Default policy: +2 / −3 caps, index capped at 100 %. */
export const DEFAULT_SCORING_POLICY: ScoringPolicy = { bonusCap: 2000, penaltyCap: 3000, indexCapHundredths: 10000 };

/** Bonus and penalty magnitudes per stage (positive milli-points; the penalty is subtracted). */
export interface Adjustments {
  bonus?: StageScores;
  penalty?: StageScores;
}

/** Result of {@link scoreSheet}. */
export interface SheetResult {
  /** Total of the leaves per stage. */
  totals: NodeTotals;
  /** One entry per field (top-level node). */
  fields: NodeTotals[];
  /** Capped bonus and penalty per stage (positive magnitudes). */
  bonus: StageTotals;
  penalty: StageTotals;
  /** Leaves + bonus − penalty per stage, after the index cap, in milli-points. */
  achieved: StageTotals;
  /** Index per stage, hundredths of a percent (0..cap). */
  index: StageTotals;
  /** Scores that were ignored or clamped (unknown code, outside 0..max, survey self-score, duplicate entry). */
  problems: Problem[];
}

function toMap(scores: SheetScores, problems: Problem[]): Map<string, StageScores> {
  if (Array.isArray(scores)) {
    const m = new Map<string, StageScores>();
    for (const e of scores as readonly ScoreEntry[]) {
      if (m.has(e.code)) {
        problems.push(
          problem(
            'duplicate-score',
            { code: e.code },
            `Điểm của "${e.code}" được nhập hai lần; dùng lần đầu.`,
            `Scores for "${e.code}" were given twice; the first is used.`,
          ),
        );
        continue;
      }
      m.set(e.code, e);
    }
    return m;
  }
  if (scores instanceof Map) {
    return scores as Map<string, StageScores>;
  }
  return new Map(Object.entries(scores as Record<string, StageScores>));
}

function cleanValue(node: CriterionNode, stage: Stage, v: Milli | null | undefined, problems: Problem[]): Milli | null {
  if (v === null || v === undefined) {
    return null;
  }
  if (!Number.isSafeInteger(v)) {
    problems.push(
      problem(
        'invalid-score',
        { code: node.code, field: stage },
        'Điểm phải là số nguyên phần nghìn điểm.',
        'A score must be an integer number of milli-points.',
      ),
    );
    return null;
  }
  if (stage === 'self' && node.rule?.kind === 'survey') {
    problems.push(
      problem(
        'survey-self-scored',
        { code: node.code, field: stage },
        'Tiêu chí khảo sát không tự chấm; điểm tự chấm bị bỏ qua.',
        'Survey criteria are not self-scored; the self score is ignored.',
      ),
    );
    return null;
  }
  if (v < 0 || v > node.maxPoints) {
    const c = Math.min(Math.max(v, 0), node.maxPoints);
    problems.push(
      problem(
        'score-out-of-range',
        { code: node.code, field: stage },
        `Điểm ${fmtPts(v)} ngoài khoảng 0–${fmtPts(node.maxPoints)}; tính là ${fmtPts(c)}.`,
        `Score ${fmtPts(v)} is outside 0–${fmtPts(node.maxPoints)}; counted as ${fmtPts(c)}.`,
      ),
    );
    return c;
  }
  return v;
}

/** A set's codes and which of them are parents: walked once per set, not once per sheet (3,321 in a campaign). */
const codesCache = new WeakMap<CriteriaSet, { known: ReadonlySet<string>; parents: ReadonlySet<string> }>();
function codesOf(set: CriteriaSet): { known: ReadonlySet<string>; parents: ReadonlySet<string> } {
  let codes = codesCache.get(set);
  if (!codes) {
    const nodes = allNodes(set);
    codes = {
      known: new Set(nodes.map((n) => n.code)),
      parents: new Set(nodes.filter((n) => n.children.length > 0).map((n) => n.code)),
    };
    codesCache.set(set, codes);
  }
  return codes;
}

/**
 * achieved × 10000 / max rounded half-up, exactly. Integer arithmetic on doubles is exact below 2^53, and
 * `n - n % d` is divisible by `d`, so the division is exact too; beyond that range fall back to BigInt.
 * (This runs for every node of every sheet, so it avoids BigInt on the common path.)
 */
function exactIndex(achieved: Milli, max: Milli): number {
  const neg = achieved < 0;
  const n = 2 * Math.abs(achieved) * 10000 + max;
  const d = 2 * max;
  if (n > Number.MAX_SAFE_INTEGER) {
    return Number(divRoundHalfUp(BigInt(achieved) * 10000n, BigInt(max)));
  }
  const q = (n - (n % d)) / d;
  return neg ? -q : q;
}

/** Index in hundredths of a percent, clamped to [0, cap]. */
/** A parent (or the whole set, code ''): its children's stage totals and counts added up, and its index. */
function sumOf(code: string, title: string, maxPoints: Milli, children: NodeTotals[]): NodeTotals {
  const t: NodeTotals = {
    code,
    title,
    maxPoints,
    self: 0,
    round1: 0,
    round2: 0,
    final: 0,
    appraisedLeaves: 0,
    leafCount: 0,
    indexHundredths: 0,
    children,
  };
  for (const c of children) {
    t.self += c.self;
    t.round1 += c.round1;
    t.round2 += c.round2;
    t.final += c.final;
    t.appraisedLeaves += c.appraisedLeaves;
    t.leafCount += c.leafCount;
  }
  t.indexHundredths = indexOf(t.final, maxPoints, null);
  return t;
}

function indexOf(achieved: Milli, max: Milli, cap: number | null): number {
  if (max <= 0) {
    return 0;
  }
  const raw = exactIndex(achieved, max);
  return Math.max(0, cap === null ? raw : Math.min(raw, cap));
}

function capped(s: StageScores | undefined, cap: Milli): StageTotals {
  const c = (v: Milli | null | undefined) => Math.min(Math.max(v ?? 0, 0), cap);
  return { self: c(s?.self), round1: c(s?.round1), round2: c(s?.round2 ?? s?.round1), final: c(finalScore(s ?? {})) };
}

/** A leaf that does not apply to the unit: nothing counts, its max included. */
function notApplicableLeaf(node: CriterionNode): NodeTotals {
  return {
    code: node.code,
    title: node.title,
    maxPoints: 0,
    self: 0,
    round1: 0,
    round2: 0,
    final: 0,
    appraisedLeaves: 0,
    leafCount: 0,
    indexHundredths: 0,
    notApplicable: true,
    children: [],
  };
}

/**
 * Compute a unit's totals: per node and stage, the index per field and overall, with the bonus/penalty
 * block capped and the index clamped to 0..cap. Leaf scores outside 0..max are clamped (and reported),
 * so no total ever exceeds its max. The result does not depend on the order of `scores`.
 *
 * Leaves in `notApplicable` do not apply to the unit: their scores are ignored and their max leaves their
 * parents', the field's and the set's max, so every index (and the index cap) is over what applies —
 * achieved ÷ applicable max × 100, exactly as for any other max.
 */
export function scoreSheet(
  set: CriteriaSet,
  scores: SheetScores,
  adjustments: Adjustments = {},
  policy: ScoringPolicy = DEFAULT_SCORING_POLICY,
  notApplicable: ReadonlySet<string> = new Set(),
): SheetResult {
  const problems: Problem[] = [];
  const map = toMap(scores, problems);
  const { known, parents } = codesOf(set);

  const walk = (node: CriterionNode): NodeTotals => {
    if (node.children.length === 0 && notApplicable.has(node.code)) {
      return notApplicableLeaf(node);
    }
    if (node.children.length === 0) {
      const s = map.get(node.code);
      const self = cleanValue(node, 'self', s?.self, problems);
      const r1 = cleanValue(node, 'round1', s?.round1, problems);
      const r2 = cleanValue(node, 'round2', s?.round2, problems);
      const co = cleanValue(node, 'council', s?.council, problems);
      const fin = co ?? r2 ?? r1;
      return {
        code: node.code,
        title: node.title,
        maxPoints: node.maxPoints,
        self: self ?? 0,
        round1: r1 ?? 0,
        round2: r2 ?? r1 ?? 0,
        final: fin ?? 0,
        appraisedLeaves: fin === null ? 0 : 1,
        leafCount: 1,
        indexHundredths: indexOf(fin ?? 0, node.maxPoints, null),
        children: [],
      };
    }
    const children = node.children.map(walk);
    // The max of what does not apply below leaves this node's max (a parent's max is its children's sum).
    const left = children.reduce((a, c, i) => a + (node.children[i].maxPoints - c.maxPoints), 0);
    return sumOf(node.code, node.title, node.maxPoints - left, children);
  };

  const fields = set.nodes.map(walk);
  for (const code of map.keys()) {
    if (!known.has(code)) {
      problems.push(
        problem(
          'unknown-code',
          { code },
          `Mã "${code}" không có trong bộ tiêu chí; điểm bị bỏ qua.`,
          `Code "${code}" is not in the criteria set; ignored.`,
        ),
      );
    } else if (parents.has(code)) {
      problems.push(
        problem(
          'score-on-parent',
          { code },
          `"${code}" là mục tổng hợp; chỉ chấm ở tiêu chí lá.`,
          `"${code}" is a parent; scores go on leaves only.`,
        ),
      );
    }
  }
  const max = fields.reduce((a, f) => a + f.maxPoints, 0);
  const totals = sumOf('', set.title, max, fields);
  return { totals, fields, ...settleTotals(set, totals, max, adjustments, policy), problems };
}

/**
 * The part of {@link scoreSheet} above the leaves: the bonus/penalty block capped (by the set and the policy), and
 * achieved points and index per stage from the leaves' totals, over the applicable `max`. Shared with the
 * consolidation's one-pass scoreUnit, which sums the leaves per field without building the tree of node totals.
 */
export function settleTotals(
  set: CriteriaSet,
  totals: StageTotals,
  max: Milli,
  adjustments: Adjustments = {},
  policy: ScoringPolicy = DEFAULT_SCORING_POLICY,
): Pick<SheetResult, 'bonus' | 'penalty' | 'achieved' | 'index'> {
  const bonusCap = set.bonus?.cap !== undefined ? Math.min(set.bonus.cap, policy.bonusCap) : policy.bonusCap;
  const penaltyCap = set.penalty?.cap !== undefined ? Math.min(set.penalty.cap, policy.penaltyCap) : policy.penaltyCap;
  const bonus = capped(adjustments.bonus, bonusCap);
  const penalty = capped(adjustments.penalty, penaltyCap);
  const capMilli =
    policy.indexCapHundredths === null
      ? null
      : Number(divRoundHalfUp(BigInt(policy.indexCapHundredths) * BigInt(max), 10000n));
  const achievedOf = (k: keyof StageTotals) => {
    const v = Math.max(0, totals[k] + bonus[k] - penalty[k]);
    return capMilli === null ? v : Math.min(v, capMilli);
  };
  const achieved: StageTotals = {
    self: achievedOf('self'),
    round1: achievedOf('round1'),
    round2: achievedOf('round2'),
    final: achievedOf('final'),
  };
  const idx = (k: keyof StageTotals) => indexOf(totals[k] + bonus[k] - penalty[k], max, policy.indexCapHundredths);
  const index: StageTotals = { self: idx('self'), round1: idx('round1'), round2: idx('round2'), final: idx('final') };
  return { bonus, penalty, achieved, index };
}

/** A node's index from its final points and (applicable) max, as {@link scoreSheet} computes it for every node. */
export function nodeIndexHundredths(final: Milli, max: Milli): number {
  return indexOf(final, max, null);
}

/**
 * Sum the bonus or penalty items that occurred (code → count) into a magnitude, uncapped; the cap is
 * applied by {@link scoreSheet}. Unknown codes are reported.
 */
export function sumAdjustmentItems(
  items: readonly { code: string; points: Milli }[],
  occurred: Readonly<Record<string, number>>,
): { total: Milli; problems: Problem[] } {
  const problems: Problem[] = [];
  let total = 0;
  for (const [code, count] of Object.entries(occurred)) {
    const item = items.find((i) => i.code === code);
    if (!item) {
      problems.push(
        problem(
          'unknown-adjustment',
          { code },
          `Không có mục thưởng/trừ "${code}".`,
          `No bonus/penalty item "${code}".`,
        ),
      );
      continue;
    }
    if (!Number.isInteger(count) || count < 0) {
      problems.push(
        problem(
          'invalid-count',
          { code },
          'Số lần phải là số nguyên không âm.',
          'The count must be a non-negative integer.',
        ),
      );
      continue;
    }
    total += item.points * count;
  }
  return { total, problems };
}
