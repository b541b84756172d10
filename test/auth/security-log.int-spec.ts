import { WorkflowRunner, verifyAuditChain } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import { createOrganisation } from '../factories/organisation.factory';
import { clearLoginThrottle, createSession, signIn, type TestSession } from '../factories/session.factory';
import { createSheets, type SheetFixture } from '../factories/sheet.factory';
import { createUser, type CreatedUser } from '../factories/user.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { openTestDataSource, truncateAll } from '../support/database';

interface EventJson {
  id: number;
  occurredAt: string;
  action: string;
  actor: { id: number; username: string; fullName: string } | null;
  subject: { id: number; username: string; fullName: string };
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
}
interface PageJson {
  items: EventJson[];
  total: number;
  page: number;
  pageSize: number;
}

const AGENT = 'jest-security-log/1.0';

/**
 * Issue 12 item 8: security events (logins, lockout, password changes and resets, account creation, role changes,
 * deactivation, downloads) are entries of the tamper-evident audit log, with who, when, IP and user agent, and the
 * secretariat reads those of its own authority, filtered by person, action and time.
 */
describe('security log', () => {
  let api: TestApi;
  let ds: DataSource;
  let fx: SheetFixture;
  let admin: CreatedUser;
  let adminSession: TestSession;
  let officer: CreatedUser;

  beforeAll(async () => {
    api = await startTestApi();
    ds = await openTestDataSource(api.config);
    await truncateAll(ds);
    await clearLoginThrottle(api.config);
    fx = await createSheets(ds, api.app.get(WorkflowRunner), { units: 1 });
    const secretariat = await createOrganisation(ds, {
      authorityId: fx.authorityId,
      code: 'noivu',
      kind: 'secretariat',
    });
    admin = await createUser(ds, { roles: ['admin'], organisationId: secretariat.id });
    officer = fx.sheets[0].officer;
  });

  afterAll(async () => {
    await clearLoginThrottle(api.config);
    await truncateAll(ds);
    await ds.destroy();
    await api.close();
  });

  const login = (username: string, password: string) =>
    fetch(`${api.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': AGENT },
      body: JSON.stringify({ username, password }),
    });
  const send = (session: TestSession, method: string, path: string, body?: unknown) =>
    session.fetch(path, {
      method,
      headers: { 'content-type': 'application/json', 'user-agent': AGENT },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const events = async (session: TestSession, query = '') => {
    const res = await session.fetch(`/api/admin/security-events${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as PageJson;
  };

  it('should record every security event with who, when, IP and user agent, and list them for the secretariat', async () => {
    const started = new Date(Date.now() - 1000);
    adminSession = await signIn(api.url, admin);
    // The officer: one wrong password, then a sign-in, a password change and a download.
    expect((await login(officer.username, 'not the password')).status).toBe(401);
    expect((await login(officer.username, officer.password)).status).toBe(200);
    const officerSession = await signIn(api.url, officer);
    const newPassword = 'Mật-khẩu-mới-của-cán-bộ-2026';
    expect(
      (
        await send(officerSession, 'POST', '/api/auth/password', {
          currentPassword: officer.password,
          newPassword,
        })
      ).status,
    ).toBe(204);
    const exported = await officerSession.fetch(`/api/sheets/${fx.sheets[0].id}/export.xlsx`, {
      headers: { 'user-agent': AGENT },
    });
    expect(exported.status).toBe(200);
    await exported.arrayBuffer();

    // The admin: creates an account, changes its roles, deactivates it, resets the officer's password.
    const created = await send(adminSession, 'POST', '/api/admin/users', {
      username: 'nhat.ky',
      fullName: 'Nguyễn Nhật Ký',
      organisationCode: 'noivu',
      roles: ['viewer'],
    });
    expect(created.status).toBe(201);
    const newcomer = ((await created.json()) as { user: { id: number } }).user.id;
    expect(
      (await send(adminSession, 'PATCH', `/api/admin/users/${newcomer}`, { roles: ['viewer', 'leader'] })).status,
    ).toBe(200);
    expect((await send(adminSession, 'PATCH', `/api/admin/users/${newcomer}`, { active: false })).status).toBe(200);
    expect((await send(adminSession, 'POST', `/api/admin/users/${officer.id}/password-reset`)).status).toBe(201);

    // Five wrong passwords lock the newcomer's neighbour: a fresh account of the authority.
    const victim = await createUser(ds, { roles: ['viewer'], organisationId: fx.sheets[0].organisationId });
    for (let i = 0; i < 5; i++) {
      await login(victim.username, `wrong ${i}`);
    }

    const all = await events(adminSession, '?pageSize=200');
    const actions = all.items.map((e) => e.action);
    for (const action of [
      'auth.loginSucceeded',
      'auth.loginFailed',
      'auth.lockedOut',
      'auth.passwordChanged',
      'auth.passwordReset',
      'user.created',
      'user.rolesChanged',
      'user.deactivated',
      'export.downloaded',
    ]) {
      expect(actions).toContain(action);
    }
    expect(all.total).toBe(all.items.length);
    // Newest first.
    const times = all.items.map((e) => e.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);

    const roles = all.items.find((e) => e.action === 'user.rolesChanged')!;
    expect(roles).toMatchObject({
      actor: { id: admin.id, username: admin.username },
      subject: { id: newcomer, username: 'nhat.ky', fullName: 'Nguyễn Nhật Ký' },
      ip: '127.0.0.1',
      userAgent: AGENT,
      details: { from: ['viewer'], to: ['leader', 'viewer'] },
    });
    expect(new Date(roles.occurredAt).getTime()).toBeGreaterThanOrEqual(started.getTime());
    const download = all.items.find((e) => e.action === 'export.downloaded')!;
    expect(download).toMatchObject({
      actor: { id: officer.id },
      subject: { id: officer.id },
      userAgent: AGENT,
      details: { path: `/api/sheets/${fx.sheets[0].id}/export.xlsx`, id: String(fx.sheets[0].id) },
    });
    const failed = all.items.find((e) => e.action === 'auth.loginFailed' && e.subject.id === officer.id)!;
    expect(failed).toMatchObject({ actor: null, ip: '127.0.0.1', userAgent: AGENT });
    // Nothing secret is kept.
    expect(JSON.stringify(all)).not.toContain(newPassword);
    expect(JSON.stringify(all)).not.toContain('not the password');

    // Filters: person (did it or concerned by it), action, time window; paging.
    const officersOwn = await events(adminSession, `?userId=${officer.id}&pageSize=200`);
    expect(officersOwn.items.length).toBeGreaterThan(0);
    expect(officersOwn.items.every((e) => e.subject.id === officer.id || e.actor?.id === officer.id)).toBe(true);
    expect(officersOwn.items.map((e) => e.action)).toEqual(
      expect.arrayContaining(['auth.passwordChanged', 'auth.passwordReset', 'export.downloaded']),
    );
    const lockouts = await events(adminSession, '?action=auth.lockedOut');
    expect(lockouts.items.map((e) => e.subject.id)).toEqual([victim.id]);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await events(adminSession, `?from=${encodeURIComponent(future)}`)).total).toBe(0);
    const window = await events(
      adminSession,
      `?from=${encodeURIComponent(started.toISOString())}&to=${encodeURIComponent(future)}&pageSize=200`,
    );
    expect(window.total).toBe(all.total);
    const page2 = await events(adminSession, '?page=2&pageSize=3');
    expect(page2).toMatchObject({ page: 2, pageSize: 3, total: all.total });
    expect(page2.items.map((e) => e.id)).toEqual(all.items.slice(3, 6).map((e) => e.id));

    // The tamper-evident chain holds.
    expect(await verifyAuditChain(ds)).toMatchObject({ ok: true });
  });

  it('should show an admin of another authority none of these events, and refuse non-admins', async () => {
    const stranger = await createSession(ds, api.config, api.url, await createUser(ds, { roles: ['admin'] }));
    expect((await events(stranger, '?pageSize=200')).total).toBe(0);
    const viewer = await createSession(ds, api.config, api.url, officer);
    expect((await viewer.fetch('/api/admin/security-events')).status).toBe(403);
  });
});
