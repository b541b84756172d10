/**
 * The runner's refusals, built in one place: an event the machine does not accept in its state (409, naming the
 * state in words and, when the caller says what was tried, when it becomes possible), and a version that moved
 * under the caller (409).
 */
import { AppError } from '@lib/common';
import { stateName, type StateName } from '../machines/state-names';

/** What a writer tried, and when it is possible: `{ what: 'nhận nhiệm vụ', when: 'chỉ khi nhiệm vụ chưa có người nhận' }`. */
export interface RefusedAction {
  what: StateName;
  when: StateName;
}

const SUBJECTS: Record<'campaign' | 'scoreSheet' | 'appraisalTask', StateName> = {
  campaign: { vi: 'đợt đánh giá', en: 'the campaign' },
  scoreSheet: { vi: 'biểu tự chấm điểm', en: 'the score sheet' },
  appraisalTask: { vi: 'nhiệm vụ', en: 'the task' },
};

/** 409 EVENT_NOT_ACCEPTED: the one sentence shape for every refused transition. */
export function eventNotAccepted(
  machineId: 'campaign' | 'scoreSheet' | 'appraisalTask',
  state: string,
  action?: RefusedAction,
  details: Record<string, unknown> = {},
): AppError {
  const subject = SUBJECTS[machineId];
  const name = stateName(machineId, state);
  return new AppError(
    'conflict',
    'EVENT_NOT_ACCEPTED',
    action
      ? `Không thể ${action.what.vi}: ${subject.vi} đang ở trạng thái "${name.vi}"; ${action.when.vi}.`
      : `Thao tác này không thực hiện được khi ${subject.vi} đang ở trạng thái "${name.vi}"; hãy tải lại trang để xem trạng thái mới.`,
    action
      ? `Cannot ${action.what.en}: ${subject.en} is ${name.en}; ${action.when.en}.`
      : `This is not possible while ${subject.en} is ${name.en}; reload to see its current state.`,
    { state, ...details },
  );
}

/** 409 CONCURRENT_UPDATE: the row's version moved between the read and the write. */
export function concurrentUpdate(currentVersion: number): AppError {
  return new AppError(
    'conflict',
    'CONCURRENT_UPDATE',
    'Dữ liệu vừa được người khác thay đổi; vui lòng tải lại và thử lại.',
    'Someone else changed this just now; reload and try again.',
    { currentVersion },
  );
}
