/**
 * The publication page's decision jobs (publication, revision 1; correction, revision n+1): following one, its
 * progress, its failure. Both are report jobs run by the reports process (issue 19).
 */
import { Alert, Progress, Typography } from 'antd';
import { useCallback, useEffect, useRef } from 'react';
import { api, call } from '../api/client';
import { useLang } from '../lib/i18n';
import { isLiveJob, useBackgroundJob } from '../lib/use-background-job';
import type { DecisionForm } from './correction-modal';

export type Job = Awaited<ReturnType<typeof fetchJob>>;
const fetchJob = (jobId: number) => call(api.GET('/api/report-jobs/{id}', { params: { path: { id: jobId } } }));
export const decisionBody = (v: DecisionForm) => ({
  decisionNumber: v.decisionNumber,
  decisionDate: v.decisionDate.format('YYYY-MM-DD'),
  signerName: v.signerName,
  signerTitle: v.signerTitle,
});

/**
 * A decision job (publication or correction) as this page follows it: the newest of its kind when the page opens,
 * then polled; `onDone` once when a job seen running here finishes (not for one already done when the page opened).
 */
export function useDecisionJob(
  campaignId: number | undefined,
  kind: 'publication' | 'correction',
  start: () => Promise<Job>,
  onDone: (job: Job) => void,
) {
  const latest = useCallback(
    async () =>
      campaignId
        ? (await call(api.GET('/api/campaigns/{id}/report-jobs', { params: { path: { id: campaignId } } }))).find(
            (j) => j.kind === kind,
          )
        : undefined,
    [campaignId, kind],
  );
  const following = useBackgroundJob(latest, fetchJob, start);
  const job = following.job;
  const followed = useRef<number>(undefined);
  useEffect(() => {
    if (job && isLiveJob(job)) {
      followed.current = job.id;
    } else if (job?.state === 'done' && followed.current === job.id) {
      followed.current = undefined;
      onDone(job);
    }
    // On the job's changes only (onDone is a new function each render).
  }, [job]);
  return following;
}

/** A decision job under way: how far it is, and that leaving the page does not stop it. */
export function DecisionJobProgress({ job, title, what }: { job: Job; title: string; what: [string, string] }) {
  const { t } = useLang();
  return (
    <div role="status" aria-live="polite" data-publication-job={job.id}>
      <Typography.Text strong>
        {title}{' '}
        {job.totalCount
          ? t(
              `Đã tổng hợp ${job.doneCount ?? 0}/${job.totalCount} đơn vị.`,
              `${job.doneCount ?? 0} of ${job.totalCount} units consolidated.`,
            )
          : null}
      </Typography.Text>
      <Progress percent={job.progress} status="active" />
      <Typography.Text type="secondary">
        {t(
          `Máy chủ đang tổng hợp điểm và chốt các bảng xếp hạng; có thể rời trang này, ${what[0]} vẫn tiếp tục.`,
          `The server is consolidating the scores and freezing the ranking tables; you may leave this page, ${what[1]} goes on.`,
        )}
      </Typography.Text>
    </div>
  );
}

/** A decision job that failed: the job's Vietnamese message (stored in Vietnamese only; in English the gist). */
export function FailedJob({ job, en }: { job: Job; en: [string, string] }) {
  const { lang } = useLang();
  return (
    <Alert
      type="error"
      showIcon
      title={lang === 'vi' ? job.messageVi : en[0]}
      description={lang === 'vi' ? job.errorVi : en[1]}
    />
  );
}
