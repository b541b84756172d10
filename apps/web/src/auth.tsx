/**
 * The signed-in person: loaded from /api/auth/me at start, set by login, cleared by logout. A 401 while someone
 * is signed in (idle timeout, a logout elsewhere) does not throw them out: `expired` opens the sign-in dialog in
 * place, the screen and what was typed stay, and `epoch` tells pages to retry what failed once signed in again.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, call, onUnauthorised, setCsrfToken, type Schemas } from './api/client';

export type SessionUser = Schemas['SessionUserDto'];
export type Role = SessionUser['roles'][number];

interface AuthContext {
  user: SessionUser | null;
  mustChangePassword: boolean;
  /** True until /auth/me has answered once. */
  checking: boolean;
  /** Signs in and answers who signed in (the sign-in page goes straight to their home) and whether they must first change their password. */
  login: (username: string, password: string) => Promise<{ user: SessionUser; mustChangePassword: boolean }>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
  hasRole: (...roles: Role[]) => boolean;
  /** The session ended under a signed-in person: the sign-in dialog is open. */
  expired: boolean;
  /** Counts sign-ins; pages with pending writes retry them when it changes. */
  epoch: number;
  /** How long the session surely lives after a request (the server's idle timeout less its margin), seconds. */
  idleSeconds: number | undefined;
}

const Ctx = createContext<AuthContext | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(null);
  const [mustChangePassword, setMustChange] = useState(false);
  const [checking, setChecking] = useState(true);
  const [expired, setExpired] = useState(false);
  const [epoch, setEpoch] = useState(0);
  const [idleSeconds, setIdleSeconds] = useState<number>();

  const refresh = useCallback(async () => {
    const res = await api.GET('/api/auth/me');
    if (res.response.ok && res.data) {
      setCsrfToken(res.data.csrfToken);
      setUser(res.data.user);
      setMustChange(res.data.mustChangePassword);
      setIdleSeconds(res.data.idleSeconds);
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
        // Signed in until now: keep the screen (and what is typed on it) and ask to sign in again in place.
        setUser((u) => {
          if (u) {
            setExpired(true);
          }
          return u;
        });
      }),
    [],
  );

  const login = useCallback(async (username: string, password: string) => {
    const data = await call(api.POST('/api/auth/login', { body: { username, password } }));
    setCsrfToken(data.csrfToken);
    setUser(data.user);
    setMustChange(data.mustChangePassword);
    setIdleSeconds(data.idleSeconds);
    setExpired(false);
    setEpoch((n) => n + 1);
    return { user: data.user, mustChangePassword: data.mustChangePassword };
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.POST('/api/auth/logout');
    } finally {
      setCsrfToken(undefined);
      setUser(null);
      setExpired(false);
    }
  }, []);

  const hasRole = useCallback((...roles: Role[]) => !!user && roles.some((r) => user.roles.includes(r)), [user]);

  const value = useMemo(
    () => ({ user, mustChangePassword, checking, login, logout, refresh, hasRole, expired, epoch, idleSeconds }),
    [user, mustChangePassword, checking, login, logout, refresh, hasRole, expired, epoch, idleSeconds],
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
