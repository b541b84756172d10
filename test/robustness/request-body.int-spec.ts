import type { DataSource } from 'typeorm';
import { clearLoginThrottle, createSession, type TestSession } from '../factories/session.factory';
import { createUser, type CreatedUser } from '../factories/user.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { openTestDataSource, truncateAll } from '../support/database';

interface ErrorJson {
  error: { code: string; message: string; messageVi: string; requestId?: string };
}

/** `{"username":…, "password":…, "x":[[[…]]]}` nested `depth` levels (issue 12 item 6: it overflowed validation). */
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/**
 * Issue 12 items 6 and 7: a body nested thousands of levels deep answered 500 (a stack overflow in validation) on
 * every JSON route, anonymous login included; login accepted an HTML form post. Bodies are refused before any
 * route sees them, in the one bilingual wire shape.
 */
describe('request bodies', () => {
  let api: TestApi;
  let ds: DataSource;
  let user: CreatedUser;
  let session: TestSession;

  beforeAll(async () => {
    api = await startTestApi();
    ds = await openTestDataSource(api.config);
    await truncateAll(ds);
    await clearLoginThrottle(api.config);
    user = await createUser(ds, { roles: ['unit_officer'] });
    session = await createSession(ds, api.config, api.url, user);
  });

  afterAll(async () => {
    await clearLoginThrottle(api.config);
    await truncateAll(ds);
    await ds.destroy();
    await api.close();
  });

  const expectRefusal = async (res: Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.code).toBe(code);
    expect(body.error.messageVi).toMatch(/[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]/);
    expect(body.error.message.length).toBeGreaterThan(10);
    expect(body.error.requestId).toBeTruthy();
  };

  const login = (body: string, contentType = 'application/json') =>
    fetch(`${api.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': contentType }, body });

  it('should answer 400 JSON_TOO_DEEP to deeply nested JSON on the anonymous login, and keep serving', async () => {
    const res = await login(`{"username":"${user.username}","password":"x","x":${nested(50_000)}}`);
    await expectRefusal(res, 400, 'JSON_TOO_DEEP');
    // Nested objects too, and just over the limit.
    const objects = '{"a":'.repeat(33) + '1' + '}'.repeat(33);
    await expectRefusal(await login(`{"username":"u","password":"p","x":${objects}}`), 400, 'JSON_TOO_DEEP');
    // The api is still there, and a normal login still works.
    expect((await login(JSON.stringify({ username: user.username, password: user.password }))).status).toBe(200);
  });

  it('should answer 400 JSON_TOO_DEEP on an authenticated route, before the CSRF-protected handler runs', async () => {
    const res = await session.fetch('/api/auth/password', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"currentPassword":"${user.password}","newPassword":"Mật-khẩu-mới-dài-2026","x":${nested(20_000)}}`,
    });
    await expectRefusal(res, 400, 'JSON_TOO_DEEP');
    // Nothing changed: the old password still signs in.
    expect((await login(JSON.stringify({ username: user.username, password: user.password }))).status).toBe(200);
  });

  it('should answer 413 JSON_TOO_LARGE to a JSON body over 2 MiB, and 400 JSON_MALFORMED to broken JSON', async () => {
    const big = JSON.stringify({ username: 'u', password: 'x'.repeat(2 * 1024 * 1024 + 10) });
    await expectRefusal(await login(big), 413, 'JSON_TOO_LARGE');
    await expectRefusal(await login('{"username": "u", "password": '), 400, 'JSON_MALFORMED');
  });

  it('should refuse a form post to login (415), so a cross-site HTML form cannot sign anyone in', async () => {
    const form = new URLSearchParams({ username: user.username, password: user.password }).toString();
    const res = await login(form, 'application/x-www-form-urlencoded');
    await expectRefusal(res, 415, 'UNSUPPORTED_CONTENT_TYPE');
    expect(res.headers.get('set-cookie')).toBeNull();
    const plain = await login(JSON.stringify({ username: user.username, password: user.password }), 'text/plain');
    await expectRefusal(plain, 415, 'UNSUPPORTED_CONTENT_TYPE');
    expect(plain.headers.get('set-cookie')).toBeNull();
  });
});
