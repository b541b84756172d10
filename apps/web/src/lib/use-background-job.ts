/**
 * A job the server runs in the background (a report file, a signature re-check), as a screen follows it: the
 * newest one of the last day when the page opens (whoever comes back sees it), polled once a second while queued or
 * running, and started again on request (202 with the job). A refused start leaves its Vietnamese message in `error`.
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, inBackground } from '../api/client';
import { useLang } from './i18n';

const POLL_MS = 1_000;

export function isLiveJob(job: { state: string } | undefined): boolean {
  return job?.state === 'queued' || job?.state === 'running';
}

export function useBackgroundJob<J extends { id: number; state: string }>(
  /** The newest job of the last day that this screen shows, if any. */
  latest: () => Promise<J | undefined>,
  /** One job again, by id. */
  fetchOne: (id: number) => Promise<J>,
  /** Start one (or get the one already queued or running). */
  start: () => Promise<J>,
): { job: J | undefined; asking: boolean; error: string | undefined; ask: () => Promise<void> } {
  const { t, lang } = useLang();
  const [job, setJob] = useState<J>();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    // Another subject (a publication's revision chosen on the page): what was followed for the previous one is not
    // this one's — its file would be offered as this revision's download.
    setJob(undefined);
    setError(undefined);
    void inBackground(latest).then(
      (found) => {
        if (!cancelled && found) {
          setJob(found);
        }
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [latest]);

  useEffect(() => {
    if (!job || !isLiveJob(job)) {
      return;
    }
    const timer = setTimeout(() => {
      // A failed poll keeps the job as it was and tries again a second later (a new object re-runs this effect).
      void inBackground(() => fetchOne(job.id)).then(setJob, () => setJob({ ...job }));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job, fetchOne]);

  const ask = useCallback(async () => {
    setAsking(true);
    setError(undefined);
    try {
      setJob(await start());
    } catch (e) {
      setError(
        e instanceof ApiError
          ? lang === 'vi'
            ? e.messageVi
            : e.messageEn
          : t('Không gửi được yêu cầu; hãy thử lại.', 'Could not send the request; try again.'),
      );
    } finally {
      setAsking(false);
    }
  }, [start, lang, t]);

  return { job, asking, error, ask };
}
