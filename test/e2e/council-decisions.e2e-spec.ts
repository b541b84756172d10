/**
 * Issue 17 in Chromium, at 1366×768 and 1024×768: a council member on a campaign with no session is told when
 * the session comes and who opens it; the secretariat excludes a unit that did not submit with a reason (the
 * dialog names the consequence) and the table lists it as not ranked — at 1366 without sideways scroll, at 390 as
 * cards. Screenshots: test/artifacts/council-*.png, consolidation-cards-390.png.
 */
import { DATA_SOURCE } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import type { Browser } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { createOrganisation } from '../factories/organisation.factory';
import { createSheets, type SheetFixture } from '../factories/sheet.factory';
import { createSession } from '../factories/session.factory';
import { createUser, type CreatedUser } from '../factories/user.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { ensureWebBuild, launchBrowser, openPerson, pageWidth, signInAs, type PersonPage } from '../support/browser';
import { truncateAll } from '../support/database';

jest.setTimeout(180_000);

const WIDTHS = [1366, 1024];
const SIDEWAYS = 'document.documentElement.scrollWidth > document.documentElement.clientWidth';

/**
 * The header at this width: the campaign's phase tag clear of the bell (at 1024 it slid under it when the account's
 * name was long), and nothing wider than the screen.
 */
async function expectHeaderClear(p: PersonPage, width: number): Promise<void> {
  const header = p.page.locator('.ant-layout-header');
  const [a, b] = [
    await header.locator('.ant-tag').first().boundingBox(),
    await header.getByRole('button', { name: /^Thông báo/ }).boundingBox(),
  ];
  if (!a || !b) {
    throw new Error('the phase tag or the bell has no box');
  }
  expect(a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height).toBe(false);
  expect(await pageWidth(p.page, width)).toBeLessThanOrEqual(width);
}

describe('council landing and excluding a unit (Chromium)', () => {
  let api: TestApi;
  let ds: DataSource;
  let browser: Browser;
  let fx: SheetFixture;
  let admin: CreatedUser;
  let councillor: CreatedUser;
  const people: PersonPage[] = [];

  beforeAll(async () => {
    await ensureWebBuild();
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    fx = await createSheets(ds, api.app.get(WorkflowRunner), { units: 2 });
    const org = await createOrganisation(ds, { authorityId: fx.authorityId, kind: 'secretariat' });
    admin = await createUser(ds, { organisationId: org.id, roles: ['admin'] });
    councillor = await createUser(ds, { organisationId: org.id, roles: ['council_member'] });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  afterEach(() => {
    for (const p of people.splice(0)) {
      expect(p.errors).toEqual([]);
    }
  });

  it('should tell a council member landing on a campaign without a session when it comes', async () => {
    const p = await openPerson(browser, api.url);
    people.push(p);
    await signInAs(p, councillor.username, councillor.password);
    const info = p.page.getByText(/chưa có phiên họp Hội đồng thẩm định\./);
    await info.waitFor();
    await p.page
      .getByText(/Văn phòng thường trực lập phiên họp sau khi kết thúc thẩm định \(hạn thẩm định: /)
      .waitFor();
    for (const width of WIDTHS) {
      await p.page.setViewportSize({ width, height: 768 });
      await info.waitFor();
      await p.shot(`council-no-session-${width}`);
      await expectHeaderClear(p, width);
    }
  });

  it('should let the secretariat exclude a unit that did not submit, naming the consequence, and list it unranked', async () => {
    const p = await openPerson(browser, api.url);
    people.push(p);
    await signInAs(p, admin.username, admin.password);
    // Exclusion is offered once appraisal is over (the phase gate refuses it before).
    const api_ = await createSession(ds, api.config, api.url, admin);
    for (const phase of ['selfAssessment', 'appraisal']) {
      const res = await api_.fetch(`/api/admin/campaigns/${fx.campaignId}/phases/${phase}/close`, { method: 'POST' });
      expect(res.status).toBe(200);
    }
    await p.page.goto('/consolidation');
    const exclude = p.page.getByRole('button', { name: 'Loại khỏi xếp hạng…' }).first();
    await exclude.click();
    const dialog = p.page.getByRole('dialog');
    await dialog.getByText(/không được xếp hạng và xếp loại/).waitFor();
    // No reason: refused in the form, nothing sent.
    await dialog.getByRole('button', { name: 'Loại khỏi xếp hạng' }).click();
    await dialog.getByText('Hãy ghi lý do (ít nhất 5 ký tự).').waitFor();
    await dialog.getByLabel('Lý do loại (bắt buộc)').fill('Sáp nhập từ 01/7/2025 theo QĐ 123/QĐ-UBND');
    for (const width of WIDTHS) {
      await p.page.setViewportSize({ width, height: 768 });
      await p.shot(`council-exclude-dialog-${width}`);
    }
    await dialog.getByRole('button', { name: 'Loại khỏi xếp hạng' }).click();
    await p.page.getByText('Đã loại đơn vị khỏi xếp hạng.').waitFor();
    await p.page.getByText('Không xếp hạng').first().waitFor();
    await p.page.getByText(/Đã loại khỏi xếp hạng: Sáp nhập từ 01\/7\/2025/).waitFor();
    await p.page.getByRole('button', { name: 'Đưa trở lại xếp hạng' }).waitFor();
    for (const width of WIDTHS) {
      await p.page.setViewportSize({ width, height: 768 });
      await p.shot(`council-excluded-${width}`);
    }
    // At 1366 and at 1024 (the sheet's state and the flags under the unit's name there) the whole table fits its
    // card: no sideways scroll, in the table or the page.
    for (const width of WIDTHS) {
      await p.page.setViewportSize({ width, height: 768 });
      const table = p.page.locator('.ant-table-content').first();
      expect(await table.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0);
      expect(await p.page.evaluate(SIDEWAYS)).toBe(false);
    }
    // At 390 a card per unit, the excluded one saying so, and nothing wider than the screen.
    await p.page.setViewportSize({ width: 390, height: 844 });
    const cards = p.page.getByTestId('consolidation-cards');
    await cards.getByText(/Đã loại khỏi xếp hạng: Sáp nhập/).waitFor();
    expect(await cards.locator('.ant-card').count()).toBe(2);
    await p.shot('consolidation-cards-390');
    expect(await p.page.evaluate(SIDEWAYS)).toBe(false);
    await p.page.setViewportSize({ width: 1366, height: 768 });
  });
});
