import type { INestApplicationContext } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import type { DataSource } from 'typeorm';
import { createOrganisation } from '../factories/organisation.factory';
import { createSession, signIn, type TestSession } from '../factories/session.factory';
import { createUser } from '../factories/user.factory';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps';
import { truncateAll } from '../support/database';
import { eventually } from '../support/engine';
import { TestSmtpServer, type Received } from '../reminders/smtp-test-server';

interface ErrorJson {
  error: { code: string; messageVi: string };
}

/**
 * Issue 15 item 6: an account created with an e-mail gets an invitation mail (Vietnamese) through the mail queue
 * and a real SMTP server; its link sets the first password once, before INVITE_TTL_HOURS; a used, expired or
 * replaced link is refused in Vietnamese with what to do; the admin's 'Gửi lại lời mời' sends a new one.
 */
describe('invitations: first sign-in link by mail', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let smtp: TestSmtpServer;
  let ds: DataSource;
  let admin: TestSession;
  let organisationCode: string;

  beforeAll(async () => {
    smtp = new TestSmtpServer();
    await smtp.start();
    api = await startTestApi({ SMTP_URL: smtp.url, INVITE_TTL_HOURS: '48' });
    worker = await startTestWorker({ SMTP_URL: smtp.url });
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    const secretariat = await createOrganisation(ds, { kind: 'secretariat' });
    organisationCode = secretariat.code;
    admin = await createSession(
      ds,
      api.config,
      api.url,
      await createUser(ds, { roles: ['admin'], organisationId: secretariat.id }),
    );
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await smtp.stop();
  });

  const post = (path: string, body: unknown, session?: TestSession) =>
    (session ? session.fetch : (p: string, i: RequestInit) => fetch(`${api.url}${p}`, i))(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  // Polled until the worker delivered it to the SMTP server (a falsy answer means: not yet).
  const mailTo = (address: string, count = 1): Promise<Received> =>
    eventually(() => Promise.resolve(smtp.received.filter((r) => r.to === address)[count - 1]));
  const tokenOf = (mail: Received): string => {
    const link = /https?:\/\/\S+\/invitation#([A-Za-z0-9_-]{43})/.exec(mail.mail.text ?? '');
    expect(link).not.toBeNull();
    return link![1];
  };
  const refusal = async (res: Response, code: string) => {
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.code).toBe(code);
    expect(body.error.messageVi).toMatch(/gửi lại lời mời/);
  };

  it('should mail a link that sets the password once, then sign in with it; a reused link is refused', async () => {
    const created = await post(
      '/api/admin/users',
      {
        username: 'moi.canbo1',
        fullName: 'Trần Thị Mời',
        email: 'moi1@example.gov.vn',
        organisationCode,
        roles: ['viewer'],
      },
      admin,
    );
    expect(created.status).toBe(201);
    const mail = await mailTo('moi1@example.gov.vn');
    expect(mail.subject).toContain('Lời mời sử dụng hệ thống');
    expect(mail.mail.text).toContain('Tên đăng nhập: moi.canbo1');
    expect(mail.mail.text).toMatch(/gửi lại lời mời/);
    const token = tokenOf(mail);
    // Only the hash is stored: the token itself is nowhere in the database.
    const [stored] = await ds.query('SELECT token_hash, expires_at FROM user_invitations');
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.token_hash).not.toContain(token);
    const hours = (new Date(stored.expires_at).getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(47.9);
    expect(hours).toBeLessThanOrEqual(48);

    const check = await post('/api/auth/invitations/check', { token });
    expect(check.status).toBe(200);
    expect(await check.json()).toMatchObject({ username: 'moi.canbo1', fullName: 'Trần Thị Mời' });

    const short = await post('/api/auth/invitations/accept', { token, password: 'ngắn' });
    expect(short.status).toBe(400);
    const password = 'mật khẩu của người được mời';
    const accepted = await post('/api/auth/invitations/accept', { token, password });
    expect(accepted.status).toBe(200);
    const session = await signIn(api.url, { username: 'moi.canbo1', password });
    const me = await session.fetch('/api/auth/me');
    expect(((await me.json()) as { mustChangePassword: boolean }).mustChangePassword).toBe(false);

    await refusal(
      await post('/api/auth/invitations/accept', { token, password: 'một mật khẩu khác nữa' }),
      'INVITATION_USED',
    );
    await refusal(await post('/api/auth/invitations/check', { token }), 'INVITATION_USED');
    await expect(signIn(api.url, { username: 'moi.canbo1', password: 'một mật khẩu khác nữa' })).rejects.toThrow();
  });

  it('should refuse an expired link in Vietnamese, and work again after "Gửi lại lời mời" (the old link then void)', async () => {
    const created = await post(
      '/api/admin/users',
      {
        username: 'moi.canbo2',
        fullName: 'Lê Văn Hẹn',
        email: 'moi2@example.gov.vn',
        organisationCode,
        roles: ['viewer'],
      },
      admin,
    );
    const { user } = (await created.json()) as { user: { id: number } };
    const first = tokenOf(await mailTo('moi2@example.gov.vn'));
    await ds.query('UPDATE user_invitations SET expires_at = ? WHERE user_id = ?', [
      new Date(Date.now() - 1000),
      user.id,
    ]);
    await refusal(
      await post('/api/auth/invitations/accept', { token: first, password: 'mật khẩu đã quá hạn rồi' }),
      'INVITATION_EXPIRED',
    );

    const resent = await admin.fetch(`/api/admin/users/${user.id}/invitation`, { method: 'POST' });
    expect(resent.status).toBe(204);
    const second = tokenOf(await mailTo('moi2@example.gov.vn', 2));
    expect(second).not.toBe(first);
    await refusal(await post('/api/auth/invitations/check', { token: first }), 'INVITATION_INVALID');
    const password = 'mật khẩu sau khi gửi lại';
    expect((await post('/api/auth/invitations/accept', { token: second, password })).status).toBe(200);
    await signIn(api.url, { username: 'moi.canbo2', password });
  });

  it('should invite each imported account that has an e-mail (and only those)', async () => {
    const form = new FormData();
    const csv =
      'username,họ tên,email,mã tổ chức,vai trò\n' +
      `nhap.mot,Phạm Văn Nhập,nhap1@example.gov.vn,${organisationCode},viewer\n` +
      `nhap.hai,Đỗ Thị Không Thư,,${organisationCode},viewer\n`;
    form.append('file', new Blob([csv]), 'users.csv');
    const imported = await admin.fetch('/api/admin/users/import', { method: 'POST', body: form });
    expect(imported.status).toBe(201);
    const token = tokenOf(await mailTo('nhap1@example.gov.vn'));
    const password = 'mật khẩu của người được nhập';
    expect((await post('/api/auth/invitations/accept', { token, password })).status).toBe(200);
    await signIn(api.url, { username: 'nhap.mot', password });
    const [{ n }] = await ds.query(
      "SELECT COUNT(*) AS n FROM user_invitations i JOIN users u ON u.id = i.user_id WHERE u.username = 'nhap.hai'",
    );
    expect(Number(n)).toBe(0);
  });

  it('should say in Vietnamese what to do when the user to invite has no e-mail, and send nothing', async () => {
    const bare = await post(
      '/api/admin/users',
      { username: 'khong.email', fullName: 'Không Có Thư', organisationCode, roles: ['viewer'] },
      admin,
    );
    const { user } = (await bare.json()) as { user: { id: number } };
    const refused = await admin.fetch(`/api/admin/users/${user.id}/invitation`, { method: 'POST' });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as ErrorJson).error.messageVi).toMatch(/thêm email/);
    const [{ n }] = await ds.query('SELECT COUNT(*) AS n FROM user_invitations WHERE user_id = ?', [user.id]);
    expect(Number(n)).toBe(0);
  });
});
