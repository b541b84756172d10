import { parsePoints, type CriterionNode, type Milli } from '@lib/criteria';
import { lowestScore, possibleScores } from '@lib/criteria';

/** Why an appraised score is refused, in Vietnamese and English. */
export interface ScoreProblem {
  /** The criterion code of the entry. */
  criterionCode: string;
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
        criterionCode: leaf.code,
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
        criterionCode: leaf.code,
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
        criterionCode: leaf.code,
        code: 'SCORE_NOT_ALLOWED_BY_RULE',
        field,
        messageVi: `Tiêu chí ${leaf.code} chỉ cho các mức điểm: ${list.map(pts).join('; ')}.`,
        message: `${leaf.code} only awards: ${list.map((m) => m / 1000).join(', ')}.`,
      },
    };
  }
  return { ok: true, milli };
}

/** A validated appraised score, with the round it counts for. */
export interface AppraisedScore {
  code: string;
  milli: Milli;
  comment: string | null;
  round: 1 | 2;
}

/**
 * Validates a batch of appraised scores entry by entry (the valid ones are saved, each invalid one is reported
 * against its row): each names a leaf of the task's area once, passes
 * validateAppraisedScore, and takes round 2 only on a leaf whose clarification was answered or expired (the
 * default round: 2 for such a leaf, else 1). Returns the valid scores, or every problem found.
 */
export function validateScoreBatch(
  entries: readonly { code: string; points: unknown; comment?: string | null; round?: 1 | 2 }[],
  areaLeaves: ReadonlyMap<string, CriterionNode>,
  clarified: ReadonlySet<string>,
): { valid: AppraisedScore[]; problems: ScoreProblem[] } {
  const problems: ScoreProblem[] = [];
  const valid: AppraisedScore[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const leaf = areaLeaves.get(entry.code);
    if (!leaf) {
      problems.push({
        criterionCode: entry.code,
        code: 'UNKNOWN_LEAF',
        field: `scores[${entry.code}]`,
        messageVi: `Tiêu chí ${entry.code} không thuộc nội dung thẩm định của nhiệm vụ này.`,
        message: `${entry.code} is not a leaf of this task's content area.`,
      });
      continue;
    }
    if (seen.has(entry.code)) {
      problems.push({
        criterionCode: entry.code,
        code: 'DUPLICATE_LEAF',
        field: `scores[${entry.code}]`,
        messageVi: `Tiêu chí ${entry.code} được gửi hai lần.`,
        message: `${entry.code} appears twice.`,
      });
      continue;
    }
    seen.add(entry.code);
    const checked = validateAppraisedScore(leaf, entry.points);
    if (!checked.ok) {
      problems.push(checked.problem);
      continue;
    }
    const round = entry.round ?? (clarified.has(entry.code) ? 2 : 1);
    if (round === 2 && !clarified.has(entry.code)) {
      problems.push({
        criterionCode: entry.code,
        code: 'NO_CLARIFICATION',
        field: `scores[${entry.code}].round`,
        messageVi: `Tiêu chí ${entry.code} chưa có giải trình nên chưa chấm vòng 2.`,
        message: `${entry.code} has no answered clarification; a round-2 score is not possible yet.`,
      });
      continue;
    }
    valid.push({ code: entry.code, milli: checked.milli, comment: entry.comment ?? null, round });
  }
  return { valid, problems };
}
