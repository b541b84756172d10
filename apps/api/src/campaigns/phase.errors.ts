/** Refusals of the secretariat's phase actions (deadline changes, early closes) beyond the phase gate's own. */
import { AppError } from '@lib/common';
import { PHASE_NAMES, type Phase } from '@lib/criteria';

export const PhaseErrors = {
  deadlineInPast: () =>
    new AppError(
      'invalid',
      'DEADLINE_IN_PAST',
      'Hạn mới phải sau thời điểm hiện tại; để kết thúc giai đoạn ngay, hãy dùng "Kết thúc sớm".',
      'The new deadline must be in the future; to end the phase now, close it early.',
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
