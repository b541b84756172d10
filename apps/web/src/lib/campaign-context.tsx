/** The campaign the person is working in: chosen in the header, remembered per browser. */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, call, type Schemas } from '../api/client';
import { useAsync, type AsyncState } from './use-async';

export type Campaign = Schemas['CampaignView'];

interface CampaignCtx {
  campaigns: AsyncState<Campaign[]>;
  current: Campaign | undefined;
  select: (id: number) => void;
}

const Ctx = createContext<CampaignCtx | null>(null);
const KEY = 'par-index.campaign';

export function CampaignProvider({ children }: { children: ReactNode }) {
  const campaigns = useAsync(() => call(api.GET('/api/campaigns')), []);
  // `?campaign=<id>` (the links in reminder mails) chooses the campaign; otherwise the last one chosen here.
  const [params] = useSearchParams();
  const [selected, setSelected] = useState<number | undefined>(() => {
    const v = Number(params.get('campaign') ?? localStorage.getItem(KEY));
    return Number.isFinite(v) && v > 0 ? v : undefined;
  });
  const linked = Number(params.get('campaign'));
  useEffect(() => {
    if (Number.isFinite(linked) && linked > 0) {
      setSelected(linked);
    }
  }, [linked]);
  const list = campaigns.data;
  const current = useMemo(() => {
    if (!list || list.length === 0) {
      return undefined;
    }
    // Default: the newest campaign that is still running, else the newest.
    return list.find((c) => c.id === selected) ?? [...list].sort((a, b) => b.id - a.id)[0];
  }, [list, selected]);
  useEffect(() => {
    if (current) {
      localStorage.setItem(KEY, String(current.id));
    }
  }, [current]);
  // A list that did not load (offline at sign-in) is asked for again as soon as the browser is back online: the
  // picker and the campaign screens come back without a reload.
  const failed = campaigns.error !== undefined;
  const { reload } = campaigns;
  useEffect(() => {
    if (!failed) {
      return undefined;
    }
    window.addEventListener('online', reload);
    return () => window.removeEventListener('online', reload);
  }, [failed, reload]);
  const value = useMemo(() => ({ campaigns, current, select: setSelected }), [campaigns, current]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useCampaign(): CampaignCtx {
  const ctx = useContext(Ctx);
  if (!ctx) {
    throw new Error('useCampaign outside CampaignProvider');
  }
  return ctx;
}
