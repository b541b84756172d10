/** Every refusal of the council's writes (sessions, adjustments, approval), in one place, in Vietnamese and English. */
import { AppError } from '@lib/common';
import type { RefusedAction } from '@lib/workflow';
import type { VoteProblem } from './council-vote';

export const CouncilErrors = {
  oneChair: () =>
    new AppError(
      'invalid',
      'COUNCIL_CHAIR',
      'Hội đồng phải có đúng một Chủ tịch; hãy chọn vai trò Chủ tịch cho một thành viên.',
      'The council needs exactly one chair; give one member the chair role.',
    ),
  sessionOpen: (sessionId: number) =>
    new AppError(
      'conflict',
      'COUNCIL_SESSION_OPEN',
      'Đã có một phiên họp Hội đồng đang mở; hãy thông qua phiên đó trước.',
      'A council session is already open; approve it first.',
      { sessionId },
    ),
  sessionClosed: () =>
    new AppError(
      'conflict',
      'COUNCIL_SESSION_CLOSED',
      'Phiên họp Hội đồng đã được thông qua; không thể thay đổi.',
      'This council session has been approved; it can no longer change.',
    ),
  notAMember: () =>
    new AppError(
      'invalid',
      'NOT_A_MEMBER',
      'Người đề xuất phải là thành viên của phiên họp.',
      'The proposing member must be a member of this session.',
    ),
  notTheChair: () =>
    new AppError(
      'forbidden',
      'NOT_THE_CHAIR',
      'Chỉ Chủ tịch Hội đồng mới được thông qua kết quả.',
      'Only the chair of the council may approve.',
    ),
  unknownCriterion: (code: string) =>
    new AppError(
      'invalid',
      'UNKNOWN_CRITERION',
      `"${code}" không phải tiêu chí được chấm điểm của bộ tiêu chí đơn vị này: hãy ghi mã tiêu chí lá như trên biểu chấm điểm của đơn vị (ví dụ 1.1.1).`,
      `"${code}" is not a scored criterion of this unit's criteria set: write the leaf's code as on the unit's sheet (e.g. 1.1.1).`,
    ),
  /** The vote misses its quorum or its threshold: nothing is written, the sentence says what is missing. */
  voteNotCarried: (problems: VoteProblem[]) =>
    new AppError(
      'unprocessable',
      problems[0].code,
      problems.map((p) => p.vi).join(' '),
      problems.map((p) => p.en).join(' '),
    ),
  pointsOutOfRange: (maxPoints: number) =>
    new AppError(
      'invalid',
      'POINTS_OUT_OF_RANGE',
      `Điểm phải trong khoảng 0–${maxPoints}.`,
      `Points must be within 0–${maxPoints}.`,
    ),
};

/** The council's approval as a campaign transition: possible only in council review. */
export const REFUSED_COUNCIL_APPROVAL: RefusedAction = {
  what: { vi: 'thông qua kết quả', en: 'approve the results' },
  when: {
    vi: 'chỉ thông qua được khi đợt đánh giá đang ở giai đoạn Hội đồng thẩm định',
    en: 'the council can approve only while the campaign is in council review',
  },
};
