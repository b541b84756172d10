/**
 * Every refusal of an appraisal-task write (inbox actions and the appraisal itself), in one place: one code,
 * one text each, in Vietnamese and English, saying what to do next. The phase gate's refusals (423) come from
 * @lib/workflow; a refused transition names the task's state through `REFUSED` and the runner.
 */
import { AppError } from '@lib/common';
import type { RefusedAction } from '@lib/workflow';

type UserLabel = { id: number; username: string; fullName: string } | null;

/** What each task transition tries and when it is possible: the runner turns these into EVENT_NOT_ACCEPTED. */
export const REFUSED = {
  claim: {
    what: { vi: 'nhận nhiệm vụ', en: 'claim the task' },
    when: { vi: 'chỉ nhận được nhiệm vụ chưa có người nhận', en: 'only an unclaimed task can be claimed' },
  },
  unclaim: {
    what: { vi: 'trả lại nhiệm vụ', en: 'release the task' },
    when: {
      vi: 'chỉ trả lại được nhiệm vụ đã nhận và chưa bắt đầu thẩm định',
      en: 'only a claimed task whose review has not started can be released',
    },
  },
  assign: {
    what: { vi: 'giao nhiệm vụ', en: 'assign the task' },
    when: {
      vi: 'không giao được nhiệm vụ đã hoàn thành hoặc cho chính người đang giữ',
      en: 'a completed task cannot be assigned, nor given to the person holding it',
    },
  },
  score: {
    what: { vi: 'chấm điểm thẩm định', en: 'save appraised scores' },
    when: {
      vi: 'hãy nhận nhiệm vụ trước; khi đang chờ giải trình, chờ đơn vị trả lời',
      en: 'claim the task first; while a clarification is pending, wait for the answer',
    },
  },
  clarify: {
    what: { vi: 'yêu cầu giải trình', en: 'request a clarification' },
    when: { vi: 'chỉ yêu cầu được khi nhiệm vụ đang thẩm định', en: 'only possible while the task is in review' },
  },
  answer: {
    what: { vi: 'trả lời giải trình', en: 'answer the clarification' },
    when: { vi: 'nhiệm vụ không còn chờ giải trình', en: 'the task is no longer waiting for an answer' },
  },
  complete: {
    what: { vi: 'hoàn thành nhiệm vụ', en: 'complete the task' },
    when: {
      vi: 'chỉ hoàn thành được nhiệm vụ đang thẩm định (không chờ giải trình)',
      en: 'only a task in review (not waiting for a clarification) can be completed',
    },
  },
} satisfies Record<string, RefusedAction>;

const forbidden = (code: string, vi: string, en: string, details?: Record<string, unknown>) =>
  new AppError('forbidden', code, vi, en, details);
const invalid = (code: string, vi: string, en: string, details?: Record<string, unknown>) =>
  new AppError('invalid', code, vi, en, details);
const conflict = (code: string, vi: string, en: string, details?: Record<string, unknown>) =>
  new AppError('conflict', code, vi, en, details);

