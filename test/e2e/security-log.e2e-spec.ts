import type { Browser } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { createOrganisation } from '../factories/organisation.factory';
import { clearLoginThrottle } from '../factories/session.factory';
import { createUser, type CreatedUser } from '../factories/user.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { ensureWebBuild, launchBrowser, openPerson, signInAs } from '../support/browser';
import { openTestDataSource, truncateAll } from '../support/database';

/**
 * Issue 12 item 8, web: the secretariat reads the security log ("Nhật ký bảo mật") from the menu, in Vietnamese,
 * times as dd/MM/yyyy HH:mm local time, filtered by action — at 1366×768 and 390×844.
 */
describe('security log screen', () => {
  let api: TestApi;
  let ds: DataSource;
  let browser: Browser;
  let admin: CreatedUser;
  let officer: CreatedUser;

  beforeAll(async () => {
    await ensureWebBuild();
    api = await startTestApi();
    ds = await openTestDataSource(api.config);
    await truncateAll(ds);
    await clearLoginThrottle(api.config);
    const secretariat = await createOrganisation(ds, { kind: 'secretariat', code: 'noivu' });
    admin = await createUser(ds, { roles: ['admin'], organisationId: secretariat.id, fullName: 'Trần Quản Trị' });
    officer = await createUser(ds, {
      roles: ['viewer'],
      organisationId: secretariat.id,
      fullName: 'Lê Văn Cán Bộ',
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await clearLoginThrottle(api.config);
    await truncateAll(ds);
    await ds.destroy();
    await api.close();
  });

  it('should list the events with Vietnamese actions and local times, and filter them by action', async () => {
    // A failed sign-in of the officer, then the admin signs in through the browser.
    const wrong = await fetch(`${api.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'e2e-security-log' },
      body: JSON.stringify({ username: officer.username, password: 'sai mật khẩu' }),
    });
    expect(wrong.status).toBe(401);

    for (const [width, height, name] of [
      [1366, 768, 'security-log-1366'],
      [390, 844, 'security-log-390'],
    ] as const) {
      const person = await openPerson(browser, api.url);
      await person.page.setViewportSize({ width, height });
      await signInAs(person, admin.username, admin.password);
      const { page } = person;
      if (width < 992) {
        await page.goto('/security-log');
      } else {
        await page.getByRole('menuitem', { name: 'Nhật ký bảo mật' }).click();
      }
      await page.getByRole('heading', { name: 'Nhật ký bảo mật' }).waitFor();
      await page.getByText('Đăng nhập không thành công').first().waitFor();
      await page.getByText('Đăng nhập thành công').first().waitFor();
      const body = await page.locator('.ant-table-tbody').innerText();
      expect(body).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
      expect(body).toContain('Lê Văn Cán Bộ');
      expect(body).toContain('127.0.0.1');
      // No English action names or codes on the Vietnamese screen.
      expect(body).not.toMatch(/auth\.login|loginSucceeded|loginFailed|Signed in|Failed sign-in/);
      await person.shot(name);

      // Filter: only failed sign-ins.
      await page.getByTestId('filter-action').click();
      await page.locator('.ant-select-item-option').filter({ hasText: 'Đăng nhập không thành công' }).click();
      // Waits until the successful sign-ins are gone from the table. (Not waitForFunction with a string: when its
      // first check fails Playwright polls it with eval, which the app's Content-Security-Policy rightly refuses.)
      await page.locator('.ant-table-tbody').getByText('Đăng nhập thành công', { exact: true }).first().waitFor({
        state: 'detached',
      });
      const filtered = await page.locator('.ant-table-tbody tr.ant-table-row').allInnerTexts();
      expect(filtered.length).toBeGreaterThan(0);
      expect(filtered.every((row) => row.includes('Đăng nhập không thành công'))).toBe(true);
      await page.keyboard.press('Escape');
      await person.shot(`${name}-filtered`);
      expect(person.errors).toEqual([]);
      await person.context.close();
    }
  });
});
