import type { Browser } from 'playwright-core';
import { testConfig } from '@config';
import { ensurePlatformAdmin } from '../../apps/api/src/app.factory';
import type { DataSource } from 'typeorm';
import { organisationSheet, provinceRows } from '../factories/organisation-sheet';
import { createOrganisation } from '../factories/organisation.factory';
import { clearLoginThrottle } from '../factories/session.factory';
import { createUser, type CreatedUser } from '../factories/user.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { ensureWebBuild, launchBrowser, openPerson, signInAs, type PersonPage } from '../support/browser';
import { openTestDataSource, truncateAll } from '../support/database';

const PLATFORM_PASSWORD = 'mật khẩu nền tảng 2026';

/** The page scrolls sideways when its content is wider than the viewport (a string: no DOM types in tests). */
const SIDEWAYS = 'document.documentElement.scrollWidth > document.documentElement.clientWidth';

/**
 * Issue 15, in the browser: a new authority's secretariat enters its organisations and units ("Đơn vị và cơ
 * quan") — at 1366×768 as a table, at 390×844 as cards without sideways scrolling — by hand and from .xlsx; and a
 * platform administrator creates an authority ("Cơ quan triển khai") whose first admin signs in and imports its sheet.
 */
describe('authority setup screens', () => {
  let api: TestApi;
  let ds: DataSource;
  let browser: Browser;
  let admin: CreatedUser;

  beforeAll(async () => {
    await ensureWebBuild();
    api = await startTestApi();
    ds = await openTestDataSource(api.config);
    await truncateAll(ds);
    await clearLoginThrottle(api.config);
    const secretariat = await createOrganisation(ds, { kind: 'secretariat', code: 'vp-ubnd', name: 'Văn phòng UBND' });
    admin = await createUser(ds, { roles: ['admin'], organisationId: secretariat.id, fullName: 'Trần Quản Trị' });
    expect(await ensurePlatformAdmin(ds, testConfig({ PLATFORM_ADMIN_PASSWORD: PLATFORM_PASSWORD }))).toBe(true);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await clearLoginThrottle(api.config);
    await truncateAll(ds);
    await ds.destroy();
    await api.close();
  });

  /** Fill the organisation modal (only the fields given). */
  async function fillOrganisation(
    person: PersonPage,
    o: { code?: string; name?: string; shortName?: string; group?: string; predecessors?: string[] },
  ): Promise<void> {
    const dialog = person.page.getByRole('dialog');
    if (o.code !== undefined) {
      await dialog.getByLabel('Mã', { exact: true }).fill(o.code);
    }
    if (o.name !== undefined) {
      await dialog.getByLabel('Tên đầy đủ').fill(o.name);
    }
    if (o.shortName !== undefined) {
      await dialog.getByLabel('Tên ngắn (trong bảng xếp hạng)').fill(o.shortName);
    }
    if (o.group !== undefined) {
      await dialog.getByLabel('Nhóm đơn vị', { exact: true }).fill(o.group);
    }
    for (const code of o.predecessors ?? []) {
      await dialog.getByLabel('Đơn vị tiền thân', { exact: true }).fill(code);
      await dialog.getByLabel('Đơn vị tiền thân', { exact: true }).press('Enter');
    }
    // Close any suggestion list by clicking the form's heading (Esc would close the modal too).
    await dialog.locator('.ant-modal-title').click();
  }

  /** A screenshot of the page at 390×844, back to 1366×768 after. */
  async function person390(person: PersonPage, name: string): Promise<void> {
    await person.page.setViewportSize({ width: 390, height: 844 });
    // The phone layout is drawn after the resize re-renders (the menu becomes a drawer): measure that one.
    await person.page.getByTestId('menu-drawer-button').waitFor();
    expect(await person.page.evaluate(SIDEWAYS)).toBe(false);
    await person.shot(name);
    await person.page.setViewportSize({ width: 1366, height: 768 });
  }

  /** Choose an .xlsx in the import card (the hidden file input of its upload button). */
  async function chooseSheet(person: PersonPage, content: Buffer): Promise<void> {
    await person.page.getByTestId('organisation-import').locator('input[type=file]').setInputFiles({
      name: 'don-vi.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: content,
    });
  }

  it('should create and edit organisations in a modal, keep a refused one open with its text, and fit a phone', async () => {
    const person = await openPerson(browser, api.url, [/status of 409/]);
    const { page } = person;
    await signInAs(person, admin.username, admin.password);
    await page.getByRole('menuitem', { name: 'Đơn vị và cơ quan' }).click();
    await page.getByRole('heading', { name: 'Đơn vị và cơ quan' }).waitFor();

    // A commune merged from two former ones.
    await page.getByRole('button', { name: 'Thêm đơn vị' }).click();
    await fillOrganisation(person, {
      code: 'x-dong-trieu',
      name: 'Ủy ban nhân dân xã Đông Triều',
      shortName: 'Xã Đông Triều',
      group: 'xa-phuong',
      predecessors: ['x-an-sinh', 'x-binh-khe'],
    });
    await page.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: 'x-dong-trieu', exact: true }).waitFor();

    // The same code again: refused by the api, the modal stays open with everything typed.
    await page.getByRole('button', { name: 'Thêm đơn vị' }).click();
    await fillOrganisation(person, { code: 'x-dong-trieu', name: 'Ủy ban nhân dân xã Yên Tử', group: 'xa-phuong' });
    // A client-side refusal first: predecessors need a group.
    await page.getByRole('dialog').getByLabel('Nhóm đơn vị', { exact: true }).fill('');
    await fillOrganisation(person, { predecessors: ['x-thuong-yen-cong'] });
    await page.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Chỉ đơn vị được đánh giá mới có tiền thân').waitFor();
    await fillOrganisation(person, { group: 'xa-phuong' });
    await page.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
    await page.getByTestId('organisation-error').getByText('đã có trong danh sách đơn vị').waitFor();
    expect(await page.getByRole('dialog').getByLabel('Tên đầy đủ').inputValue()).toBe('Ủy ban nhân dân xã Yên Tử');
    await person.shot('organisations-refused-1366');
    await fillOrganisation(person, { code: 'x-yen-tu' });
    await page.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: 'x-yen-tu', exact: true }).waitFor();

    // Edit: an alias so a sheet's spelling finds it.
    await page.getByRole('button', { name: 'Sửa x-yen-tu' }).click();
    const aliases = page.getByRole('dialog').getByLabel('Tên khác', { exact: true });
    await aliases.fill('UBND xã Yên Tử');
    await aliases.press('Enter');
    await page.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.locator('.ant-table-tbody').getByText('UBND xã Yên Tử').waitFor();
    const stored = await ds.query(
      `SELECT o.code, o.aliases, u.unit_group AS unitGroup,
              (SELECT GROUP_CONCAT(p.predecessor_code ORDER BY p.predecessor_code) FROM unit_predecessors p
                WHERE p.unit_id = u.id) AS predecessors
         FROM organisations o JOIN units u ON u.organisation_id = o.id WHERE o.code LIKE 'x-%' ORDER BY o.code`,
    );
    expect(stored).toEqual([
      { code: 'x-dong-trieu', aliases: '[]', unitGroup: 'xa-phuong', predecessors: 'x-an-sinh,x-binh-khe' },
      { code: 'x-yen-tu', aliases: '["UBND xã Yên Tử"]', unitGroup: 'xa-phuong', predecessors: 'x-thuong-yen-cong' },
    ]);
    // The group typed by hand was never named: a Vietnamese fallback with its units, never the key it is stored by.
    const unnamed = page.getByTestId('unit-group-xa-phuong');
    await unnamed.waitFor();
    const count = await page.getByTestId('organisation-count').innerText();
    expect(count).toContain('nhóm: Nhóm chưa đặt tên (Xã Đông Triều; ');
    expect(await page.locator('main').innerText()).not.toMatch(/(^|[^\p{L}-])xa-phuong([^\p{L}-]|$)/u);
    expect(await unnamed.getByRole('textbox').getAttribute('placeholder')).toBe(
      'Nhóm chưa đặt tên — nhập tên, ví dụ: Xã, phường',
    );
    expect(await unnamed.getByRole('button', { name: 'Lưu tên' }).isDisabled()).toBe(true);
    await person.shot('organisations-1366');
    expect(person.errors).toEqual([]);

    // A phone: cards, no sideways scroll.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('organisation-cards').waitFor();
    await page.getByTestId('organisation-cards').getByText('Xã Đông Triều', { exact: true }).waitFor();
    expect(await page.evaluate(SIDEWAYS)).toBe(false);
    await person.shot('organisations-390');
    await page.getByRole('button', { name: 'Sửa x-dong-trieu' }).click();
    expect(await page.evaluate(SIDEWAYS)).toBe(false);
    await person.shot('organisations-edit-390');
    await page.getByRole('dialog').getByRole('button', { name: 'Hủy' }).click();
    expect(person.errors).toEqual([]);
    await person.context.close();
  });

  it('should import the .xlsx: a dry run lists every bad row, a good file is previewed and imported', async () => {
    const person = await openPerson(browser, api.url);
    const { page } = person;
    await signInAs(person, admin.username, admin.password);
    await page.goto('/organisations');
    await page.getByRole('button', { name: 'Nhập từ tệp .xlsx' }).click();

    const bad = provinceRows();
    bad[4] = { ...bad[4], name: '' };
    bad[30] = { ...bad[30], code: bad[29].code };
    bad[60] = { ...bad[60], group: 'Cơ quan thẩm định', predecessors: 'cu-a' };
    await chooseSheet(person, await organisationSheet(bad));
    const problems = page.getByTestId('organisation-import-problems');
    await problems.waitFor();
    const problemRows = await problems.locator('.ant-table-tbody tr.ant-table-row').allInnerTexts();
    expect(problemRows.map((r) => r.split(/\s/)[0])).toEqual(['7', '33', '63']);
    expect(problemRows[1]).toContain('trùng với dòng 32');
    expect(await page.getByTestId('organisation-import-confirm').isDisabled()).toBe(true);
    await person.shot('organisations-import-problems-1366');

    await chooseSheet(person, await organisationSheet(provinceRows()));
    await page
      .getByTestId('organisation-import-summary')
      .getByText('120 dòng hợp lệ (120 mới, 0 cập nhật), 0 dòng lỗi')
      .waitFor();
    await person.shot('organisations-import-preview-1366');
    await page.getByTestId('organisation-import-confirm').click();
    await page.getByText('Đã nhập: 120 đơn vị mới, 0 đơn vị cập nhật.').waitFor();
    // The list reloads: the three organisations of the first test and the 120 of the sheet.
    await page.getByTestId('organisation-count').getByText('123/123 đơn vị').waitFor();
    const [{ n }] = await ds.query("SELECT COUNT(*) AS n FROM units WHERE unit_group IN ('phuong', 'xa-dac-khu')");
    expect(Number(n)).toBe(100);
    await person.shot('organisations-imported-1366');
    expect(person.errors).toEqual([]);

    // Unit groups by name: the sheet's wording names them; renamed on the page, every tag follows; no key shown.
    const groups = page.getByTestId('unit-group-names');
    await groups.getByTestId('unit-group-xa-dac-khu').waitFor();
    expect(await page.getByLabel('Tên nhóm Xã, đặc khu').inputValue()).toBe('Xã, đặc khu');
    await page.getByLabel('Tên nhóm Xã, đặc khu').fill('Xã và đặc khu');
    await groups.getByTestId('unit-group-xa-dac-khu').getByRole('button', { name: 'Lưu tên' }).click();
    await page.getByText('Đã đặt tên nhóm "Xã và đặc khu".').waitFor();
    // Saved: nothing to save again until the name is changed.
    const saveName = groups.getByTestId('unit-group-xa-dac-khu').getByRole('button', { name: 'Lưu tên' });
    expect(await saveName.isDisabled()).toBe(true);
    await page
      .getByTestId('organisation-count')
      .getByText(/Xã và đặc khu/)
      .waitFor();
    const text = await page.locator('main').innerText();
    for (const key of ['xa-dac-khu', 'phuong', 'so-ban-nganh']) {
      expect(text).not.toMatch(new RegExp(`(^|[^\\p{L}-])${key}([^\\p{L}-]|$)`, 'u'));
    }
    const [named] = await ds.query("SELECT name FROM unit_group_names WHERE group_key = 'xa-dac-khu'");
    expect(named.name).toBe('Xã và đặc khu');
    await person.shot('organisations-unit-groups-1366');

    await page.setViewportSize({ width: 390, height: 844 });
    await chooseSheet(person, await organisationSheet(provinceRows()));
    await page.getByTestId('organisation-import-summary').getByText('120 dòng hợp lệ (0 mới, 120 cập nhật)').waitFor();
    expect(await page.evaluate(SIDEWAYS)).toBe(false);
    await person.shot('organisations-import-preview-390');
    expect(person.errors).toEqual([]);
    await person.context.close();
  });

  it('should let the platform administrator create an authority whose admin signs in, changes password and imports the sheet', async () => {
    const platform = await openPerson(browser, api.url);
    await signInAs(platform, 'platform', PLATFORM_PASSWORD);
    let page = platform.page;
    // The platform administrator lands on the authorities and sees only the platform menu.
    await page.getByRole('heading', { name: 'Cơ quan triển khai' }).waitFor();
    expect(await page.getByRole('menuitem', { name: 'Đơn vị và cơ quan' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Thêm cơ quan' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Tên cơ quan').fill('Ủy ban nhân dân thành phố Hải Phòng');
    await dialog.getByLabel('Mã cơ quan').fill('ubnd-hai-phong');
    await dialog.getByLabel('Tên đăng nhập').fill('hp.quantri');
    await dialog.getByLabel('Họ và tên').fill('Nguyễn Thị Hoa');
    await dialog.getByLabel('Email').fill('không phải email');
    await dialog.getByRole('button', { name: 'Tạo cơ quan và người quản trị' }).click();
    await dialog.getByText('Email không hợp lệ').waitFor();
    await dialog.getByLabel('Email').fill('hoa@haiphong.gov.vn');
    await person390(platform, 'authorities-form-390');
    await dialog.getByRole('button', { name: 'Tạo cơ quan và người quản trị' }).click();
    const password = await page.getByTestId('authority-admin-password').innerText();
    expect(await page.getByTestId('authority-admin-username').innerText()).toBe('hp.quantri');
    expect(password.length).toBeGreaterThanOrEqual(12);
    await platform.shot('authorities-created-1366');
    await page.getByRole('button', { name: /OK|Đồng ý/ }).click();
    const row = page.getByRole('row', { name: /ubnd-hai-phong/ });
    await row.waitFor();
    expect(await row.innerText()).toMatch(
      /Ủy ban nhân dân thành phố Hải Phòng\s+Tỉnh, thành phố trực thuộc trung ương\s+Giờ Việt Nam \(UTC\+7\)\s+1\s/,
    );
    await platform.shot('authorities-1366');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('menu-drawer-button').waitFor();
    await page.getByText('ubnd-hai-phong').waitFor();
    expect(await page.evaluate(SIDEWAYS)).toBe(false);
    await platform.shot('authorities-390');
    expect(platform.errors).toEqual([]);
    await platform.context.close();

    // The new admin: the one-time password, then a password of their own, then the sheet.
    const admin = await openPerson(browser, api.url);
    page = admin.page;
    await page.goto('/login');
    await page.getByLabel('Tên đăng nhập').fill('hp.quantri');
    await page.getByLabel('Mật khẩu').fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Đổi mật khẩu' }).waitFor();
    await page.getByLabel('Mật khẩu hiện tại').fill(password);
    await page.getByLabel('Mật khẩu mới (ít nhất 12 ký tự)').fill('mật khẩu mới của Hải Phòng 2026');
    await page.getByRole('button', { name: 'Lưu mật khẩu mới' }).click();
    await page.getByTestId('account-menu').waitFor();
    await page.getByRole('menuitem', { name: 'Đơn vị và cơ quan' }).click();
    // Only its own secretariat: nothing of the other authority of this file.
    await page.getByTestId('organisation-count').getByText('1/1 đơn vị').waitFor();
    await page.getByRole('button', { name: 'Nhập từ tệp .xlsx' }).click();
    await chooseSheet(admin, await organisationSheet(provinceRows()));
    await page
      .getByTestId('organisation-import-summary')
      .getByText('120 dòng hợp lệ (120 mới, 0 cập nhật), 0 dòng lỗi')
      .waitFor();
    await page.getByTestId('organisation-import-confirm').click();
    await page.getByText('Đã nhập: 120 đơn vị mới, 0 đơn vị cập nhật.').waitFor();
    await page
      .getByTestId('organisation-count')
      .getByText('121/121 đơn vị · nhóm: Phường; Sở, ban, ngành; Xã, đặc khu')
      .waitFor();
    const [{ n }] = await ds.query(
      `SELECT COUNT(*) AS n FROM units u JOIN authorities a ON a.id = u.authority_id WHERE a.code = 'ubnd-hai-phong'`,
    );
    expect(Number(n)).toBe(120);
    await admin.shot('authority-admin-imported-1366');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('organisation-cards').waitFor();
    expect(await page.evaluate(SIDEWAYS)).toBe(false);
    await admin.shot('authority-admin-imported-390');
    expect(admin.errors).toEqual([]);
    await admin.context.close();
  });
});
