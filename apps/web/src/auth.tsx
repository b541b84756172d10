/** The signed-in person: loaded from /api/auth/me at start, set by login, cleared by logout or a 401. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, call, onUnauthorised, setCsrfToken, type Schemas } from './api/client';

export type SessionUser = Schemas['SessionUserDto'];
export type Role = SessionUser['roles'][number];

interface AuthContext {
  user: SessionUser | null;
  mustChangePassword: boolean;
  /** True until /auth/me has answered once. */
  checking: boolean;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
  hasRole: (...roles: Role[]) => boolean;
}

const Ctx = createContext<AuthContext | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(null);
  const [mustChangePassword, setMustChange] = useState(false);
  const [checking, setChecking] = useState(true);

  const refresh = useCallback(async () => {
    const res = await api.GET('/api/auth/me');
    if (res.response.ok && res.data) {
      setCsrfToken(res.data.csrfToken);
      setUser(res.data.user);
      setMustChange(res.data.mustChangePassword);
    } else {
      setCsrfToken(undefined);
      setUser(null);
    }
  }, []);

  useEffect(() => {
    refresh()
      .catch(() => setUser(null))
      .finally(() => setChecking(false));
  }, [refresh]);

  useEffect(
    () =>
      onUnauthorised(() => {
        setCsrfToken(undefined);
        setUser(null);
      }),
    [],
  );

  const login = useCallback(async (username: string, password: string) => {
    const data = await call(api.POST('/api/auth/login', { body: { username, password } }));
    setCsrfToken(data.csrfToken);
    setUser(data.user);
    setMustChange(data.mustChangePassword);
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.POST('/api/auth/logout');
    } finally {
      setCsrfToken(undefined);
      setUser(null);
    }
  }, []);

  const hasRole = useCallback((...roles: Role[]) => !!user && roles.some((r) => user.roles.includes(r)), [user]);

  const value = useMemo(
    () => ({ user, mustChangePassword, checking, login, logout, refresh, hasRole }),
    [user, mustChangePassword, checking, login, logout, refresh, hasRole],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useAuth(): AuthContext {
  const ctx = useContext(Ctx);
  if (!ctx) {
    throw new Error('useAuth outside AuthProvider');
  }
  return ctx;
}
