/** Every refusal of a unit's sheet writes (entries, import, submission, clarification answers) and of extensions. */
import { AppError } from '@lib/common';
import { describeLimit } from '@lib/pdf';
import type { RefusedAction } from '@lib/workflow';
import type { EntryProblem } from './entry-validation';
import type { SubmissionProblem } from './submission-check';

export const SheetErrors = {
  notEditable: (state: string) =>
    new AppError(
      'conflict',
      'SHEET_NOT_EDITABLE',
      state === 'locked'
        ? 'Biểu tự chấm điểm đã khóa; nếu cần gia hạn, hãy liên hệ Văn phòng thường trực.'
        : 'Biểu tự chấm điểm đã nộp; đơn vị chỉ bổ sung khi có yêu cầu giải trình (mục "Yêu cầu giải trình").',
      state === 'locked'
        ? 'The score sheet is locked; if an extension is needed, contact the secretariat.'
        : 'The score sheet has been submitted; the unit may only answer clarification requests.',
      { state },
    ),
  clarificationClosed: (status: string) =>
    new AppError(
      'conflict',
      'CLARIFICATION_CLOSED',
      'Yêu cầu giải trình này đã được trả lời hoặc đã hết hạn; không cần gửi thêm.',
      'This clarification has already been answered or has expired; nothing more is needed.',
      { status },
    ),
  extensionInPast: () =>
    new AppError(
      'invalid',
      'EXTENSION_IN_PAST',
      'Hạn gia hạn phải sau thời điểm hiện tại; hãy chọn một thời điểm trong tương lai.',
      'The extended deadline must be in the future; choose a later instant.',
    ),
  fileRequired: () =>
    new AppError('invalid', 'FILE_REQUIRED', 'Chưa chọn tệp .xlsx.', 'No .xlsx file was sent (field "file").'),
  tooLarge: (maxBytes: number) =>
    new AppError(
      'tooLarge',
      'UPLOAD_TOO_LARGE',
      `Tệp vượt quá dung lượng cho phép: tối đa ${describeLimit(maxBytes, 'vi')}`,
      `The file is larger than the limit: at most ${describeLimit(maxBytes, 'en')}`,
      { maxBytes },
    ),
  /** 422 with every problem (blocking or not), so the confirmation can show the whole grouped list. */
  incomplete: (problems: SubmissionProblem[]) => {
    const unscored = problems.filter((p) => p.reason === 'unscored').length;
    const unexplained = problems.filter((p) => p.reason === 'unexplained').length;
    return new AppError(
      'unprocessable',
      'SHEET_INCOMPLETE',
      `Chưa nộp được: ${unscored} tiêu chí chưa chấm, ${unexplained} tiêu chí có điểm nhưng thiếu tài liệu kiểm chứng và giải thích. Hãy hoàn thiện các tiêu chí được liệt kê rồi nộp lại.`,
      `Not submitted: ${unscored} criteria unscored, ${unexplained} scored without evidence or explanation. Complete the listed criteria and submit again.`,
      { problems },
    );
  },
  entriesInvalid: (problems: EntryProblem[], fromXlsx: boolean) => {
    const where = (p: EntryProblem) => (fromXlsx && p.row ? `dòng ${p.row}` : `mục ${p.index + 1}`);
    const whereEn = (p: EntryProblem) => (fromXlsx && p.row ? `row ${p.row}` : `entry ${p.index + 1}`);
    const listed = problems.slice(0, 5);
    return new AppError(
      'invalid',
      'SHEET_ENTRIES_INVALID',
      `Có ${problems.length} lỗi; chưa lưu mục nào. ${listed.map((p) => `${where(p)}: ${p.messageVi}`).join(' ')}`,
      `${problems.length} problem(s); nothing was saved. ${listed.map((p) => `${whereEn(p)}: ${p.message}`).join(' ')}`,
      { problems },
    );
  },
};

/** A per-unit extension is refused by the machine only when the sheet has left draft/locked (submitted…). */
export const REFUSED_EXTENSION: RefusedAction = {
  what: { vi: 'gia hạn cho đơn vị', en: 'extend the unit' },
  when: { vi: 'chỉ gia hạn được biểu chưa nộp', en: 'only a sheet not yet submitted can be extended' },
};
