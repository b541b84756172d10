import { testConfig } from '@config';
import { Authority } from '@lib/database';
import type { DataSource } from 'typeorm';
import { LOCKOUT, LOGIN_THROTTLE, ensureAdminAccount } from '../../apps/api/src/app.factory';
import { createUser, type CreatedUser } from '../factories/user.factory';
import { clearLoginThrottle, signIn } from '../factories/session.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { openTestDataSource, truncateAll } from '../support/database';

interface ErrorJson {
  error: { code: string; message: string; messageVi: string; details?: unknown; requestId?: string };
}
interface SessionJson {
  user: { id: number; username: string; fullName: string; organisationId: number; roles: string[] };
  csrfToken: string;
  mustChangePassword: boolean;
}
const errorOf = async (res: Response) => ((await res.json()) as ErrorJson).error;
const sessionOf = async (res: Response) => (await res.json()) as SessionJson;

async function login(api: TestApi, username: string, password: string, cookie?: string): Promise<Response> {
  return fetch(`${api.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ username, password }),
  });
}

describe('auth', () => {
  let api: TestApi;
  let ds: DataSource;
  let officer: CreatedUser;

  beforeAll(async () => {
    api = await startTestApi();
    ds = await openTestDataSource(api.config);
  });

  beforeEach(async () => {
    await truncateAll(ds);
    await clearLoginThrottle(api.config);
    officer = await createUser(ds, { roles: ['unit_officer'] });
  });

  afterAll(async () => {
    await clearLoginThrottle(api.config);
    await truncateAll(ds);
    await ds.destroy();
    await api.close();
  });

  describe('login', () => {
    it('should set an HttpOnly SameSite=Strict session cookie and return the CSRF token', async () => {
      const res = await login(api, officer.username.toUpperCase(), officer.password);
      expect(res.status).toBe(200);
      const body = await sessionOf(res);
      expect(body).toMatchObject({
        user: {
          id: officer.id,
          username: officer.username,
          organisationId: officer.organisationId,
          roles: ['unit_officer'],
        },
        mustChangePassword: false,
      });
      expect(body.csrfToken).toMatch(/^[\w-]{43}$/);
      const cookie = res.headers.get('set-cookie')!;
      expect(cookie).toMatch(/^par_session=[\w-]{43};/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).not.toMatch(/Secure/); // PUBLIC_URL is http in tests
      // helmet
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('x-powered-by')).toBeNull();
    });

    it('should store only the hash of the token, and give the same answer for a wrong password and an unknown user', async () => {
      const session = await signIn(api.url, officer);
      const token = session.cookie.split('=')[1];
      const stored = await ds.query('SELECT id FROM sessions');
      expect(stored).toHaveLength(1);
      expect(stored[0].id).not.toBe(token);
      expect(stored[0].id).toMatch(/^[0-9a-f]{64}$/);

      const wrong = await login(api, officer.username, 'not the password at all');
      const unknown = await login(api, 'nobody.here', 'not the password at all');
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      const [a, b] = [await errorOf(wrong), await errorOf(unknown)];
      expect(a).toMatchObject({ code: 'INVALID_CREDENTIALS', messageVi: expect.stringContaining('không đúng') });
      expect({ ...a, requestId: undefined }).toEqual({ ...b, requestId: undefined });
    });

    it('should refuse a deactivated user with the generic message', async () => {
      const inactive = await createUser(ds, { active: false });
      const res = await login(api, inactive.username, inactive.password);
      expect(res.status).toBe(401);
      expect((await errorOf(res)).code).toBe('INVALID_CREDENTIALS');
    });

    it('should answer 400 in both languages for a malformed body', async () => {
      const res = await fetch(`${api.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'x', password: 'y', admin: true }),
      });
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({ messageVi: expect.any(String), message: expect.any(String) });
    });

    it('should make a new session id at each login and revoke the one the browser still sent', async () => {
      const first = await signIn(api.url, officer);
      const res = await login(api, officer.username, officer.password, first.cookie);
      const second = res.headers.get('set-cookie')!.split(';')[0];
      expect(second).not.toBe(first.cookie);
      expect((await first.fetch('/api/auth/me')).status).toBe(401);
      expect((await fetch(`${api.url}/api/auth/me`, { headers: { cookie: second } })).status).toBe(200);
    });
  });

  describe('lockout and throttling', () => {
    it('should lock the account after 5 wrong passwords (423), even for the right password afterwards', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await login(api, officer.username, `wrong password number ${i}`)).status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 423]);
      const right = await login(api, officer.username, officer.password);
      expect(right.status).toBe(423);
      expect(await errorOf(right)).toMatchObject({
        code: 'ACCOUNT_LOCKED',
        messageVi: expect.stringContaining('khoá'),
      });
      const [row] = await ds.query(
        'SELECT locked_until > UTC_TIMESTAMP(6) + INTERVAL 14 MINUTE AS locked FROM users WHERE id = ?',
        [officer.id],
      );
      expect(Number(row.locked)).toBe(1);

      // When the lock has passed, the right password works and the counter starts again.
      await ds.query('UPDATE users SET locked_until = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE id = ?', [officer.id]);
      expect((await login(api, officer.username, officer.password)).status).toBe(200);
      const [after] = await ds.query('SELECT failed_logins AS n, locked_until AS until FROM users WHERE id = ?', [
        officer.id,
      ]);
      expect(after).toEqual({ n: 0, until: null });
    });

    it('should answer 429 after too many failures from one address, even with a right password', async () => {
      for (let i = 0; i < LOGIN_THROTTLE.maxFailuresPerIp; i++) {
        // Different unknown usernames: neither the per-username counter nor a lockout is what stops us.
        expect((await login(api, `stranger.${i}`, 'some wrong password')).status).toBe(401);
      }
      const res = await login(api, officer.username, officer.password);
      expect(res.status).toBe(429);
      expect(await errorOf(res)).toMatchObject({
        code: 'TOO_MANY_REQUESTS',
        messageVi: expect.any(String),
        message: expect.any(String),
      });
    });

    it('should answer an unknown username exactly as a real account: 401 ×4, then 423 (no enumeration)', async () => {
      const answers = async (username: string) => {
        const out: Array<{ status: number; code: string; message: string; messageVi: string }> = [];
        for (let i = 0; i < LOCKOUT.maxFailures + 2; i++) {
          const res = await login(api, username, `wrong ${i}`);
          const { code, message, messageVi } = await errorOf(res);
          out.push({ status: res.status, code, message, messageVi });
        }
        return out;
      };
      const ghost = await answers('ghost.user');
      const real = await answers(officer.username);
      expect(ghost.map((a) => a.status)).toEqual([401, 401, 401, 401, 423, 423, 423]);
      expect(ghost).toEqual(real);
      // The real account is locked in its row all the same; another account still signs in.
      const [row] = await ds.query('SELECT locked_until > UTC_TIMESTAMP(6) AS locked FROM users WHERE id = ?', [
        officer.id,
      ]);
      expect(Number(row.locked)).toBe(1);
      const other = await createUser(ds, { roles: ['unit_officer'] });
      expect((await login(api, other.username, other.password)).status).toBe(200);
    });
  });

  describe('sessions', () => {
    it('should answer /auth/me with the cookie and 401 without it', async () => {
      const session = await signIn(api.url, officer);
      const me = await session.fetch('/api/auth/me');
      expect(me.status).toBe(200);
      // Authenticated answers are never cached (issue 12 item 7).
      expect(me.headers.get('cache-control')).toBe('no-store');
      expect(await sessionOf(me)).toMatchObject({
        user: { id: officer.id, fullName: officer.fullName, roles: ['unit_officer'] },
        csrfToken: session.csrfToken,
      });
      const anonymous = await fetch(`${api.url}/api/auth/me`);
      expect(anonymous.status).toBe(401);
      expect((await errorOf(anonymous)).code).toBe('SESSION_REQUIRED');
      const forged = await fetch(`${api.url}/api/auth/me`, { headers: { cookie: `par_session=${'A'.repeat(43)}` } });
      expect(forged.status).toBe(401);
    });

    it('should refuse an unsafe request without the CSRF header (403), or with another session’s token', async () => {
      const session = await signIn(api.url, officer);
      const other = await signIn(api.url, await createUser(ds));
      const bare = await fetch(`${api.url}/api/auth/logout`, { method: 'POST', headers: { cookie: session.cookie } });
      expect(bare.status).toBe(403);
      expect((await errorOf(bare)).code).toBe('CSRF_TOKEN_INVALID');
      const crossed = await fetch(`${api.url}/api/auth/logout`, {
        method: 'POST',
        headers: { cookie: session.cookie, 'x-csrf-token': other.csrfToken },
      });
      expect(crossed.status).toBe(403);
      // Still signed in: the refused logout did nothing.
      expect((await session.fetch('/api/auth/me')).status).toBe(200);
    });

    it('should revoke the session server-side at logout (the old cookie answers 401)', async () => {
      const session = await signIn(api.url, officer);
      const res = await session.fetch('/api/auth/logout', { method: 'POST' });
      expect(res.status).toBe(204);
      expect(res.headers.get('set-cookie')).toMatch(/par_session=;/);
      expect((await session.fetch('/api/auth/me')).status).toBe(401);
      const [row] = await ds.query('SELECT revoked_at AS revokedAt FROM sessions');
      expect(row.revokedAt).toBeInstanceOf(Date);
    });

    it('should end a session at its absolute timeout', async () => {
      const session = await signIn(api.url, officer);
      const [row] = await ds.query('SELECT TIMESTAMPDIFF(MINUTE, created_at, expires_at) AS minutes FROM sessions');
      expect(Number(row.minutes)).toBe(api.config.auth.absoluteHours * 60);
      await ds.query('UPDATE sessions SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND');
      expect((await session.fetch('/api/auth/me')).status).toBe(401);
    });

    it('should end a session after SESSION_IDLE_MINUTES without requests', async () => {
      const idleApi = await startTestApi({ SESSION_IDLE_MINUTES: '1' });
      try {
        const session = await signIn(idleApi.url, officer);
        await ds.query('UPDATE sessions SET last_seen_at = UTC_TIMESTAMP(6) - INTERVAL 50 SECOND');
        expect((await session.fetch('/api/auth/me')).status).toBe(200); // and this request refreshes it
        const [seen] = await ds.query(
          'SELECT TIMESTAMPDIFF(SECOND, last_seen_at, UTC_TIMESTAMP(6)) AS idle FROM sessions',
        );
        expect(Number(seen.idle)).toBeLessThan(5);
        await ds.query('UPDATE sessions SET last_seen_at = UTC_TIMESTAMP(6) - INTERVAL 61 SECOND');
        expect((await session.fetch('/api/auth/me')).status).toBe(401);
      } finally {
        await idleApi.close();
      }
    });

    it('should not count a background request (X-Background: 1, the web app polls) as activity', async () => {
      const idleApi = await startTestApi({ SESSION_IDLE_MINUTES: '1' });
      try {
        const session = await signIn(idleApi.url, officer);
        await ds.query('UPDATE sessions SET last_seen_at = UTC_TIMESTAMP(6) - INTERVAL 50 SECOND');
        const polled = await session.fetch('/api/auth/me', { headers: { 'x-background': '1' } });
        expect(polled.status).toBe(200);
        // The server tells the browser how long the session surely lives after a request: 60 s less the 6 s touch.
        expect(((await polled.json()) as { idleSeconds: number }).idleSeconds).toBe(54);
        const [seen] = await ds.query(
          'SELECT TIMESTAMPDIFF(SECOND, last_seen_at, UTC_TIMESTAMP(6)) AS idle FROM sessions',
        );
        expect(Number(seen.idle)).toBeGreaterThanOrEqual(50);
        await ds.query('UPDATE sessions SET last_seen_at = UTC_TIMESTAMP(6) - INTERVAL 61 SECOND');
        expect((await session.fetch('/api/auth/me', { headers: { 'x-background': '1' } })).status).toBe(401);
      } finally {
        await idleApi.close();
      }
    });
  });

  describe('roles', () => {
    it('should answer 403 to a unit officer on admin routes and 200 to an admin', async () => {
      const session = await signIn(api.url, officer);
      const res = await session.fetch('/api/admin/users');
      expect(res.status).toBe(403);
      expect(await errorOf(res)).toMatchObject({ code: 'ROLE_REQUIRED', messageVi: expect.any(String) });
      const admin = await signIn(api.url, await createUser(ds, { roles: ['admin'] }));
      expect((await admin.fetch('/api/admin/users')).status).toBe(200);
      expect((await fetch(`${api.url}/api/admin/users`)).status).toBe(401);
    });

    it('should see a role change at the next request (roles are read from the users row)', async () => {
      const session = await signIn(api.url, officer);
      expect((await session.fetch('/api/admin/users')).status).toBe(403);
      await ds.query(`UPDATE users SET roles = '["admin"]' WHERE id = ?`, [officer.id]);
      expect((await session.fetch('/api/admin/users')).status).toBe(200);
    });
  });

  describe('passwords', () => {
    it('should change the password with the current one, and end the user’s other sessions', async () => {
      const here = await signIn(api.url, officer);
      const elsewhere = await signIn(api.url, officer);
      const wrong = await here.fetch('/api/auth/password', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ currentPassword: 'not my password', newPassword: 'một mật khẩu mới dài' }),
      });
      expect(wrong.status).toBe(400);
      expect((await errorOf(wrong)).code).toBe('CURRENT_PASSWORD_WRONG');
      const short = await here.fetch('/api/auth/password', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ currentPassword: officer.password, newPassword: 'short pass' }),
      });
      expect(short.status).toBe(400);
      expect((await errorOf(short)).code).toBe('PASSWORD_LENGTH');
      const ok = await here.fetch('/api/auth/password', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ currentPassword: officer.password, newPassword: 'một mật khẩu mới dài' }),
      });
      expect(ok.status).toBe(204);
      expect((await here.fetch('/api/auth/me')).status).toBe(200);
      expect((await elsewhere.fetch('/api/auth/me')).status).toBe(401);
      expect((await login(api, officer.username, officer.password)).status).toBe(401);
      expect((await login(api, officer.username, 'một mật khẩu mới dài')).status).toBe(200);
    });

    it('should allow only me, password and logout until a generated password is changed', async () => {
      const fresh = await createUser(ds, { roles: ['admin'], mustChangePassword: true });
      const res = await login(api, fresh.username, fresh.password);
      expect((await sessionOf(res)).mustChangePassword).toBe(true);
      const session = await signIn(api.url, fresh);
      const blocked = await session.fetch('/api/admin/users');
      expect(blocked.status).toBe(403);
      expect((await errorOf(blocked)).code).toBe('PASSWORD_CHANGE_REQUIRED');
      expect((await session.fetch('/api/auth/me')).status).toBe(200);
      const changed = await session.fetch('/api/auth/password', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ currentPassword: fresh.password, newPassword: 'mật khẩu riêng của tôi' }),
      });
      expect(changed.status).toBe(204);
      expect((await session.fetch('/api/admin/users')).status).toBe(200);
    });
  });

  describe('ensureAdminAccount', () => {
    it('should create the admin once, with a one-time password that must be changed', async () => {
      await truncateAll(ds);
      const first = await ensureAdminAccount(ds, api.config);
      expect(first).toMatchObject({
        created: true,
        username: 'admin',
        oneTimePassword: expect.stringMatching(/^\w{16}$/),
      });
      const again = await ensureAdminAccount(ds, api.config);
      expect(again).toEqual({ created: false, username: 'admin' });
      const [org] = await ds.query(
        "SELECT o.kind FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.username = 'admin'",
      );
      expect(org.kind).toBe('secretariat');

      const res = await login(api, 'admin', first.oneTimePassword!);
      expect(res.status).toBe(200);
      expect(await sessionOf(res)).toMatchObject({ mustChangePassword: true, user: { roles: ['admin'] } });
    });

    it('should use ADMIN_PASSWORD and an existing secretariat when there is one', async () => {
      await truncateAll(ds);
      const { id: authorityId } = await ds.getRepository(Authority).save({ code: 'qn-ub', name: 'UBND Uông Bí' });
      await ds.query(
        "INSERT INTO organisations (authority_id, code, name, kind) VALUES (?, 'noivu', 'Phòng Nội vụ', 'secretariat')",
        [authorityId],
      );
      const result = await ensureAdminAccount(ds, testConfig({ ADMIN_PASSWORD: 'mật khẩu quản trị 2024' }));
      expect(result).toEqual({ created: true, username: 'admin', oneTimePassword: undefined });
      const [row] = await ds.query(
        "SELECT o.code, u.must_change_password AS mcp FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.username = 'admin'",
      );
      expect(row).toEqual({ code: 'noivu', mcp: 0 });
      expect((await login(api, 'admin', 'mật khẩu quản trị 2024')).status).toBe(200);
    });
  });
});
