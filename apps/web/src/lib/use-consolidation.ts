/**
 * The consolidated table of a campaign as a screen gets it (issue 19 item 3): a small campaign answers at once; a
 * large one (the national fixture's 3,321 units) is consolidated by a report job — the GET answers 202 with the
 * job, this hook polls the job once a second (its progress is what the screen shows), then asks again and gets
 * the stored result. A failed job leaves its Vietnamese reason in `error`; `reload` asks again from the start.
 */
import { useEffect, useState } from 'react';
import { api, ApiError, inBackground, toApiError, type Schemas } from '../api/client';
import { useAsync, type AsyncState } from './use-async';

type Consolidation = Schemas['ConsolidationView'];
type Job = Schemas['ReportJobView'];

const POLL_MS = 1_000;

export function useConsolidation(
  campaignId: number | undefined,
): AsyncState<Consolidation | undefined> & { job: Job | undefined } {
  const [job, setJob] = useState<Job>();
  const table = useAsync(async (): Promise<Consolidation | undefined> => {
    if (!campaignId) {
      return undefined;
    }
    const r = await api
      .GET('/api/campaigns/{id}/consolidation', { params: { path: { id: campaignId } } })
      .catch(() => Promise.reject(toApiError(0, undefined)));
    if (!r.response.ok) {
      throw toApiError(r.response.status, r.error);
    }
    if (r.response.status === 202) {
      setJob((r.data as unknown as Schemas['ReportJobAccepted']).job);
      return undefined;
    }
    setJob(undefined);
    return r.data as Consolidation;
  }, [campaignId]);

  useEffect(() => {
    if (!job) {
      return undefined;
    }
    if (job.state === 'done') {
      // Computed and stored: the same GET now answers with it.
      table.reload();
      return undefined;
    }
    if (job.state !== 'queued' && job.state !== 'running') {
      return undefined;
    }
    const timer = setTimeout(() => {
      // A failed poll keeps the job as it was and tries again a second later (a new object re-runs this effect).
      void inBackground(() => api.GET('/api/report-jobs/{id}', { params: { path: { id: job.id } } })).then(
        (r) => setJob(r.data ?? { ...job }),
        () => setJob({ ...job }),
      );
    }, POLL_MS);
    return () => clearTimeout(timer);
    // On the job's changes only (reload is stable).
  }, [job]);

  const failed =
    job && (job.state === 'failed' || job.state === 'expired')
      ? new ApiError(
          409,
          'CONSOLIDATION_FAILED',
          job.errorVi ?? 'Không tổng hợp được; hãy bấm "Thử lại".',
          'The consolidation could not be computed; try again.',
        )
      : undefined;
  return {
    ...table,
    error: table.error ?? failed,
    loading: table.loading || (job !== undefined && !failed),
    job,
  };
}
