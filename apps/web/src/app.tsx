import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AuthProvider, useAuth } from './auth';
import { PageSpinner } from './components/page-spinner';
import { LangProvider, useLang } from './lib/i18n';
import { WEB_ROUTES } from '@lib/web-routes';
import { loadSignedIn } from './home';
import { theme } from './theme';
// In the first download, not a lazy chunk: the sign-in form's code then arrives with the entry (preloaded in
// parallel by index.html) instead of after it on a 150 ms round trip; signed-in screens use the same form parts.
import LoginPage from './pages/login-page';

const PasswordPage = lazy(() => import('./pages/password-page'));
const InvitationPage = lazy(() => import('./pages/invitation-page'));
const PublicRankingsPage = lazy(() => import('./pages/public-rankings-page'));
const SignedIn = lazy(loadSignedIn);

function RequireAuth({ children }: { children: ReactNode }) {
  const { user, checking, mustChangePassword } = useAuth();
  const location = useLocation();
  if (checking) {
    return <PageSpinner />;
  }
  if (!user) {
    // Back to the very address after signing in (a link from a reminder mail keeps its query).
    return <Navigate to={WEB_ROUTES.login.path} replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  if (mustChangePassword) {
    return <Navigate to={WEB_ROUTES.password.path} replace />;
  }
  return <>{children}</>;
}

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

function Themed({ children }: { children: ReactNode }) {
  const { lang } = useLang();
  dayjs.locale(lang === 'vi' ? 'vi' : 'en');
  const reducedMotion = usePrefersReducedMotion();
  const themed = useMemo(
    () => (reducedMotion ? { ...theme, token: { ...theme.token, motion: false } } : theme),
    [reducedMotion],
  );
  return (
    <ConfigProvider locale={lang === 'vi' ? viVN : enUS} theme={themed}>
      {/* Ant Design's App (message, modal, notification: ~25 KB compressed) wraps the screens that use it, not
          the sign-in page: see signed-in.tsx and the password, invitation and public pages. */}
      {children}
    </ConfigProvider>
  );
}

export function App() {
  return (
    <LangProvider>
      <Themed>
        <AuthProvider>
          <BrowserRouter>
            <Suspense fallback={<PageSpinner />}>
              <Routes>
                <Route path={WEB_ROUTES.login.path} element={<LoginPage />} />
                <Route path={WEB_ROUTES.password.path} element={<PasswordPage />} />
                <Route path={WEB_ROUTES.invitation.path} element={<InvitationPage />} />
                <Route path={WEB_ROUTES.publicRankings.path} element={<PublicRankingsPage />} />
                {/* Every other address is a signed-in screen: its frame and route table load after signing in. */}
                <Route
                  path="*"
                  element={
                    <RequireAuth>
                      <SignedIn />
                    </RequireAuth>
                  }
                />
              </Routes>
            </Suspense>
          </BrowserRouter>
        </AuthProvider>
      </Themed>
    </LangProvider>
  );
}
