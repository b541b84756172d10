import type { AppConfig } from '@config';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { LoginThrottle, SessionService } from '../../apps/api/src/app.factory';
import type { CreatedUser } from './user.factory';

/** What a signed-in test client sends: the cookie header and the CSRF token for unsafe methods. */
export interface TestSession {
  cookie: string;
  csrfToken: string;
  /** `fetch` against the api with the session cookie, and the CSRF header on unsafe methods. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

function client(baseUrl: string, cookie: string, csrfToken: string): TestSession {
  return {
    cookie,
    csrfToken,
    fetch: (path, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('cookie', cookie);
      if (!['GET', 'HEAD', 'OPTIONS'].includes((init.method ?? 'GET').toUpperCase())) {
        headers.set('x-csrf-token', csrfToken);
      }
      return fetch(`${baseUrl}${path}`, { ...init, headers });
    },
  };
}

/**
 * A session row made directly in the database — no HTTP round trip, no Argon2, and no login-throttle
 * counter touched, so suites that sign in often never meet the rate limit. For testing login itself use `signIn`.
 */
export async function createSession(
  ds: DataSource,
  config: AppConfig,
  baseUrl: string,
  user: { id: number },
): Promise<TestSession> {
  const session = await new SessionService(ds, config).create(user.id, { ip: '127.0.0.1', userAgent: 'jest' });
  return client(baseUrl, `par_session=${session.token}`, session.csrfToken);
}

/** Sign in through `POST /api/auth/login`; throws with the answer's body when it fails. */
export async function signIn(baseUrl: string, user: Pick<CreatedUser, 'username' | 'password'>): Promise<TestSession> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user.username, password: user.password }),
  });
  if (res.status !== 200) {
    throw new Error(`login of ${user.username} answered ${res.status}: ${await res.text()}`);
  }
  const body = (await res.json()) as { csrfToken: string };
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  return client(baseUrl, cookie, body.csrfToken);
}

/** Forget every failed-login counter of this jest worker (call in afterAll/beforeEach of login tests). */
export async function clearLoginThrottle(config: AppConfig): Promise<void> {
  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: 1 });
  try {
    const keys = await redis.keys(`${LoginThrottle.keyPrefix(config)}*`);
    if (keys.length > 0) {
      await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}
