/**
 * The web app in Chromium against the real api (MariaDB, Redis), served by the api from apps/web/dist.
 * People act through the screens; the database is only touched to create the accounts a newcomer's
 * secretariat would have made first. Screenshots of each main screen go to test/artifacts/.
 */
import { Authority, DATA_SOURCE, Organisation } from '@lib/database';
import type { Browser } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { createUser, type CreatedUser } from '../factories/user.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { ensureWebBuild, launchBrowser, openPerson, signInAs, type PersonPage } from '../support/browser';
import { truncateAll } from '../support/database';

jest.setTimeout(180_000);

describe('web app (Chromium)', () => {
  let api: TestApi;
  let ds: DataSource;
  let browser: Browser;
  let admin: CreatedUser;
  const people: PersonPage[] = [];

  const person = async () => {
    const p = await openPerson(browser, api.url);
    people.push(p);
    return p;
  };

  beforeAll(async () => {
    await ensureWebBuild();
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    // The secretariat's own account, in the authority the plan creates (upserted by code, so the plan reuses it).
    const authority = await ds.getRepository(Authority).save({ code: 'ubnd-uong-bi', name: 'UBND thành phố Uông Bí' });
    const nv = await ds
      .getRepository(Organisation)
      .save({ code: 'nv', name: 'Phòng Nội vụ', kind: 'agency', predecessorId: null, authorityId: authority.id });
    admin = await createUser(ds, {
      username: 'thuongtruc',
      fullName: 'Trần Thị Thường Trực',
      roles: ['admin'],
      organisationId: nv.id,
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  afterEach(() => {
    for (const p of people) {
      expect(p.errors).toEqual([]);
    }
  });

  it('should serve the app at / with an SPA fallback, and keep /api answers as JSON', async () => {
    const deep = await fetch(`${api.url}/inbox/tasks/1`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root">');
    const missing = await fetch(`${api.url}/api/no-such-route`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { messageVi: string } }).error.messageVi).toBeTruthy();
  });

  it('should sign in, refuse a wrong password in Vietnamese, and let the secretariat set up a campaign', async () => {
    const p = await person();
    const { page } = p;
    await page.goto('/');
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    await p.shot('01-login');
    await page.getByLabel('Tên đăng nhập').fill(admin.username);
    await page.getByLabel('Mật khẩu').fill('sai mật khẩu rồi nhé');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toMatch(/mật khẩu/i);

    await signInAs(p, admin.username, admin.password);
    await page.getByRole('heading', { name: 'Đợt đánh giá' }).waitFor();
    // The secretariat's menu, and nothing of a unit officer's.
    await page.getByRole('link', { name: 'Người dùng' }).waitFor();
    expect(await page.getByRole('link', { name: 'Biểu tự chấm điểm' }).count()).toBe(0);

    // New campaign from the plan, with the self-assessment deadline 20 days from now.
    await page.getByRole('button', { name: 'Tạo đợt từ kế hoạch' }).click();
    await page.getByLabel('Mã đợt (mặc định: mã kế hoạch)').fill('uong-bi-2023-e2e');
    await page.getByLabel('Tên đợt').fill('Chỉ số CCHC năm 2023 (thử nghiệm)');
    const due = new Date(Date.now() + 20 * 86400_000);
    const dd = (d: Date) =>
      new Intl.DateTimeFormat('vi-VN', {
        timeZone: 'Asia/Ho_Chi_Minh',
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
      }).format(d);
    await page.getByLabel(/Ngày cuối nhận tự đánh giá/).fill(dd(due));
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Tạo đợt', exact: true }).click();
    await page.getByText('Đã tạo đợt đánh giá với 22 biểu tự chấm.').waitFor();
    await page.getByRole('link', { name: 'uong-bi-2023-e2e' }).waitFor();
    await p.shot('02-campaigns');

    // Deadlines: the timeline, then an extension with its reason.
    await page.getByRole('link', { name: 'uong-bi-2023-e2e' }).click();
    await page.getByTestId('phase-timeline').waitFor();
    expect(await page.getByRole('cell', { name: dd(due) }).count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Gia hạn' }).first().click();
    const extended = new Date(due.getTime() + 5 * 86400_000);
    const dayInput = page.getByLabel('Ngày cuối mới (hết ngày, giờ Việt Nam)');
    await dayInput.fill(dd(extended));
    await page.keyboard.press('Enter');
    await page.getByLabel('Lý do (ghi vào nhật ký)').fill('Gia hạn theo Công văn số 123/UBND');
    await page.getByRole('button', { name: 'Lưu gia hạn' }).click();
    await page.getByText(/Đã gia hạn/).waitFor();
    await page
      .getByRole('cell', { name: dd(extended) })
      .first()
      .waitFor();
    await p.shot('03-campaign-deadlines');

    // Users: the list and the create form (a unit officer of Phòng Tư pháp).
    await page.getByRole('link', { name: 'Người dùng' }).click();
    await page.getByRole('cell', { name: admin.username }).waitFor();
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    await page.getByLabel('Tên đăng nhập').fill('tuphap.canbo1');
    await page.getByLabel('Họ và tên').fill('Nguyễn Văn An');
    await page.getByLabel('Mã tổ chức').fill('tp');
    await page.getByLabel(/^Mật khẩu/).fill('mật khẩu của cán bộ 2024');
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await page.getByRole('cell', { name: 'tuphap.canbo1' }).waitFor();
    await p.shot('04-users');
  });

  it('should show the public results page without signing in', async () => {
    const p = await person();
    await p.page.goto('/public/rankings');
    await p.page.getByRole('heading', { name: 'Kết quả Chỉ số cải cách hành chính' }).waitFor();
    await p.shot('09-public-rankings');
  });
});
