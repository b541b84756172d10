/**
 * Vietnamese first, English on request. Texts sit next to their use as `t('Tiếng Việt', 'English')`:
 * no key catalogue to drift, and the Vietnamese is what a reviewer reads in the code.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { components } from '../api/schema';

export type Lang = 'vi' | 'en';

interface LangContext {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (vi: string, en: string) => string;
}

const Ctx = createContext<LangContext>({ lang: 'vi', setLang: () => undefined, t: (vi) => vi });

const STORAGE_KEY = 'par-index.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
    document.documentElement.lang = next;
  }, []);
  const t = useCallback((vi: string, en: string) => (lang === 'vi' ? vi : en), [lang]);
  const value = useMemo(() => ({ lang, setLang, t }), [lang, setLang, t]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useLang(): LangContext {
  return useContext(Ctx);
}

/** Names of things the api returns as codes. */
/**
 * The two national unit groups by name (a campaign's own group names come from its plan; a group an authority
 * invented shows its key until it is named in a campaign).
 */
export const UNIT_GROUP_LABELS: Record<string, [string, string]> = {
  agency: ['Cơ quan chuyên môn', 'Agencies'],
  commune: ['UBND xã, phường', 'Communes/wards'],
};

export const ROLE_LABELS: Record<string, [string, string]> = {
  admin: ['Văn phòng thường trực (quản trị)', 'Secretariat (admin)'],
  unit_officer: ['Cán bộ đơn vị', 'Unit officer'],
  appraiser: ['Cán bộ thẩm định', 'Appraiser'],
  supervisor: ['Lãnh đạo cơ quan thẩm định', 'Appraisal supervisor'],
  council_member: ['Thành viên Hội đồng', 'Council member'],
  leader: ['Lãnh đạo UBND', 'Leadership'],
  viewer: ['Người xem', 'Viewer'],
  platform_admin: ['Quản trị nền tảng', 'Platform administrator'],
};

/** The campaign's phases (the api's `Phase` enum: a new phase fails the typecheck here until it has a name). */
const PHASE_NAMES: Record<components['schemas']['Phase'], [string, string]> = {
  selfAssessment: ['Tự đánh giá', 'Self-assessment'],
  appraisal: ['Thẩm định', 'Appraisal'],
  councilReview: ['Hội đồng thẩm định', 'Council review'],
  approval: ['Phê duyệt, công bố', 'Approval and publication'],
};

/** A campaign's state: before its first phase, one of the phases, or after publication. */
export const PHASE_LABELS: Record<string, [string, string]> = {
  draft: ['Chuẩn bị', 'Preparation'],
  ...PHASE_NAMES,
  published: ['Đã công bố', 'Published'],
  archived: ['Đã lưu trữ', 'Archived'],
};

export function label(map: Record<string, [string, string]>, key: string | undefined | null, lang: Lang): string {
  if (!key) {
    return '—';
  }
  const pair = map[key];
  return pair ? pair[lang === 'vi' ? 0 : 1] : key;
}

/** Score sheet workflow states: [vi, en, tag colour]. */
export const SHEET_STATUS: Record<string, [string, string, string]> = {
  draft: ['Đang tự chấm', 'Drafting', 'default'],
  submitted: ['Đã nộp', 'Submitted', 'blue'],
  underAppraisal: ['Đang thẩm định', 'Under appraisal', 'processing'],
  appraised: ['Đã thẩm định', 'Appraised', 'green'],
  locked: ['Đã khóa', 'Locked', 'red'],
  clarificationRequested: ['Đang giải trình', 'Clarification requested', 'purple'],
  clarified: ['Đã giải trình', 'Clarified', 'cyan'],
  final: ['Đã chốt', 'Final', 'green'],
};
