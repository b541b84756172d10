import type { DataSource } from 'typeorm';
import { Redis } from 'ioredis';
import { LoginThrottle } from '../../apps/api/src/app.factory';
import { clearLoginThrottle } from '../factories/session.factory';
import { createUser, type CreatedUser } from '../factories/user.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { openTestDataSource, truncateAll } from '../support/database';

/**
 * Issue 12 item 7: the per-address login limit believed anyone's X-Forwarded-For, so a password sprayer chose a
 * fresh address per attempt. Now the trusted proxies are a setting (TRUST_PROXY), none by default.
 */
describe('TRUST_PROXY', () => {
  let ds: DataSource;
  let user: CreatedUser;

  const loginFrom = (api: TestApi, forwardedFor: string, password: string) =>
    fetch(`${api.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
      body: JSON.stringify({ username: user.username, password }),
    });

  /** The addresses the login throttle counted failures under. */
  async function countedAddresses(api: TestApi): Promise<string[]> {
    const redis = new Redis(api.config.redis.url, { maxRetriesPerRequest: 1 });
    try {
      const prefix = `${LoginThrottle.keyPrefix(api.config)}ip:`;
      return (await redis.keys(`${prefix}*`)).map((key) => key.slice(prefix.length)).sort();
    } finally {
      redis.disconnect();
    }
  }

  async function withApi(overrides: Record<string, string>, run: (api: TestApi) => Promise<void>): Promise<void> {
    const api = await startTestApi(overrides);
    try {
      ds ??= await openTestDataSource(api.config);
      await truncateAll(ds);
      await clearLoginThrottle(api.config);
      user = await createUser(ds, { roles: ['unit_officer'] });
      await run(api);
    } finally {
      await clearLoginThrottle(api.config);
      await api.close();
    }
  }

  afterAll(async () => {
    await truncateAll(ds);
    await ds.destroy();
  });

  it('should ignore X-Forwarded-For by default: failures and sessions count under the connection’s address', async () => {
    await withApi({}, async (api) => {
      expect((await loginFrom(api, '203.0.113.7', 'wrong password 1')).status).toBe(401);
      expect((await loginFrom(api, '198.51.100.9', 'wrong password 2')).status).toBe(401);
      expect(await countedAddresses(api)).toEqual(['127.0.0.1']);
      expect((await loginFrom(api, '203.0.113.7', user.password)).status).toBe(200);
      const [session] = await ds.query('SELECT ip FROM sessions WHERE user_id = ?', [user.id]);
      expect(session.ip).toBe('127.0.0.1');
    });
  });

  it('should believe X-Forwarded-For from a proxy TRUST_PROXY names', async () => {
    await withApi({ TRUST_PROXY: 'loopback' }, async (api) => {
      expect((await loginFrom(api, '203.0.113.7', 'wrong password 1')).status).toBe(401);
      expect((await loginFrom(api, '198.51.100.9', 'wrong password 2')).status).toBe(401);
      expect(await countedAddresses(api)).toEqual(['198.51.100.9', '203.0.113.7']);
      expect((await loginFrom(api, '203.0.113.7', user.password)).status).toBe(200);
      const [session] = await ds.query('SELECT ip FROM sessions WHERE user_id = ?', [user.id]);
      expect(session.ip).toBe('203.0.113.7');
    });
  });
});
