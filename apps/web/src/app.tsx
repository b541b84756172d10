import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AuthProvider, useAuth } from './auth';
import { AppLayout, RoleGate } from './components/app-layout';
import { PageSpinner } from './components/states';
import { LangProvider, useLang } from './lib/i18n';
import { APP_ROUTES, homeFor } from './routes';
import { theme } from './theme';

const LoginPage = lazy(() => import('./pages/login-page'));
const PasswordPage = lazy(() => import('./pages/password-page'));
const PublicRankingsPage = lazy(() => import('./pages/public-rankings-page'));
const NotFoundPage = lazy(() => import('./pages/not-found-page'));

function RequireAuth({ children }: { children: ReactNode }) {
  const { user, checking, mustChangePassword } = useAuth();
  const location = useLocation();
  if (checking) {
    return <PageSpinner />;
  }
  if (!user) {
    return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  }
  if (mustChangePassword) {
    return <Navigate to="/password" replace />;
  }
  return <>{children}</>;
}

function Home() {
  const { user } = useAuth();
  return <Navigate to={user ? homeFor(user.roles) : '/login'} replace />;
}

function Themed({ children }: { children: ReactNode }) {
  const { lang } = useLang();
  dayjs.locale(lang === 'vi' ? 'vi' : 'en');
  return (
    <ConfigProvider locale={lang === 'vi' ? viVN : enUS} theme={theme}>
      <AntApp>{children}</AntApp>
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
                <Route path="/login" element={<LoginPage />} />
                <Route path="/password" element={<PasswordPage />} />
                <Route path="/public/rankings" element={<PublicRankingsPage />} />
                <Route
                  element={
                    <RequireAuth>
                      <AppLayout />
                    </RequireAuth>
                  }
                >
                  <Route index element={<Home />} />
                  {APP_ROUTES.map((r) => (
                    <Route
                      key={r.path}
                      path={r.path}
                      element={
                        <RoleGate roles={r.roles}>
                          <r.component />
                        </RoleGate>
                      }
                    />
                  ))}
                  <Route path="*" element={<NotFoundPage />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </AuthProvider>
      </Themed>
    </LangProvider>
  );
}
