/**
 * Whether a sheet may be submitted, and every reason it may not — pure, so the submit refusal (422), the sheet
 * view's confirmation list and the tests read one answer. Rules (issue 16):
 *  - every self-scored leaf has a self score (0 is a score); survey leaves are scored from survey results, and a
 *    leaf the secretariat marked not applicable to the unit is not scored at all;
 *  - a leaf scored without usable evidence needs its explanation; a document whose signature is broken or was
 *    changed after signing proves nothing, so it does not count as evidence;
 *  - documents whose signature is not valid are named (not blocking: the appraiser is flagged on the task).
 */
import { leaves, type CriteriaSet } from '@lib/criteria';
import { documentsByCode } from './sheet-view';
import type { SheetDocument } from '../evidence/evidence.queries';
import type { StoredEntry } from './sheet.queries';

export type SubmissionProblemReason = 'unscored' | 'unexplained' | 'invalidSignature';

export interface SubmissionProblem {
  reason: SubmissionProblemReason;
  /** The leaf (unscored, unexplained) or the first leaf the document supports (invalidSignature). */
  code: string;
  /** Blocking problems refuse the submit; the others are named in the confirmation. */
  blocking: boolean;
  evidenceId?: number;
  documentNumber?: string;
  verdict?: string;
  message: string;
  messageVi: string;
}

/** A document that proves nothing: its signature is broken or the file changed after signing. */
export const untrustworthy = (verdict: string): boolean => verdict === 'invalid' || verdict === 'modifiedAfterSigning';

const VERDICT_VI: Record<string, string> = {
  invalid: 'chữ ký không hợp lệ',
  modifiedAfterSigning: 'tệp bị sửa sau khi ký',
};
const VERDICT_EN: Record<string, string> = {
  invalid: 'the signature is not valid',
  modifiedAfterSigning: 'the file was changed after signing',
};

export function submissionProblems(
  set: CriteriaSet,
  entries: ReadonlyMap<string, Pick<StoredEntry, 'selfMilli' | 'explanation'>>,
  docs: readonly Pick<SheetDocument, 'evidenceId' | 'documentNumber' | 'verdict' | 'codes'>[],
  notApplicable: ReadonlySet<string> = new Set(),
): SubmissionProblem[] {
  const byCode = documentsByCode(docs);
  const out: SubmissionProblem[] = [];
  for (const leaf of leaves(set)) {
    if (leaf.rule?.kind === 'survey' || notApplicable.has(leaf.code)) {
      continue;
    }
    const e = entries.get(leaf.code);
    if (e?.selfMilli === null || e?.selfMilli === undefined) {
      out.push({
        reason: 'unscored',
        code: leaf.code,
        blocking: true,
        messageVi: `Tiêu chí ${leaf.code} chưa chấm: hãy chọn mức hoặc nhập điểm tự chấm (0 cũng là một điểm).`,
        message: `Criterion ${leaf.code} is not scored: choose a level or enter a self score (0 is a score).`,
      });
      continue;
    }
    const linked = byCode.get(leaf.code) ?? [];
    const usable = linked.filter((d) => !untrustworthy(d.verdict));
    if (usable.length === 0 && !e.explanation?.trim()) {
      const broken = linked.length > 0;
      out.push({
        reason: 'unexplained',
        code: leaf.code,
        blocking: true,
        messageVi: broken
          ? `Tiêu chí ${leaf.code} chỉ có tài liệu có chữ ký không hợp lệ hoặc bị sửa: hãy tải tài liệu khác hoặc giải thích cách tính.`
          : `Tiêu chí ${leaf.code} có điểm nhưng chưa có tài liệu kiểm chứng: hãy tải tài liệu hoặc giải thích cách tính.`,
        message: broken
          ? `Criterion ${leaf.code} only has documents with an invalid or altered signature: upload another or explain the score.`
          : `Criterion ${leaf.code} is scored without evidence: upload a document or explain the score.`,
      });
    }
  }
  for (const doc of docs) {
    if (untrustworthy(doc.verdict)) {
      const codes = doc.codes.length > 0 ? doc.codes.join(', ') : '—';
      out.push({
        reason: 'invalidSignature',
        code: doc.codes[0] ?? '',
        blocking: false,
        evidenceId: doc.evidenceId,
        documentNumber: doc.documentNumber,
        verdict: doc.verdict,
        messageVi: `Văn bản ${doc.documentNumber} (tiêu chí ${codes}): ${VERDICT_VI[doc.verdict]}; không dùng làm căn cứ, người thẩm định sẽ thấy cảnh báo này.`,
        message: `Document ${doc.documentNumber} (criteria ${codes}): ${VERDICT_EN[doc.verdict]}; it proves nothing and the appraiser will see this warning.`,
      });
    }
  }
  return out;
}
