import { createHash, randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { createOrganisation } from '../factories/organisation.factory';
import { clearLoginThrottle, createSession } from '../factories/session.factory';
import { createUser, type CreatedUser } from '../factories/user.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { ensureWebBuild, launchBrowser, openPerson, signInAs, type PersonPage } from '../support/browser';
import { openTestDataSource, truncateAll } from '../support/database';
import { eventually } from '../support/engine';

/** The page scrolls sideways when its content is wider than the viewport (a string: no DOM types in tests). */
const SIDEWAYS = 'document.documentElement.scrollWidth > document.documentElement.clientWidth';

/**
 * Issue 15 item 6 in the browser: the invitation link's page 'Đăng nhập lần đầu' sets the first password (then the
 * person signs in with it), a used link says so in Vietnamese with what to do, and the users page offers
 * 'Gửi lại lời mời' to an account still waiting. The mail itself is tested in test/auth/invitations.int-spec.ts;
 * here the invitation row is written with a known token (only its SHA-256 is stored, as the service does).
 */
describe('invitation page', () => {
  let api: TestApi;
  let ds: DataSource;
  let browser: Browser;
  let admin: CreatedUser;
  let invited: CreatedUser;
  const token = randomBytes(32).toString('base64url');

  beforeAll(async () => {
    await ensureWebBuild();
    api = await startTestApi();
    ds = await openTestDataSource(api.config);
    await truncateAll(ds);
    await clearLoginThrottle(api.config);
    const secretariat = await createOrganisation(ds, { kind: 'secretariat', code: 'vp-ubnd', name: 'Văn phòng UBND' });
    admin = await createUser(ds, { roles: ['admin'], organisationId: secretariat.id, fullName: 'Trần Quản Trị' });
    invited = await createUser(ds, {
      roles: ['viewer'],
      organisationId: secretariat.id,
      username: 'nguyen.moi',
      fullName: 'Nguyễn Thị Mời',
      email: 'moi@example.gov.vn',
      mustChangePassword: true,
    });
    await ds.query('INSERT INTO user_invitations (user_id, token_hash, expires_at, created_by) VALUES (?, ?, ?, ?)', [
      invited.id,
      createHash('sha256').update(token).digest('hex'),
      new Date(Date.now() + 72 * 3_600_000),
      admin.id,
    ]);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await clearLoginThrottle(api.config);
    await truncateAll(ds);
    await ds.destroy();
    await api.close();
  });

  async function at390(person: PersonPage, name: string): Promise<void> {
    await person.page.setViewportSize({ width: 390, height: 844 });
    // The layout follows the breakpoint a render later: wait until nothing is wider than the phone (fails after 5 s).
    await eventually(async () => !(await person.page.evaluate(SIDEWAYS)), 5_000);
    await person.shot(name);
    await person.page.setViewportSize({ width: 1366, height: 768 });
  }

  it('should set the first password through the link, sign in with it, and refuse the link a second time', async () => {
    const person = await openPerson(browser, api.url, [/status of 422/]);
    const { page } = person;
    await page.goto(`/invitation#${token}`);
    await page.getByRole('heading', { name: 'Đăng nhập lần đầu' }).waitFor();
    await page.getByText('nguyen.moi').waitFor();
    await person.shot('invitation-1366');
    await at390(person, 'invitation-390');

    const password = 'mật khẩu tự đặt lần đầu';
    await page.getByLabel('Mật khẩu (ít nhất 12 ký tự)').fill(password);
    await page.getByRole('button', { name: 'Đặt mật khẩu' }).click();
    await page.waitForURL('**/login');
    await signInAs(person, 'nguyen.moi', password);

    const again = await openPerson(browser, api.url, [/status of 422/]);
    await again.page.goto(`/invitation#${token}`);
    await again.page.getByText('Liên kết này đã được dùng để đặt mật khẩu').waitFor();
    await again.page.getByText('gửi lại lời mời').waitFor();
    await again.page.getByRole('button', { name: 'Về trang đăng nhập' }).waitFor();
    await again.shot('invitation-used-1366');
    await at390(again, 'invitation-used-390');
    expect([...person.errors, ...again.errors]).toEqual([]);
    await person.context.close();
    await again.context.close();
  });

  it("should offer 'Gửi lại lời mời' on the users page for an account still waiting, and send it", async () => {
    // A second account that has not set its password yet (the first one now has).
    await createUser(ds, {
      roles: ['viewer'],
      organisationId: invited.organisationId,
      username: 'le.cho',
      fullName: 'Lê Văn Chờ',
      email: 'cho@example.gov.vn',
      mustChangePassword: true,
    });
    expect(await createSession(ds, api.config, api.url, admin)).toBeDefined();
    const person = await openPerson(browser, api.url);
    await signInAs(person, admin.username, admin.password);
    await person.page.goto('/users');
    const row = person.page.getByRole('row').filter({ hasText: 'le.cho' });
    await row.getByRole('button', { name: 'Gửi lại lời mời' }).waitFor();
    await person.shot('users-resend-invitation-1366');
    await row.getByRole('button', { name: 'Gửi lại lời mời' }).click();
    await person.page.getByText('Đã gửi lời mời mới tới cho@example.gov.vn.').waitFor();
    const [{ n }] = await ds.query(
      'SELECT COUNT(*) AS n FROM user_invitations i JOIN users u ON u.id = i.user_id WHERE u.username = ?',
      ['le.cho'],
    );
    expect(Number(n)).toBe(1);
    await at390(person, 'users-resend-invitation-390');
    expect(person.errors).toEqual([]);
    await person.context.close();
  });
});
