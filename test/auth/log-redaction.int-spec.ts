import type { DataSource } from 'typeorm';
import { Writable } from 'node:stream';
import { REDACTED } from '@lib/common';
import { clearLoginThrottle, signIn } from '../factories/session.factory';
import { createUser } from '../factories/user.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { openTestDataSource, truncateAll } from '../support/database';

/** Every line the api logs, as written (JSON, one object a line). */
class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

/**
 * Issue 12 item 3: a session cookie or CSRF token copied from the log signs in, so neither (nor a password) may
 * reach any log line — request headers, answer headers, bodies.
 */
describe('log redaction', () => {
  let api: TestApi;
  let ds: DataSource;
  const log = new LogCapture();

  beforeAll(async () => {
    // Every request logged, at the most verbose level the api has.
    api = await startTestApi({ LOG_LEVEL: 'trace', LOG_FORMAT: 'json' }, { logDestination: log });
    ds = await openTestDataSource(api.config);
    await truncateAll(ds);
    await clearLoginThrottle(api.config);
  });

  afterAll(async () => {
    await clearLoginThrottle(api.config);
    await truncateAll(ds);
    await ds.destroy();
    await api.close();
  });

  it('should never write the session cookie, the CSRF token or a password into the log', async () => {
    const user = await createUser(ds, { roles: ['unit_officer'] });
    const session = await signIn(api.url, user);
    const token = session.cookie.replace(/^par_session=/, '');
    expect(token).toMatch(/^[\w-]{43}$/);

    // A read, a CSRF-protected write carrying passwords (refused: wrong current password), a bearer header.
    expect((await session.fetch('/api/auth/me')).status).toBe(200);
    const newPassword = 'Một-mật-khẩu-mới-2026!';
    const change = await session.fetch('/api/auth/password', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ currentPassword: user.password, newPassword }),
    });
    expect(change.status).toBe(204);
    const wrongLogin = await fetch(`${api.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session.cookie },
      body: JSON.stringify({ username: user.username, password: 'sai-mat-khau-nay' }),
    });
    expect(wrongLogin.status).toBe(401);

    // The requests were logged (with their headers, redacted), so the assertions below are not vacuous.
    const requestLines = log.lines
      .map((line) => JSON.parse(line) as { req?: { url?: string; headers?: Record<string, string> } })
      .filter((entry) => entry.req?.url?.startsWith('/api/auth/'));
    expect(requestLines.length).toBeGreaterThanOrEqual(4);
    const me = requestLines.find((entry) => entry.req?.url === '/api/auth/me');
    expect(me?.req?.headers?.cookie).toBe(REDACTED);
    const write = requestLines.find((entry) => entry.req?.url === '/api/auth/password');
    expect(write?.req?.headers?.['x-csrf-token']).toBe(REDACTED);
    expect(write?.req?.headers?.authorization).toBe(REDACTED);
    expect(log.text).toContain('"set-cookie":"[redacted]"');

    for (const secret of [token, session.csrfToken, user.password, newPassword, 'sai-mat-khau-nay']) {
      expect(log.text).not.toContain(secret);
    }
  });
});
