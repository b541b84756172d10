/**
 * Validation of a batch of self-score entries against the criteria set — pure, so the API batch save and
 * the xlsx import share it and it can be tested without a database. Every problem is reported (not just the
 * first), each with the entry's position (and xlsx row when the caller knows it).
 */
import { fmtPts, parsePoints, type CriterionNode, type Milli, type RuleInput } from '@lib/criteria';
import { possibleScores, suggest, type LinkedDocument, type SuggestionContext } from '@lib/criteria';

/** One entry as the client sends it. */
export interface EntryInput {
  code: string;
  /** Points (decimal, ≤ 3 places; "0,5" is accepted), or null to clear the self score. */
  selfPoints: number | string | null;
  /** Facts for rule-based leaves (level, met, value, numerator/denominator, occurrences). */
  inputs?: RuleInput | null;
  explanation?: string | null;
}

/** An entry that passed: ready to be written. */
export interface ValidEntry {
  code: string;
  selfMilli: Milli | null;
  inputs: RuleInput | null;
  explanation: string | null;
}

export interface EntryProblem {
  /** 0-based position in the batch. */
  index: number;
  /** 1-based xlsx row, for imports. */
  row?: number;
  code: string;
  field: 'code' | 'selfPoints' | 'inputs' | 'explanation';
  reason: string;
  /** English (the wire shape of bilingual text). */
  message: string;
  messageVi: string;
}

export interface ValidationContext extends SuggestionContext {
  /** Leaf code → documents linked to it on this sheet. */
  documents: ReadonlyMap<string, readonly LinkedDocument[]>;
}

/** Rule kinds whose inputs always decide the points; inputs that decide nothing are an error for them. */
const DECIDING_KINDS = new Set(['levels', 'checklist', 'bands', 'proportional', 'perOccurrence']);

export function validateEntries(
  byCode: ReadonlyMap<string, CriterionNode>,
  entries: readonly EntryInput[],
  ctx: ValidationContext,
): { valid: ValidEntry[]; problems: EntryProblem[] } {
  const problems: EntryProblem[] = [];
  const valid: ValidEntry[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const fail = (field: EntryProblem['field'], reason: string, messageVi: string, message: string) =>
      problems.push({ index, code: entry.code, field, reason, message, messageVi });
    const leaf = byCode.get(entry.code);
    if (!leaf) {
      fail(
        'code',
        'unknownCode',
        `Mã "${entry.code}" không có trong bộ tiêu chí.`,
        `Code "${entry.code}" is not in the criteria set.`,
      );
      return;
    }
    if (leaf.children.length > 0) {
      fail(
        'code',
        'notALeaf',
        `"${entry.code}" là mục tổng hợp; chỉ chấm ở tiêu chí thành phần.`,
        `"${entry.code}" is a parent; scores go on leaves only.`,
      );
      return;
    }
    if (seen.has(entry.code)) {
      fail(
        'code',
        'duplicate',
        `Mã "${entry.code}" xuất hiện hai lần trong cùng lần lưu.`,
        `Code "${entry.code}" appears twice in one save.`,
      );
      return;
    }
    seen.add(entry.code);
    const before = problems.length;
    const explanation = entry.explanation?.trim() ? entry.explanation.trim() : null;
    const inputs = entry.inputs && Object.keys(entry.inputs).length > 0 ? entry.inputs : null;
    let selfMilli: Milli | null = null;
    if (entry.selfPoints !== null && entry.selfPoints !== undefined && entry.selfPoints !== '') {
      const parsed = parsePoints(entry.selfPoints);
      if (parsed === undefined) {
        fail(
          'selfPoints',
          'notANumber',
          `Điểm "${String(entry.selfPoints)}" không phải số (tối đa 3 chữ số thập phân).`,
          `"${String(entry.selfPoints)}" is not a number of points (at most 3 decimals).`,
        );
      } else {
        selfMilli = parsed;
      }
    }
    const docs = ctx.documents.get(leaf.code) ?? [];
    const suggestion = suggest(leaf, inputs, docs, ctx);
    if (!suggestion.selfScorable && (selfMilli !== null || inputs)) {
      fail(
        'selfPoints',
        'notSelfScorable',
        `Tiêu chí ${leaf.code} lấy điểm từ kết quả khảo sát; đơn vị không tự chấm.`,
        `Criterion ${leaf.code} is scored from survey results; units do not self-score it.`,
      );
    } else if (selfMilli !== null && (selfMilli < 0 || selfMilli > leaf.maxPoints)) {
      fail(
        'selfPoints',
        'outOfRange',
        `Điểm ${fmtPts(selfMilli)} ngoài khoảng 0–${fmtPts(leaf.maxPoints)} của tiêu chí ${leaf.code}.`,
        `${fmtPts(selfMilli)} is outside 0–${fmtPts(leaf.maxPoints)} for criterion ${leaf.code}.`,
      );
    } else if (inputs && suggestion.points === null && DECIDING_KINDS.has(leaf.rule?.kind ?? '')) {
      fail(
        'inputs',
        'inputsInvalid',
        `Dữ liệu chấm của tiêu chí ${leaf.code} chưa hợp lệ: ${suggestion.explanation}`,
        `The inputs of criterion ${leaf.code} do not decide a score: ${suggestion.explanation}`,
      );
    } else if (selfMilli !== null) {
      const decided = inputs || suggestion.decidedBy ? suggestion.points : null;
      const allowed = possibleScores(leaf);
      if (decided !== null && decided !== selfMilli) {
        fail(
          'selfPoints',
          'ruleMismatch',
          `Điểm ${fmtPts(selfMilli)} không khớp cách tính của tiêu chí ${leaf.code}: ${suggestion.explanation}.`,
          `${fmtPts(selfMilli)} does not match the rule of criterion ${leaf.code} (it gives ${fmtPts(decided)}).`,
        );
      } else if (decided === null && allowed && !allowed.has(selfMilli)) {
        const list = [...allowed].sort((a, b) => a - b).map(fmtPts);
        fail(
          'selfPoints',
          'ruleMismatch',
          `Điểm ${fmtPts(selfMilli)} không phải một mức của tiêu chí ${leaf.code} (các mức: ${list.join('; ')}).`,
          `${fmtPts(selfMilli)} is not a level of criterion ${leaf.code} (levels: ${list.join(', ')}).`,
        );
      }
    }
    if (selfMilli !== null && docs.length === 0 && !explanation) {
      fail(
        'explanation',
        'explanationRequired',
        `Tiêu chí ${leaf.code} có điểm nhưng chưa có tài liệu kiểm chứng: cần giải thích cách tính.`,
        `Criterion ${leaf.code} has a score but no evidence: an explanation is required.`,
      );
    }
    if (problems.length === before) {
      valid.push({ code: leaf.code, selfMilli, inputs, explanation });
    }
  });
  return { valid, problems };
}
