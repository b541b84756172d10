import { parsePoints, type CriterionNode, type Milli } from '@lib/criteria';
import { lowestScore, possibleScores } from '@lib/criteria';

/** Why an appraised score is refused, in Vietnamese and English. */
export interface ScoreProblem {
  code: string;
  field: string;
  /** English (the wire shape of bilingual text). */
  message: string;
  messageVi: string;
}

const pts = (milli: Milli) => (milli / 1000).toString().replace('.', ',');

/**
 * Validates one appraised score of a leaf: a number (or decimal string, ≤ 3 decimals), within floor..max, and
 * one of the values the leaf's rule can award when that set is discrete (the same set self scores are checked
 * against). Returns the milli-points or the problem.
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
        message: `The appraised score of ${leaf.code} must be a number with at most 3 decimals.`,
      },
    };
  }
  const floor = lowestScore(leaf);
  if (milli < floor || milli > leaf.maxPoints) {
    return {
      ok: false,
      problem: {
        code: 'SCORE_OUT_OF_RANGE',
        field,
        messageVi: `Điểm thẩm định của tiêu chí ${leaf.code} phải từ ${pts(floor)} đến ${pts(leaf.maxPoints)}.`,
        message: `The appraised score of ${leaf.code} must be between ${floor / 1000} and ${leaf.maxPoints / 1000}.`,
      },
    };
  }
  const allowed = possibleScores(leaf);
  if (allowed && !allowed.has(milli)) {
    const list = [...allowed].sort((a, b) => a - b);
    return {
      ok: false,
      problem: {
        code: 'SCORE_NOT_ALLOWED_BY_RULE',
        field,
        messageVi: `Tiêu chí ${leaf.code} chỉ cho các mức điểm: ${list.map(pts).join('; ')}.`,
        message: `${leaf.code} only awards: ${list.map((m) => m / 1000).join(', ')}.`,
      },
    };
  }
  return { ok: true, milli };
}
