import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { createOrganisation } from '../factories/organisation.factory';
import { clearLoginThrottle, createSession, signIn, type TestSession } from '../factories/session.factory';
import { createUser, type CreatedUser } from '../factories/user.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { openTestDataSource, truncateAll } from '../support/database';

interface ErrorJson {
  error: { code: string; messageVi: string; message: string; details?: { problems?: Problem[] } };
}
interface Problem {
  row: number;
  column: string;
  code: string;
  messageVi: string;
  message: string;
}
interface UserJson {
  id: number;
  username: string;
  organisationCode: string;
  roles: string[];
  active: boolean;
  mustChangePassword: boolean;
}
interface ImportJson {
  created: number;
  users: Array<{ row: number; id: number; username: string; password: string }>;
}

const json = async <T>(res: Response) => (await res.json()) as T;

function upload(session: TestSession, content: Buffer | string, filename: string): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), filename);
  return session.fetch('/api/admin/users/import', { method: 'POST', body: form });
}

describe('admin users API', () => {
  let api: TestApi;
  let ds: DataSource;
  let admin: CreatedUser;
  let session: TestSession;
  let authorityId: number;

  beforeAll(async () => {
    api = await startTestApi();
    ds = await openTestDataSource(api.config);
  });

  beforeEach(async () => {
    await truncateAll(ds);
    const secretariat = await createOrganisation(ds, { code: 'noivu', kind: 'secretariat' });
    authorityId = secretariat.authorityId;
    await createOrganisation(ds, { authorityId, code: 'tuphap', name: 'Phòng Tư pháp' });
    await createOrganisation(ds, { authorityId, code: 'xa-a', name: 'UBND xã A', kind: 'commune' });
    admin = await createUser(ds, { username: 'admin', roles: ['admin'], organisationId: secretariat.id });
    session = await createSession(ds, api.config, api.url, admin);
  });

  afterAll(async () => {
    await clearLoginThrottle(api.config);
    await truncateAll(ds);
    await ds.destroy();
    await api.close();
  });

  const post = (path: string, body: unknown) =>
    session.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const patch = (path: string, body: unknown) =>
    session.fetch(path, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const userCount = async () => Number((await ds.query('SELECT COUNT(*) AS n FROM users'))[0].n);

  it('should refuse null for a property that may only be left out (400, nothing changed)', async () => {
    const officer = await createUser(ds, { roles: ['unit_officer'], fullName: 'Trần Thị Bình' });
    for (const body of [{ active: null }, { fullName: null }, { roles: null }, { email: null }, { unlock: null }]) {
      const res = await patch(`/api/admin/users/${officer.id}`, body);
      expect(res.status).toBe(400);
      expect((await json<ErrorJson>(res)).error.messageVi).toBeTruthy();
    }
    const created = await post('/api/admin/users', {
      username: 'null.email',
      fullName: 'Null Email',
      email: null,
      organisationCode: 'tuphap',
      roles: ['viewer'],
    });
    expect(created.status).toBe(400);
    const [row] = await ds.query('SELECT full_name AS fullName, active FROM users WHERE id = ?', [officer.id]);
    expect(row).toEqual({ fullName: 'Trần Thị Bình', active: 1 });
  });

  it('should create a user with a generated password who can then sign in (and must change it)', async () => {
    const res = await post('/api/admin/users', {
      username: 'TuPhap.CanBo1',
      fullName: 'Nguyễn Văn An',
      email: 'an.nv@example.gov.vn',
      organisationCode: 'tuphap',
      roles: ['unit_officer', 'appraiser'],
    });
    expect(res.status).toBe(201);
    const body = await json<{ user: UserJson; generatedPassword: string }>(res);
    expect(body.user).toMatchObject({
      username: 'tuphap.canbo1',
      organisationCode: 'tuphap',
      roles: ['unit_officer', 'appraiser'],
      active: true,
      mustChangePassword: true,
    });
    expect(body.generatedPassword).toMatch(/^\w{16}$/);
    const [stored] = await ds.query('SELECT password_hash AS h FROM users WHERE id = ?', [body.user.id]);
    expect(stored.h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const login = await fetch(`${api.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'tuphap.canbo1', password: body.generatedPassword }),
    });
    expect(login.status).toBe(200);
  });

  it('should refuse a taken username (409), an unknown organisation and a bad role (400)', async () => {
    const base = { username: 'admin', fullName: 'X', organisationCode: 'tuphap', roles: ['viewer'] };
    const taken = await post('/api/admin/users', base);
    expect(taken.status).toBe(409);
    expect((await json<ErrorJson>(taken)).error.code).toBe('USERNAME_TAKEN');
    const org = await post('/api/admin/users', { ...base, username: 'new.user', organisationCode: 'nope' });
    expect(org.status).toBe(400);
    expect((await json<ErrorJson>(org)).error).toMatchObject({
      code: 'ORGANISATION_UNKNOWN',
      messageVi: expect.stringContaining('nope'),
    });
    const role = await post('/api/admin/users', { ...base, username: 'new.user', roles: ['king'] });
    expect(role.status).toBe(400);
    const weak = await post('/api/admin/users', { ...base, username: 'new.user', password: 'short' });
    expect((await json<ErrorJson>(weak)).error.code).toBe('PASSWORD_LENGTH');
  });

  it('should list users of the admin’s authority only, with pagination and filters', async () => {
    const tuphap = await ds.query("SELECT id FROM organisations WHERE code = 'tuphap'");
    for (let i = 0; i < 3; i++) {
      await createUser(ds, { username: `tp.${i}`, organisationId: tuphap[0].id, roles: ['unit_officer'] });
    }
    await createUser(ds, { username: 'tp.viewer', organisationId: tuphap[0].id, roles: ['viewer'] });
    await createUser(ds, { username: 'elsewhere' }); // another authority
    const page = await json<{ items: UserJson[]; total: number }>(
      await session.fetch('/api/admin/users?organisationCode=tuphap&pageSize=2&page=2'),
    );
    expect(page.total).toBe(4);
    expect(page.items.map((u) => u.username)).toEqual(['tp.2', 'tp.viewer']);
    const viewers = await json<{ items: UserJson[]; total: number }>(
      await session.fetch('/api/admin/users?role=viewer'),
    );
    expect(viewers.items.map((u) => u.username)).toEqual(['tp.viewer']);
    const all = await json<{ items: UserJson[]; total: number }>(await session.fetch('/api/admin/users'));
    expect(all.total).toBe(5);
    expect(all.items.map((u) => u.username)).not.toContain('elsewhere');
    expect((await session.fetch('/api/admin/users?pageSize=1000')).status).toBe(400);
  });

  it('should change roles, deactivate (ending the user’s sessions) and answer 404 outside the authority', async () => {
    const officer = await createUser(ds, { organisationId: admin.organisationId, roles: ['unit_officer'] });
    const theirs = await signIn(api.url, officer);
    const roles = await patch(`/api/admin/users/${officer.id}`, { roles: ['viewer'] });
    expect(roles.status).toBe(200);
    expect(await json<UserJson>(roles)).toMatchObject({ roles: ['viewer'], active: true });

    const off = await patch(`/api/admin/users/${officer.id}`, { active: false });
    expect(off.status).toBe(200);
    expect((await theirs.fetch('/api/auth/me')).status).toBe(401);
    const [row] = await ds.query('SELECT COUNT(*) AS live FROM sessions WHERE user_id = ? AND revoked_at IS NULL', [
      officer.id,
    ]);
    expect(Number(row.live)).toBe(0);

    const stranger = await createUser(ds);
    expect((await patch(`/api/admin/users/${stranger.id}`, { active: false })).status).toBe(404);
    expect((await patch('/api/admin/users/999999', { active: false })).status).toBe(404);
    const self = await patch(`/api/admin/users/${admin.id}`, { active: false });
    expect(self.status).toBe(409);
  });

  it('should reject a CSV with bad rows, listing each row, and save nothing', async () => {
    const before = await userCount();
    const csv = [
      'username,họ tên,email,mã tổ chức,vai trò',
      'tp.one,Trần Thị Bình,binh@example.gov.vn,tuphap,unit_officer',
      'tp.two,Lê Văn Cường,,khongco,unit_officer', // row 3: unknown organisation
      'admin,Phạm Dũng,,tuphap,viewer', // row 4: username exists
      'xa.one,"Hoàng, Em",,xa-a,"unit_officer, chairman"', // row 5: invalid role
      'tp.one,Lặp Lại,,tuphap,viewer', // row 6: repeats row 2
      'Bad Name!,Ngô Gia,not-an-email,tuphap,viewer', // row 7: username and email
    ].join('\r\n');
    const res = await upload(session, csv, 'users.csv');
    expect(res.status).toBe(400);
    const { error } = await json<ErrorJson>(res);
    expect(error.code).toBe('IMPORT_INVALID');
    expect(error.messageVi).toContain('chưa lưu');
    expect(error.details!.problems!.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, 'organisationCode', 'ORGANISATION_UNKNOWN'],
      [4, 'username', 'USERNAME_TAKEN'],
      [5, 'roles', 'ROLE_INVALID'],
      [6, 'username', 'USERNAME_TAKEN'],
      [7, 'username', 'USERNAME_INVALID'],
      [7, 'email', 'EMAIL_INVALID'],
    ]);
    expect(error.details!.problems![3].messageVi).toContain('dòng 2');
    expect(await userCount()).toBe(before);
  });

  it('should import a good .xlsx in one go; the new users can sign in', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Người dùng');
    sheet.addRow(['Tên đăng nhập', 'Họ và tên', 'Email', 'Mã tổ chức', 'Vai trò']);
    sheet.addRow(['tp.canbo', 'Trần Thị Bình', 'binh@example.gov.vn', 'tuphap', 'unit_officer']);
    sheet.addRow([]);
    sheet.addRow(['xa.a.canbo', 'Đỗ Văn Hải', null, 'XA-A', 'unit_officer; viewer']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const res = await upload(session, buffer, 'users.xlsx');
    expect(res.status).toBe(201);
    const body = await json<ImportJson>(res);
    expect(body.created).toBe(2);
    expect(body.users.map((u) => [u.row, u.username])).toEqual([
      [2, 'tp.canbo'],
      [4, 'xa.a.canbo'],
    ]);
    const listed = await json<{ items: UserJson[] }>(await session.fetch('/api/admin/users?organisationCode=xa-a'));
    expect(listed.items).toEqual([
      expect.objectContaining({ username: 'xa.a.canbo', roles: ['unit_officer', 'viewer'], mustChangePassword: true }),
    ]);
    for (const user of body.users) {
      const signedIn = await signIn(api.url, { username: user.username, password: user.password });
      expect((await signedIn.fetch('/api/auth/me')).status).toBe(200);
    }
  });

  it('should accept a semicolon CSV with a BOM, and refuse files that are neither CSV nor xlsx', async () => {
    const csv = '\uFEFFusername;họ tên;email;mã tổ chức;vai trò\ntp.semi;Vũ Thị Lan;;tuphap;viewer\n';
    const ok = await upload(session, csv, 'users.csv');
    expect(ok.status).toBe(201);
    expect((await json<ImportJson>(ok)).created).toBe(1);

    const latin1 = await upload(session, Buffer.from([0x75, 0x73, 0xe9, 0xff, 0xfe]), 'users.csv');
    expect(latin1.status).toBe(415);
    const missingHeader = await upload(session, 'username,email\na.b.c,a@b.cd\n', 'users.csv');
    expect(missingHeader.status).toBe(400);
    expect((await json<ErrorJson>(missingHeader)).error.code).toBe('IMPORT_HEADER_MISSING');
    const noFile = await session.fetch('/api/admin/users/import', { method: 'POST', body: new FormData() });
    expect(noFile.status).toBe(400);
  });

  it('should refuse the admin API to a non-admin and an import without the CSRF header', async () => {
    const officer = await createUser(ds, { organisationId: admin.organisationId });
    const theirs = await createSession(ds, api.config, api.url, officer);
    expect((await upload(theirs, 'username\n', 'u.csv')).status).toBe(403);
    const form = new FormData();
    form.append('file', new Blob(['username\n']), 'u.csv');
    const noCsrf = await fetch(`${api.url}/api/admin/users/import`, {
      method: 'POST',
      headers: { cookie: session.cookie },
      body: form,
    });
    expect(noCsrf.status).toBe(403);
  });

  it('should reset a password to a new one-time password and end the user’s sessions', async () => {
    const officer = await createUser(ds, { organisationId: admin.organisationId });
    const theirs = await createSession(ds, api.config, api.url, officer);
    const res = await session.fetch(`/api/admin/users/${officer.id}/password-reset`, { method: 'POST' });
    expect(res.status).toBe(201);
    const { generatedPassword } = await json<{ generatedPassword: string }>(res);
    expect((await theirs.fetch('/api/auth/me')).status).toBe(401);
    await signIn(api.url, { username: officer.username, password: generatedPassword });
  });
});
