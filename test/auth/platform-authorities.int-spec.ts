import type { DataSource } from 'typeorm';
import { testConfig } from '@config';
import { ensureAdminAccount, ensurePlatformAdmin } from '../../apps/api/src/app.factory';
import { createOrganisation } from '../factories/organisation.factory';
import { clearLoginThrottle, createSession, signIn, type TestSession } from '../factories/session.factory';
import { createUser } from '../factories/user.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { openTestDataSource, truncateAll } from '../support/database';

interface AuthorityJson {
  id: number;
  code: string;
  name: string;
  level: string;
  timeZone: string;
  admins: number;
}
interface ErrorJson {
  error: { code: string; messageVi: string };
}

const PLATFORM_PASSWORD = 'mật khẩu nền tảng 2026';

describe('platform administrator: authorities and their first admins', () => {
  let api: TestApi;
  let ds: DataSource;
  let platform: TestSession;

  beforeAll(async () => {
    api = await startTestApi();
    ds = await openTestDataSource(api.config);
  });

  beforeEach(async () => {
    await truncateAll(ds);
    await ensureAdminAccount(ds, api.config);
    expect(await ensurePlatformAdmin(ds, testConfig({ PLATFORM_ADMIN_PASSWORD: PLATFORM_PASSWORD }))).toBe(true);
    platform = await signIn(api.url, { username: 'platform', password: PLATFORM_PASSWORD });
  });

  afterAll(async () => {
    await clearLoginThrottle(api.config);
    await truncateAll(ds);
    await ds.destroy();
    await api.close();
  });

  const create = (body: unknown) =>
    platform.fetch('/api/platform/authorities', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const haiPhong = {
    code: 'ubnd-hai-phong',
    name: 'Ủy ban nhân dân thành phố Hải Phòng',
    level: 'province',
    admin: { username: 'hp.quantri', fullName: 'Nguyễn Thị Hoa', email: 'hoa@haiphong.gov.vn' },
  };

  it('should make the platform administrator once, only when PLATFORM_ADMIN_PASSWORD is set', async () => {
    expect(await ensurePlatformAdmin(ds, testConfig({ PLATFORM_ADMIN_PASSWORD: 'một mật khẩu khác 2026' }))).toBe(
      false,
    );
    expect(await ensurePlatformAdmin(ds, api.config)).toBe(false);
    const [row] = await ds.query(
      `SELECT u.roles, a.level FROM users u JOIN organisations o ON o.id = u.organisation_id
         JOIN authorities a ON a.id = o.authority_id WHERE u.username = 'platform'`,
    );
    expect(row).toEqual({ roles: '["platform_admin"]', level: 'platform' });
    // The seeded admin is still made, in a real (non-platform) authority.
    const [admin] = await ds.query(
      `SELECT a.level FROM users u JOIN organisations o ON o.id = u.organisation_id
         JOIN authorities a ON a.id = o.authority_id WHERE u.username = 'admin'`,
    );
    expect(admin.level).not.toBe('platform');
  });

  it('should create an authority with its secretariat and first admin, who signs in with the one-time password', async () => {
    // The zone named as the documentation names it (ICU's canonical id is Asia/Saigon; both are accepted).
    const res = await create({ ...haiPhong, timeZone: 'Asia/Ho_Chi_Minh' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { authority: AuthorityJson; adminUsername: string; adminPassword: string };
    expect(body.authority).toMatchObject({
      code: 'ubnd-hai-phong',
      level: 'province',
      timeZone: 'Asia/Ho_Chi_Minh',
      admins: 1,
    });
    expect(body.adminUsername).toBe('hp.quantri');

    const admin = await signIn(api.url, { username: 'hp.quantri', password: body.adminPassword });
    const me = (await (await admin.fetch('/api/auth/me')).json()) as {
      mustChangePassword: boolean;
      user: { roles: string[] };
    };
    expect(me).toMatchObject({ mustChangePassword: true, user: { roles: ['admin'] } });
    const [org] = await ds.query(
      `SELECT o.code, o.kind, o.authority_id AS authorityId FROM users u JOIN organisations o ON o.id = u.organisation_id
        WHERE u.username = 'hp.quantri'`,
    );
    expect(org).toEqual({ code: 'secretariat', kind: 'secretariat', authorityId: body.authority.id });

    const list = (await (await platform.fetch('/api/platform/authorities')).json()) as AuthorityJson[];
    expect(list.map((a) => a.code)).toContain('ubnd-hai-phong');
    expect(list.map((a) => a.level)).not.toContain('platform');
    const one = await platform.fetch(`/api/platform/authorities/${body.authority.id}`);
    expect(((await one.json()) as AuthorityJson).name).toBe(haiPhong.name);

    // A ministry ranks its own departments and agencies: an authority too.
    const ministry = await create({
      code: 'bo-tai-chinh',
      name: 'Bộ Tài chính',
      level: 'ministry',
      admin: { username: 'btc.quantri', fullName: 'Lê Văn Nam' },
    });
    expect(ministry.status).toBe(201);
    expect(((await ministry.json()) as { authority: AuthorityJson }).authority).toMatchObject({ level: 'ministry' });
  });

  it('should refuse a taken code or username in Vietnamese and create nothing', async () => {
    expect((await create(haiPhong)).status).toBe(201);
    const count = async () => Number((await ds.query('SELECT COUNT(*) AS n FROM authorities'))[0].n);
    const before = await count();
    const again = await create({ ...haiPhong, admin: { ...haiPhong.admin, username: 'khac.quantri' } });
    expect(again.status).toBe(409);
    expect(((await again.json()) as ErrorJson).error).toMatchObject({ code: 'AUTHORITY_CODE_TAKEN' });
    const user = await create({ ...haiPhong, code: 'ubnd-dong-nai' });
    expect(user.status).toBe(409);
    const err = ((await user.json()) as ErrorJson).error;
    expect(err.code).toBe('USERNAME_TAKEN');
    expect(err.messageVi).toMatch(/Hãy chọn tên khác/);
    expect(await count()).toBe(before);
    const bad = await create({ ...haiPhong, code: 'x y', level: 'galaxy', timeZone: 'Mars/Base' });
    expect(bad.status).toBe(400);
  });

  it('should hide the platform’s own row, and answer 403 to an authority admin', async () => {
    const [own] = await ds.query("SELECT id FROM authorities WHERE level = 'platform'");
    expect((await platform.fetch(`/api/platform/authorities/${own.id}`)).status).toBe(404);
    expect((await platform.fetch('/api/platform/authorities/999999')).status).toBe(404);

    const secretariat = await createOrganisation(ds, { kind: 'secretariat' });
    const admin = await createUser(ds, { roles: ['admin'], organisationId: secretariat.id });
    const session = await createSession(ds, api.config, api.url, admin);
    expect((await session.fetch('/api/platform/authorities')).status).toBe(403);
    expect((await platform.fetch('/api/admin/users')).status).toBe(403);
    // No authority admin can make a platform administrator.
    const grant = await session.fetch('/api/admin/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'leo.thang',
        fullName: 'Leo Thang',
        organisationCode: secretariat.code,
        roles: ['platform_admin'],
      }),
    });
    expect(grant.status).toBe(400);
  });
});
