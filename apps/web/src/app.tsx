import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AuthProvider, useAuth } from './auth';
import { LangProvider, useLang } from './lib/i18n';
import { WEB_ROUTES } from '@lib/web-routes';
import { loadSignedIn, loadThemed } from './home';
import './first-paint.css';
// In the first download, not a lazy chunk: the sign-in form's code then arrives with the entry instead of after it
// on a 150 ms round trip. It is drawn without Ant Design, which arrives while the form is filled (themed.tsx).
import LoginPage from './pages/login-page';

const Themed = lazy(loadThemed);
const PasswordPage = lazy(() => import('./pages/password-page'));
const InvitationPage = lazy(() => import('./pages/invitation-page'));
const PublicRankingsPage = lazy(() => import('./pages/public-rankings-page'));
const SignedIn = lazy(loadSignedIn);

/** Before Ant Design's spinner can show (it is not in the first download): a line of text. */
function Loading() {
  const { t } = useLang();
  return (
    <div className="par-loading" role="status">
      {t('Đang tải…', 'Loading…')}
    </div>
  );
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { user, checking, mustChangePassword } = useAuth();
  const location = useLocation();
  // A signed-in screen opened directly (a reload, a link from a mail): Ant Design and the frame download while
  // /auth/me answers, not one after the other once it has.
  useEffect(() => {
    void loadThemed().catch(() => undefined);
    void loadSignedIn().catch(() => undefined);
  }, []);
  if (checking) {
    return <Loading />;
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

export function App() {
  return (
    <LangProvider>
      <AuthProvider>
        <BrowserRouter>
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route path={WEB_ROUTES.login.path} element={<LoginPage />} />
              <Route
                path={WEB_ROUTES.password.path}
                element={
                  <Themed>
                    <PasswordPage />
                  </Themed>
                }
              />
              <Route
                path={WEB_ROUTES.invitation.path}
                element={
                  <Themed>
                    <InvitationPage />
                  </Themed>
                }
              />
              <Route
                path={WEB_ROUTES.publicRankings.path}
                element={
                  <Themed>
                    <PublicRankingsPage />
                  </Themed>
                }
              />
              {/* Every other address is a signed-in screen: its frame and route table load after signing in. */}
              <Route
                path="*"
                element={
                  <RequireAuth>
                    <Themed>
                      <SignedIn />
                    </Themed>
                  </RequireAuth>
                }
              />
            </Routes>
          </Suspense>
        </BrowserRouter>
      </AuthProvider>
    </LangProvider>
  );
}