export const TaskErrors = {
  notACandidate: () =>
    forbidden(
      'NOT_A_CANDIDATE',
      'Đơn vị của bạn không được giao thẩm định nội dung này.',
      'Your organisation is not a candidate for this task.',
    ),
  notAssignee: (assignee: UserLabel) =>
    forbidden(
      'NOT_ASSIGNEE',
      'Chỉ người đang giữ nhiệm vụ mới làm được việc này; hãy nhận nhiệm vụ trước, hoặc đề nghị lãnh đạo phòng giao lại.',
      'Only the assignee may do this; claim the task first, or ask a supervisor to reassign it.',
      { assignee },
    ),
  notSupervisor: () =>
    forbidden(
      'NOT_SUPERVISOR',
      'Chỉ lãnh đạo của đơn vị thẩm định mới giao nhiệm vụ hoặc đổi thời hạn được.',
      'Only a supervisor of an appraising organisation may assign this task or change its dates.',
    ),
  alreadyClaimed: (assignee: UserLabel) =>
    conflict(
      'ALREADY_CLAIMED',
      `Nhiệm vụ đã được ${assignee?.fullName ?? 'người khác'} (${assignee?.username ?? '?'}) nhận.`,
      `The task is already held by ${assignee?.fullName ?? 'someone else'} (${assignee?.username ?? '?'}).`,
      { assignee },
    ),
  assigneeNotEligible: (userId: number) =>
    invalid(
      'ASSIGNEE_NOT_ELIGIBLE',
      'Người được giao phải là cán bộ thẩm định (đang hoạt động) của đơn vị thẩm định nội dung này.',
      'The assignee must be an active appraiser or supervisor of an appraising organisation of this task.',
      { userId },
    ),
  taskCompleted: () =>
    conflict(
      'TASK_COMPLETED',
      'Nhiệm vụ đã hoàn thành; không đổi thời hạn được nữa.',
      'The task is completed; its dates can no longer change.',
    ),
  followUpAfterDue: () =>
    invalid(
      'FOLLOW_UP_AFTER_DUE',
      'Ngày cần xử lý phải trước hạn hoàn thành.',
      'The follow-up date must not be after the due date.',
    ),
  unknownLeaves: (codes: string[]) =>
    invalid(
      'UNKNOWN_LEAF',
      `Tiêu chí ${codes.join(', ')} không thuộc nội dung thẩm định của nhiệm vụ này.`,
      `${codes.join(', ')} are not leaves of this task's content area.`,
      { codes },
    ),
  dueInPast: () =>
    invalid(
      'DUE_IN_PAST',
      'Hạn giải trình phải ở tương lai; hãy chọn một ngày sau hôm nay.',
      'The clarification due date must be in the future; choose a later date.',
    ),
  evidenceNotUnderClarification: (evidenceIds: number[], codes: string[]) =>
    invalid(
      'EVIDENCE_NOT_UNDER_CLARIFICATION',
      `Tài liệu ${evidenceIds.join(', ')} không thuộc biểu của đơn vị hoặc không gắn với tiêu chí được yêu cầu giải trình (${codes.join(', ')}).`,
      `Evidence ${evidenceIds.join(', ')} is not on this sheet or not linked to a leaf under clarification (${codes.join(', ')}).`,
      { evidenceIds },
    ),
  invalidScores: (problems: Array<{ message: string; messageVi: string }>) =>
    invalid(
      'INVALID_SCORES',
      `Không lưu điểm: ${problems.map((p) => p.messageVi).join(' ')}`,
      `Scores not saved: ${problems.map((p) => p.message).join(' ')}`,
      { problems },
    ),
  noConflict: () => invalid('NO_CONFLICT', 'Nhiệm vụ này không cần xác nhận.', 'This task needs no confirmation.'),
  notConfirmer: () =>
    forbidden(
      'NOT_CONFIRMER',
      'Chỉ đơn vị được chỉ định xác nhận mới xác nhận được nhiệm vụ này.',
      'Only the designated confirming organisation may confirm this task.',
    ),
  alreadyConfirmed: () => conflict('ALREADY_CONFIRMED', 'Nhiệm vụ đã được xác nhận.', 'The task is already confirmed.'),
  scoresMissing: (missing: string[]) =>
    conflict(
      'SCORES_MISSING',
      `Chưa chấm điểm thẩm định cuối cùng cho: ${missing.join(', ')}.`,
      `No final appraised score yet for: ${missing.join(', ')}.`,
      { missing },
    ),
  confirmationRequired: (confirmerOrganisationId: number | null) =>
    conflict(
      'CONFIRMATION_REQUIRED',
      'Nhiệm vụ có xung đột lợi ích: cần đơn vị được chỉ định xác nhận trước khi hoàn thành.',
      'Conflict of interest: the designated organisation must confirm before completion.',
      { confirmerOrganisationId },
    ),
  badRange: () => invalid('BAD_RANGE', 'Ngày kết thúc phải sau ngày bắt đầu.', 'endsAt must be after startsAt.'),
  selfSubstitute: () =>
    invalid('SELF_SUBSTITUTE', 'Không thể tự ủy quyền cho chính mình.', 'You cannot be your own substitute.'),
  substituteNotEligible: () =>
    invalid(
      'SUBSTITUTE_NOT_ELIGIBLE',
      'Người thay thế phải là cán bộ đang hoạt động của cùng đơn vị.',
      'The substitute must be an active member of your organisation.',
    ),
  badCursor: () =>
    invalid(
      'BAD_CURSOR',
      'Con trỏ phân trang không hợp lệ; hãy tải lại danh sách từ đầu.',
      'The cursor is not valid; reload the list from the start.',
    ),
};
