/** A re-check run as the api shows it (GET /api/evidence-rechecks…), and what both sides of the job share. */
import { jobId } from '@lib/workflow';
import type { RecheckRun } from './recheck-runs.queries';

export const RECHECK_QUEUED_VI = 'Đang chờ đến lượt kiểm tra lại chữ ký…';

/** The BullMQ job id of a run: its row id and creation time (a restored database must not reuse an old job). */
export function recheckJobId(run: Pick<RecheckRun, 'id' | 'createdAt'>): string {
  return jobId('evidence-recheck', run.id, run.createdAt.getTime());
}

export interface RecheckRunSummary {
  id: number;
  cause: RecheckRun['cause'];
  /** Why it runs, in Vietnamese. */
  causeVi: string;
  state: RecheckRun['state'];
  total: number | null;
  done: number;
  changed: number;
  /** 0..100, from done/total (100 once done). */
  percent: number;
  messageVi: string;
  errorVi: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export function summaryOfRun(run: RecheckRun): RecheckRunSummary {
  const percent =
    run.state === 'done'
      ? 100
      : run.total === null || run.total === 0
        ? 0
        : Math.min(99, Math.floor((100 * run.done) / run.total));
  return {
    id: run.id,
    cause: run.cause,
    causeVi:
      run.cause === 'trustChanged'
        ? 'Cấu hình chứng thư gốc đã thay đổi: hệ thống tự kiểm tra lại chữ ký của các tài liệu đã lưu'
        : 'Văn phòng yêu cầu kiểm tra lại chữ ký',
    state: run.state,
    total: run.total,
    done: run.done,
    changed: run.changed,
    percent,
    messageVi: run.messageVi,
    errorVi: run.errorVi,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt ? run.finishedAt.toISOString() : null,
  };
}
