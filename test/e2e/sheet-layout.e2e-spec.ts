/**
 * The unit officer's sheet fits its screens (issue 16, "It fits" and "Vietnamese and true"), in Chromium against
 * the real api (MariaDB, Redis) serving apps/web/dist:
 *   - 390×844 (a phone): one card per criterion, nothing wider than the screen, "Nộp biểu" reachable and working;
 *   - 1366×768 (a laptop): the header is a one-line sticky summary, at least 8 criteria rows in sight, one scroll
 *     area (the page), codes on one line;
 *   - read-only sheets (submitted; closed at a past deadline) say so and count nothing down.
 * Kept apart from unit-officer.e2e-spec.ts (≈200 s) so the layout is checked in seconds.
 * Screenshots: test/artifacts/layout-*.png.
 */
import { DATA_SOURCE } from '@lib/database';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowRunner } from '@lib/workflow';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { leaves } from '@lib/criteria';
import { createOrganisation } from '../factories/organisation.factory';
import { completeEntries } from '../factories/scores.factory';
import { createSession } from '../factories/session.factory';
import { createUser } from '../factories/user.factory';
import { createSheets, type SheetFixture } from '../factories/sheet.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { ARTIFACTS, ensureWebBuild, launchBrowser, openPerson, signInAs, type PersonPage } from '../support/browser';
import { truncateAll } from '../support/database';

jest.setTimeout(180_000);

/** The little of the DOM the page functions use (the test tsconfig has no DOM lib). */
interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
  height: number;
}
interface El {
  getBoundingClientRect(): Box;
  scrollHeight: number;
  clientHeight: number;
  scrollWidth: number;
  clientWidth: number;
}
interface Dom {
  innerHeight: number;
  innerWidth: number;
  getComputedStyle(e: El): { overflowY: string; overflowX: string; lineHeight: string };
  document: {
    documentElement: { scrollWidth: number };
    querySelector(s: string): unknown;
    querySelectorAll(s: string): Iterable<El>;
  };
}

/** Wait until no Ant Design modal/drawer/message is animating, so screenshots show the screen as it stays. */
async function settled(page: Page): Promise<void> {
  const busy = '.ant-zoom-appear, .ant-zoom-enter, .ant-zoom-leave, .ant-move-up-leave, .ant-motion-collapse';
  await page.waitForFunction((selector) => !(globalThis as unknown as Dom).document.querySelector(selector), busy);
}

/** The table's parts that scroll on their own, down or sideways (the sheet must have one scroll area: the page). */
function scrollersIn(): string[] {
  const w = globalThis as unknown as Dom;
  return [...w.document.querySelectorAll('.ant-table-wrapper, .ant-table-wrapper *:not(textarea)')]
    .filter((e) => {
      const style = w.getComputedStyle(e);
      return (
        (/auto|scroll/.test(style.overflowY) && e.scrollHeight > e.clientHeight + 1) ||
        (/auto|scroll/.test(style.overflowX) && e.scrollWidth > e.clientWidth + 1)
      );
    })
    .map((e) => (e as unknown as { className: string }).className);
}

