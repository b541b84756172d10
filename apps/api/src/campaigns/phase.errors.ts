/** Refusals of the secretariat's phase actions (deadline changes, early closes) beyond the phase gate's own. */
import { AppError } from '@lib/common';
import { PHASE_NAMES, type Phase, type Problem } from '@lib/criteria';

export const PhaseErrors = {
  deadlineInPast: () =>
    new AppError(
      'invalid',
      'DEADLINE_IN_PAST',
      'Hạn mới phải sau thời điểm hiện tại; để kết thúc giai đoạn ngay, hãy dùng "Kết thúc sớm".',
      'The new deadline must be in the future; to end the phase now, close it early.',
    ),
  /** A deadline change that would put a phase's deadline on or before the previous phase's (checkPhaseOrder). */
  outOfOrder: (problems: Problem[]) =>
    new AppError(
      'unprocessable',
      'DEADLINE_OUT_OF_ORDER',
      `${problems.map((p) => p.messageVi).join(' ')} Hãy chọn hạn nằm giữa hạn của giai đoạn trước và giai đoạn sau, hoặc dời hạn của giai đoạn sau trước.`,
      `${problems.map((p) => p.message).join(' ')} Choose a deadline between the previous and the next phase's, or move the next phase's deadline first.`,
      { phases: problems.map((p) => p.field) },
    ),
  notClosable: (phase: Phase) =>
    new AppError(
      'conflict',
      'PHASE_NOT_CLOSABLE',
      `Giai đoạn ${PHASE_NAMES[phase].vi} không kết thúc sớm được; chỉ giai đoạn tự đánh giá và giai đoạn thẩm định có thể kết thúc trước hạn.`,
      `The ${PHASE_NAMES[phase].en} phase cannot be closed early; only self-assessment and appraisal can end before their deadline.`,
      { phase },
    ),
};
