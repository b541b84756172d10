import {
  evaluateRule,
  parsePoints,
  type CriterionNode,
  type Milli,
  type RuleInput,
  type ScoringRule,
} from '@lib/criteria';

/** Why an appraised score is refused, in Vietnamese and English. */
export interface ScoreProblem {
  code: string;
  field: string;
  messageVi: string;
  messageEn: string;
}

/**
 * The point values a rule can award, when it is discrete (levels, bands, checklist subsets); `null` when any
 * value in 0..max may be right (proportional, manual, survey…). Checklists with more than 16 items are
 * treated as continuous (2^16 subset sums would be a silly thing to enumerate per request).
 */
export function allowedPoints(rule: ScoringRule | undefined, max: Milli): Set<Milli> | null {
  switch (rule?.kind) {
    case 'levels':
      return new Set(rule.levels.map((l) => l.points));
    case 'bands':
      return new Set([...rule.bands.map((b) => b.points), rule.otherwise]);
    case 'checklist': {
      if (rule.items.length > 16) {
        return null;
      }
      let sums = new Set<Milli>([0]);
      for (const item of rule.items) {
        sums = new Set([...sums, ...[...sums].map((s) => s + item.points)]);
      }
      return sums;
    }
    case 'deadline':
      return new Set([max, rule.latePoints, rule.missingPoints]);
    case 'noOccurrenceFullMarks': {
      const other = rule.otherwise ? allowedPoints(rule.otherwise, max) : null;
      return other ? new Set([max, ...other]) : null;
    }
    case 'manual':
    case 'perOccurrence':
    case 'proportional':
    case 'survey':
    case undefined:
      return null;
  }
}

/** Lowest value a rule can award (perOccurrence has a floor); 0 otherwise. */
function floorOf(rule: ScoringRule | undefined): Milli {
  return rule?.kind === 'perOccurrence' ? rule.floor : 0;
}

const pts = (milli: Milli) => (milli / 1000).toString().replace('.', ',');

/**
 * Validates one appraised score of a leaf: a number (or decimal string, ≤ 3 decimals), within floor..max, and
 * one of the values the leaf's rule can award when that set is discrete. Returns the milli-points or the problem.
 */
export function validateAppraisedScore(
  leaf: CriterionNode,
  value: unknown,
): { ok: true; milli: Milli } | { ok: false; problem: ScoreProblem } {
  const field = `scores[${leaf.code}].points`;
  const milli = typeof value === 'number' || typeof value === 'string' ? parsePoints(value) : undefined;
  if (milli === undefined) {
    return {
      ok: false,
      problem: {
        code: 'SCORE_NOT_A_NUMBER',
        field,
        messageVi: `Điểm thẩm định của tiêu chí ${leaf.code} phải là một số (tối đa 3 chữ số thập phân).`,
        messageEn: `The appraised score of ${leaf.code} must be a number with at most 3 decimals.`,
      },
    };
  }
  const floor = floorOf(leaf.rule);
  if (milli < floor || milli > leaf.maxPoints) {
    return {
      ok: false,
      problem: {
        code: 'SCORE_OUT_OF_RANGE',
        field,
        messageVi: `Điểm thẩm định của tiêu chí ${leaf.code} phải từ ${pts(floor)} đến ${pts(leaf.maxPoints)}.`,
        messageEn: `The appraised score of ${leaf.code} must be between ${floor / 1000} and ${leaf.maxPoints / 1000}.`,
      },
    };
  }
  const allowed = allowedPoints(leaf.rule, leaf.maxPoints);
  if (allowed && !allowed.has(milli)) {
    const list = [...allowed].sort((a, b) => a - b);
    return {
      ok: false,
      problem: {
        code: 'SCORE_NOT_ALLOWED_BY_RULE',
        field,
        messageVi: `Tiêu chí ${leaf.code} chỉ cho các mức điểm: ${list.map(pts).join('; ')}.`,
        messageEn: `${leaf.code} only awards: ${list.map((m) => m / 1000).join(', ')}.`,
      },
    };
  }
  return { ok: true, milli };
}

/** The rule's suggestion from the unit's own inputs (shown next to the appraised score); null when it cannot tell. */
export function suggestionFor(
  leaf: CriterionNode,
  inputsJson: string | null,
  ctx: { timeZone: string; assessmentYear: number },
): { points: Milli | null; explanation: string } | null {
  if (!leaf.rule) {
    return null;
  }
  let inputs: RuleInput = {};
  if (inputsJson) {
    try {
      inputs = JSON.parse(inputsJson) as RuleInput;
    } catch {
      return { points: null, explanation: 'Không đọc được dữ liệu tự chấm.' };
    }
  }
  try {
    const evaluation = evaluateRule(leaf.rule, inputs, { maxPoints: leaf.maxPoints, ...ctx });
    return { points: evaluation.points, explanation: evaluation.explanation };
  } catch {
    return { points: null, explanation: 'Không tính được gợi ý từ dữ liệu tự chấm.' };
  }
}