describe('the unit officer sheet fits its screens', () => {
  let api: TestApi;
  let ds: DataSource;
  let runner: WorkflowRunner;
  let browser: Browser;
  const people: PersonPage[] = [];

  beforeAll(async () => {
    await ensureWebBuild();
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    runner = api.app.get(WorkflowRunner);
    browser = await launchBrowser();
  });
  beforeEach(() => truncateAll(ds));
  afterEach(async () => {
    for (const p of people.splice(0)) {
      expect(p.errors).toEqual([]);
      await p.context.close();
    }
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const officerPage = async (fx: SheetFixture, viewport: { width: number; height: number }) => {
    const p = await openPerson(browser, api.url);
    people.push(p);
    await p.page.setViewportSize(viewport);
    await signInAs(p, fx.sheets[0].officer.username, fx.sheets[0].officer.password);
    await p.page.getByTestId('sheet-summary').waitFor();
    return p;
  };

  it('390×844: one card per criterion, no sideways scroll, "Nộp biểu" reachable and opens the confirmation', async () => {
    const fx = await createSheets(ds, runner, { units: 1 });
    const p = await officerPage(fx, { width: 390, height: 844 });
    const { page } = p;
    const card = page.getByTestId('criterion-card-1.2.1');
    await card.waitFor();
    await settled(page);
    await p.shot('layout-390-sheet');
    await page.screenshot({ path: `${ARTIFACTS}/layout-390-viewport.png` });
    expect(
      await page.evaluate(() => (globalThis as unknown as Dom).document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(390);
    // A card carries the criterion's title and its score input.
    expect(await card.innerText()).toContain('Gửi đủ, đúng hạn báo cáo quý, 6 tháng, năm');
    await card.getByLabel('Điểm tự chấm 1.2.1').waitFor();

    // Below 992 px the side menu is a drawer behind the header's button, not a column.
    expect(await page.locator('.ant-layout-sider').count()).toBe(0);
    await page.getByTestId('menu-drawer-button').click();
    await page.locator('.ant-drawer-open').getByRole('link', { name: 'Yêu cầu giải trình' }).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.ant-drawer-open').waitFor({ state: 'detached' });

    const submit = page.getByRole('button', { name: 'Nộp biểu' });
    await submit.scrollIntoViewIfNeeded();
    const box = await submit.boundingBox();
    if (!box) {
      throw new Error('"Nộp biểu" has no box');
    }
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    await submit.click();
    await page.getByTestId('submit-confirmation').waitFor();
    await settled(page);
    await page.screenshot({ path: `${ARTIFACTS}/layout-390-submit-confirmation.png` });
  });

  it('1366×768: a sticky one-line summary, at least 8 criteria rows in sight, one scroll area, codes on one line', async () => {
    const fx = await createSheets(ds, runner, { units: 1 });
    const p = await officerPage(fx, { width: 1366, height: 768 });
    const { page } = p;
    await page.locator('.ant-table-tbody tr[data-row-key="1.1.1"]').waitFor();
    await settled(page);
    await p.shot('layout-1366-sheet');
    await page.screenshot({ path: `${ARTIFACTS}/layout-1366-viewport.png` });
    const summary = page.getByTestId('sheet-summary');
    // One line: no taller than one control row.
    expect((await summary.boundingBox())?.height).toBeLessThanOrEqual(48);
    const inSight = await page.evaluate(
      () =>
        [...(globalThis as unknown as Dom).document.querySelectorAll('.ant-table-tbody tr[data-row-key]')]
          .map((r) => r.getBoundingClientRect())
          .filter((b) => b.height > 0 && b.top >= 0 && b.bottom <= (globalThis as unknown as Dom).innerHeight).length,
    );
    // The figure, kept as an artifact next to the screenshots.
    writeFileSync(join(ARTIFACTS, 'layout-1366-rows-in-sight.json'), `${JSON.stringify({ inSight })}\n`);
    expect(inSight).toBeGreaterThanOrEqual(8);
    // Codes never wrap: each code's text is one line box and is not clipped.
    const codes = await page.evaluate(() => {
      const d = (globalThis as unknown as Dom).document as unknown as {
        querySelectorAll(s: string): Iterable<El & { textContent: string }>;
        createRange(): {
          selectNodeContents(n: unknown): void;
          getClientRects(): { length: number };
          getBoundingClientRect(): Box;
        };
        createTreeWalker(root: unknown, what: number): { nextNode(): { textContent: string } | null };
      };
      return [...d.querySelectorAll('.ant-table-tbody tr[data-row-key] > td:first-child')].map((td) => {
        const walker = d.createTreeWalker(td, 4);
        let lines = 0;
        let right = 0;
        for (let t = walker.nextNode(); t; t = walker.nextNode()) {
          if (t.textContent.trim() !== '') {
            const range = d.createRange();
            range.selectNodeContents(t);
            lines += range.getClientRects().length;
            right = Math.max(right, range.getBoundingClientRect().right);
          }
        }
        const cell = td.getBoundingClientRect();
        return { code: td.textContent.trim(), lines, clipped: right > cell.right, right, cell: cell.right };
      });
    });
    expect(codes.length).toBeGreaterThan(40);
    expect(codes.filter((c) => c.lines !== 1 || c.clipped)).toEqual([]);
    // One scroll area: nothing in the table scrolls on its own, down or sideways; the page does.
    expect(await page.evaluate(scrollersIn)).toEqual([]);
    await page.mouse.wheel(0, 1500);
    await page.waitForFunction(() => (globalThis as unknown as { scrollY: number }).scrollY > 1000);
    // Scrolled: the summary stays at the top with "Nộp biểu" in reach.
    const stuck = await summary.boundingBox();
    expect(Math.round(stuck?.y ?? -1)).toBe(0);
    expect(await summary.getByRole('button', { name: 'Nộp biểu' }).isVisible()).toBe(true);
    await settled(page);
    await page.screenshot({ path: `${ARTIFACTS}/layout-1366-scrolled.png` });

    // The same sheet at 1024×768 (a small office screen, the side menu still open): the six-column table (the
    // eight columns' 1070 px pushed the page 120 px sideways; one card per criterion then showed one at a time), at
    // least 5 criteria in sight, nothing wider than the screen, still one scroll area, a score field and "Nộp biểu"
    // in reach.
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.mouse.wheel(0, -5000);
    await page.waitForFunction(() => (globalThis as unknown as { scrollY: number }).scrollY === 0);
    await settled(page);
    // The viewport only: the whole page of cards is some 16 000 px tall and slow to capture on a busy machine.
    await page.screenshot({ path: `${ARTIFACTS}/layout-1024-viewport.png` });
    // What sticks out past the screen's right edge, by test id or class, when anything does.
    const wider = await page.evaluate(`[...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > innerWidth + 1 && e.getBoundingClientRect().width > 0)
      .filter((e) => ![...e.children].some((c) => c.getBoundingClientRect().right > innerWidth + 1))
      .slice(0, 5)
      .map((e) => (e.getAttribute('data-testid') || e.className || e.tagName) + ' ' + Math.round(e.getBoundingClientRect().right))`);
    expect(wider).toEqual([]);
    expect(
      await page.evaluate(() => (globalThis as unknown as Dom).document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(1024);
    expect(await page.evaluate(scrollersIn)).toEqual([]);
    // Rows wholly on the first screen, below the sticky summary and column titles, counted as at 1366 (a group of
    // criteria is a row too), and of them the criteria scored in the row (a score field).
    const inSight1024 = await page.evaluate(() => {
      const rowsInSight = [
        ...(globalThis as unknown as Dom).document.querySelectorAll('.ant-table-tbody tr[data-row-key]'),
      ].filter((r) => {
        const b = r.getBoundingClientRect();
        return b.height > 0 && b.top >= 0 && b.bottom <= (globalThis as unknown as Dom).innerHeight;
      });
      const scored = rowsInSight.filter((r) =>
        (r as unknown as { querySelector(s: string): unknown }).querySelector('input[aria-label^="Điểm tự chấm"]'),
      );
      return { rows: rowsInSight.length, scored: scored.length };
    });
    writeFileSync(join(ARTIFACTS, 'layout-1024-rows-in-sight.json'), `${JSON.stringify(inSight1024)}\n`);
    expect(inSight1024.rows).toBeGreaterThanOrEqual(5);
    expect(inSight1024.scored).toBeGreaterThanOrEqual(4);
    // The explanation sits under the title behind a link there (an empty box in every row cost a line each): the
    // link opens it with the caret in it.
    await page.getByRole('button', { name: 'Thêm giải thích 1.2.1' }).click();
    expect(
      await page
        .getByLabel('Giải thích 1.2.1')
        .evaluate(
          (e) => e === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
        ),
    ).toBe(true);
    await page.getByLabel('Điểm tự chấm 1.2.1').click();
    expect(await summary.getByRole('button', { name: 'Nộp biểu' }).isVisible()).toBe(true);
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  /** What a read-only sheet must (not) say, at both sizes; screenshots layout-<name>-<width>.png. */
  const readOnly = async (fx: SheetFixture, name: string, says: RegExp) => {
    for (const viewport of [
      { width: 1366, height: 768 },
      { width: 390, height: 844 },
    ]) {
      const p = await officerPage(fx, viewport);
      const { page } = p;
      await page.getByTestId('save-state').filter({ hasText: says }).waitFor();
      const body = await page.locator('body').innerText();
      expect(body).not.toContain('Mọi thay đổi được lưu tự động');
      expect(body).not.toContain('Có thay đổi chưa lưu');
      const deadline = page.getByTestId('deadline-countdown');
      // No countdown on a sheet nobody can write to any more, and nothing in alarm red about it.
      expect(await deadline.innerText()).not.toMatch(/còn \d|đã hết hạn/);
      expect(await deadline.locator('.ant-typography-danger').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Nộp biểu' }).count()).toBe(0);
      expect(await page.getByLabel('Điểm tự chấm 1.2.1').isDisabled()).toBe(true);
      expect(
        await page.evaluate(() => (globalThis as unknown as Dom).document.documentElement.scrollWidth),
      ).toBeLessThanOrEqual(viewport.width);
      // The read-only sentence is read whole, not cut by an ellipsis.
      const saveState = await page
        .getByTestId('save-state')
        .evaluate((e) => (e as unknown as El).scrollWidth <= (e as unknown as El).clientWidth);
      expect(saveState).toBe(true);
      // A closed draft is not "Đang tự chấm".
      expect(await page.getByTestId('sheet-details').innerText()).not.toContain('Đang tự chấm');
      await settled(page);
      await p.shot(`layout-${name}-${viewport.width}`);
      await page.screenshot({ path: `${ARTIFACTS}/layout-${name}-${viewport.width}-viewport.png` });
    }
    return people[people.length - 1].page;
  };

  it('a criterion not applicable to the unit says so with its reason and leaves the count; an occurrence asks for the inner rule', async () => {
    const fx = await createSheets(ds, runner, { units: 1 });
    const org = await createOrganisation(ds, { authorityId: fx.authorityId });
    const admin = await createSession(
      ds,
      api.config,
      api.url,
      await createUser(ds, { roles: ['admin'], organisationId: org.id }),
    );
    const marked = await admin.fetch(
      `/api/admin/campaigns/${fx.campaignId}/units/${fx.sheets[0].unitId}/not-applicable/1.7.1`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'Đơn vị không có nhiệm vụ tiếp công dân.' }),
      },
    );
    expect(marked.status).toBe(200);
    const own = leaves(fx.set).filter((l) => l.rule?.kind !== 'survey' && l.code !== '1.7.1').length;

    const p = await officerPage(fx, { width: 1366, height: 768 });
    const { page } = p;
    const row = page.locator('.ant-table-tbody tr[data-row-key="1.7.1"]');
    await row.getByTestId('not-applicable-1.7.1').waitFor();
    expect(await row.innerText()).toContain('Đơn vị không có nhiệm vụ tiếp công dân.');
    // Nothing to fill in that row, and the count is of the criteria the unit scores itself.
    expect(await row.locator('input, textarea').count()).toBe(0);
    expect(await page.getByTestId('sheet-summary').innerText()).toContain(`0/${own}`);

    // 1.7.2: "Không phát sinh" earns the maximum; once a complaint arose, the rate's bands decide — asked right there.
    const occurrences = page.getByLabel('Số lần 1.7.2', { exact: true });
    await occurrences.fill('2');
    const inner = page.getByTestId('otherwise-1.7.2');
    await inner.waitFor();
    expect(await inner.innerText()).toContain('Có phát sinh');
    expect(await inner.locator('input').count()).toBeGreaterThan(0);
    await row.scrollIntoViewIfNeeded();
    await settled(page);
    await p.shot('layout-1366-not-applicable');
  });

  it('a submitted sheet says it is submitted and read-only, and counts nothing down', async () => {
    const fx = await createSheets(ds, runner, { units: 1 });
    const sheetId = fx.sheets[0].id;
    const s = await createSession(ds, api.config, api.url, fx.sheets[0].officer);
    const put = await s.fetch(`/api/sheets/${sheetId}/entries`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entries: completeEntries(fx.set) }),
    });
    expect(put.status).toBe(200);
    expect((await s.fetch(`/api/sheets/${sheetId}/submit`, { method: 'POST' })).status).toBeLessThan(300);
    const page = await readOnly(fx, 'submitted', /Biểu đã nộp: chỉ xem/);
    expect(await page.getByTestId('deadline-countdown').innerText()).toMatch(/Đã nộp \d{2}\/\d{2}\/\d{4}/);
  });

  it('a sheet closed at a deadline in 2024 says when it closed, with no red "còn 0 giờ 0 phút"', async () => {
    const fx = await createSheets(ds, runner, { units: 1, selfAssessmentDueAt: new Date('2024-03-12T03:00:00Z') });
    const page = await readOnly(fx, 'closed', /Biểu chỉ còn xem được/);
    expect(await page.getByTestId('deadline-countdown').innerText()).toContain('Đã khóa 12/03/2024');
  });
});
