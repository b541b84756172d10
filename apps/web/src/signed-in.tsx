/**
 * Every signed-in screen inside the app's frame. Its own chunk (loaded after sign-in, prefetched while the form is
 * filled): the layout, the menu and the route table are no part of what the sign-in page waits for.
 */
import { App as AntApp } from 'antd';
import { lazy } from 'react';
import { WEB_ROUTES } from '@lib/web-routes';
import { Navigate, Route, Routes } from 'react-router-dom';
import { useAuth } from './auth';
import { AppLayout, RoleGate } from './components/app-layout';
import { homeFor } from './home';
import { APP_ROUTES } from './routes';

const NotFoundPage = lazy(() => import('./pages/not-found-page'));

function Home() {
  const { user } = useAuth();
  return <Navigate to={user ? homeFor(user.roles) : WEB_ROUTES.login.path} replace />;
}

export default function SignedIn() {
  return (
    <AntApp>
      <Routes>
        <Route element={<AppLayout />}>
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
    </AntApp>
  );
}
