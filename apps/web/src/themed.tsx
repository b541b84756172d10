/**
 * Ant Design's theme, locale and motion setting around every screen but the sign-in page. Its own chunk, with Ant
 * Design's core (React's renderer aside, the largest part of the app): the sign-in form shows without it, and it is
 * fetched while the form is filled (home.ts).
 */
import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { PageSpinner } from './components/page-spinner';
import { useLang } from './lib/i18n';
import { theme } from './theme';

/**
 * The system setting "reduce motion" (WCAG 2.3.3): Ant Design's zooms and slides are then off, dialogs and drawers
 * appear at once. Followed live, as the setting can change while the page is open.
 */
function usePrefersReducedMotion(): boolean {
  const query = '(prefers-reduced-motion: reduce)';
  const [reduced, setReduced] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const media = window.matchMedia(query);
    const onChange = () => setReduced(media.matches);
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);
  return reduced;
}

export default function Themed({ children }: { children: ReactNode }) {
  const { lang } = useLang();
  dayjs.locale(lang === 'vi' ? 'vi' : 'en');
  const reducedMotion = usePrefersReducedMotion();
  const themed = useMemo(
    () => (reducedMotion ? { ...theme, token: { ...theme.token, motion: false } } : theme),
    [reducedMotion],
  );
  return (
    <ConfigProvider locale={lang === 'vi' ? viVN : enUS} theme={themed}>
      {/* Ant Design's App (message, modal, notification: ~25 KB compressed) wraps the screens that use it: see
          signed-in.tsx and the password, invitation and public pages. */}
      <Suspense fallback={<PageSpinner />}>{children}</Suspense>
    </ConfigProvider>
  );
}
