import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { inBackground } from '../api/client';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Run `load` on mount and when `deps` change; keeps the previous data while reloading (no flicker) and ignores
 * answers that arrive after a newer request started. `skip`: not yet (still loading) — for a request that would
 * otherwise go out once without what it waits for and again with it.
 */
export function useAsync<T>(
  load: () => Promise<T>,
  deps: unknown[],
  options: { pollMs?: number; skip?: boolean } = {},
): AsyncState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const polled = useRef(false);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => {
    if (options.skip) {
      return;
    }
    const mine = ++seq.current;
    setLoading(true);
    // A poll is not the person's activity: it must not keep an idle session alive.
    const background = polled.current;
    polled.current = false;
    (background ? inBackground(load) : load())
      .then((value) => {
        if (mine === seq.current) {
          setData(value);
          setError(undefined);
        }
      })
      .catch((e: unknown) => {
        if (mine === seq.current) {
          setError(e);
        }
      })
      .finally(() => {
        if (mine === seq.current) {
          setLoading(false);
        }
      });
  }, [...deps, tick, options.skip]);
  useEffect(() => {
    if (!options.pollMs || options.skip) {
      return undefined;
    }
    const id = window.setInterval(() => {
      if (document.visibilityState === 'visible') {
        polled.current = true;
        reload();
      }
    }, options.pollMs);
    return () => window.clearInterval(id);
  }, [options.pollMs, options.skip, reload]);
  return useMemo(() => ({ data, error, loading, reload }), [data, error, loading, reload]);
}
