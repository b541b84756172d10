/**
 * The leader's dashboard answers "who is behind?" (issue 17, leader and secretariat): above the fold at 1366×768
 * the phase in progress with its time left and the late units by name, grouped; a unit links to its row of the
 * consolidation table; the lists download as .xlsx (read back with exceljs); no sideways scroll at 390×844.
 * Real api + worker (routing), MariaDB, Redis, Chromium. Screenshots: test/artifacts/dashboard-*.png.
 */
import { DATA_SOURCE, rows } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import type { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { CampaignSeedService } from '../../apps/api/src/campaigns/campaign-seed.service';
import { fillScores } from '../factories/scores.factory';
import { createUser, type CreatedUser } from '../factories/user.factory';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps';
import { ensureWebBuild, launchBrowser, openPerson, pageWidth, signInAs, type PersonPage } from '../support/browser';
import { truncateAll } from '../support/database';
import { eventually } from '../support/engine';

jest.setTimeout(180_000);

const DAY = 24 * 3600_000;
/** Submitted: they drop off the units' list and each gives appraisal tasks (not claimed yet). */
const SUBMITTED = ['tp', 'vhtt', 'vp'];

describe("leader's dashboard: who is behind (Chromium)", () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let browser: Browser;
  let leader: CreatedUser;
  let person: PersonPage;
  let late: Array<{ id: number; name: string }>;
  /** The campaign the other tests look at (five days before its deadline). */
  let current: number;

  beforeAll(async () => {
    await ensureWebBuild();
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    worker = await startTestWorker();
    // Five days before the deadline and nothing scored: every unit that has not submitted is at risk.
    const campaign = await api.app.get(CampaignSeedService).seedFromPlan({
      planKey: 'uong-bi-2023',
      selfAssessmentDueAt: new Date(Date.now() + 5 * DAY),
      actor: { userId: null, label: 'system:test' },
    });
    current = campaign.id;
    const sheets = await rows<{ id: number; code: string }>(
      ds.manager,
      `SELECT s.id, u.code FROM score_sheets s JOIN units u ON u.id = s.unit_id
        WHERE s.campaign_id = ? AND u.code IN (?)`,
      [campaign.id, SUBMITTED],
    );
    for (const sheet of sheets) {
      await fillScores(ds, sheet.id, (l) => ({ self: l.maxPoints }));
      await api.app.get(WorkflowRunner).transition({
        machineId: 'scoreSheet',
        id: sheet.id,
        event: ({ now }) => ({ type: 'sheet.submitted', at: now.toISOString() }),
        actor: { userId: null, label: 'system:test' },
      });
    }
    // The worker routes each submitted sheet into tasks.
    await eventually(async () => {
      const [n] = await rows<{ n: number | string }>(
        ds.manager,
        'SELECT COUNT(DISTINCT sheet_id) AS n FROM appraisal_tasks WHERE campaign_id = ?',
        [campaign.id],
      );
      return Number(n.n) === SUBMITTED.length ? true : undefined;
    }, 30_000);
    late = await rows<{ id: number; name: string }>(
      ds.manager,
      `SELECT u.id, u.name FROM score_sheets s JOIN units u ON u.id = s.unit_id
        WHERE s.campaign_id = ? AND u.code NOT IN (?) ORDER BY u.name`,
      [campaign.id, SUBMITTED],
    );
    const [nv] = await rows<{ id: number }>(ds.manager, "SELECT id FROM organisations WHERE code = 'nv'");
    leader = await createUser(ds, { organisationId: nv.id, roles: ['leader'] });

    browser = await launchBrowser();
    person = await openPerson(browser, api.url);
    person.page.setDefaultTimeout(45_000);
    await signInAs(person, leader.username, leader.password);
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await api?.close();
  });

  afterEach(() => expect(person.errors).toEqual([]));

  it('should name the late units above the fold at 1366×768, grouped, with the phase and its time left', async () => {
    const { page } = person;
    await page.goto('/dashboard');
    const card = page.getByTestId('behind-card');
    await card.getByRole('heading', { name: 'Ai đang chậm?' }).waitFor();
    const phase = await page.getByTestId('current-phase').innerText();
    expect(phase).toContain('Giai đoạn hiện tại');
    expect(phase).toContain('tự đánh giá');
    expect(phase).toMatch(/còn \d/);

    const atRisk = page.getByTestId('behind-kind-sheet-atRisk');
    expect(await atRisk.innerText()).toContain(`Có nguy cơ trễ hạn (${late.length})`);
    expect(await atRisk.innerText()).toContain('Các cơ quan chuyên môn:');
    // Every late unit is named, as a link, and its whole box is inside the first 768 px.
    for (const unit of late) {
      const link = card.getByTestId(`behind-sheet-${unit.id}`);
      expect(await link.innerText()).toBe(unit.name);
      const box = (await link.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(768);
    }
    // The routed tasks, grouped by appraising organisation, nobody has claimed them yet.
    expect(await page.getByTestId('behind-kind-task-unclaimed').innerText()).toContain('Chưa có người nhận');
    // The old plain-text "Quá hạn" list at the bottom is gone (replaced, not duplicated).
    expect(await page.getByTestId('overdue-list').count()).toBe(0);
    await person.shot('dashboard-behind-1366');
    // At 1024×768 (the side menu still open): nothing wider than the screen, the phase and the first late unit
    // still above the fold.
    await page.setViewportSize({ width: 1024, height: 768 });
    try {
      await page.locator('.recharts-surface').first().waitFor();
      expect(await pageWidth(page, 1024)).toBeLessThanOrEqual(1024);
      for (const el of [page.getByTestId('current-phase'), card.getByTestId(`behind-sheet-${late[0].id}`)]) {
        const box = (await el.boundingBox())!;
        expect(box.y + box.height).toBeLessThanOrEqual(768);
      }
      await person.shot('dashboard-behind-1024');
    } finally {
      await page.setViewportSize({ width: 1366, height: 768 });
    }
  });

  it('should open the unit on the consolidation table when its name is clicked', async () => {
    const { page } = person;
    const unit = late[late.length - 1];
    await page.getByTestId(`behind-sheet-${unit.id}`).click();
    await page.getByRole('heading', { name: /Bảng tổng hợp kết quả/ }).waitFor();
    expect(new URL(page.url()).searchParams.get('unit')).toBe(String(unit.id));
    const row = page.locator(`#unit-${unit.id}`);
    await row.waitFor();
    expect(await row.getAttribute('aria-current')).toBe('true');
    expect(await row.innerText()).toContain(unit.name);
    expect(await row.isVisible()).toBe(true);
    await person.shot('dashboard-behind-consolidation-1366');
    // A phone: the "Tạm tính" tag wraps under the title, inside the card's head (it was cut off), nothing sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('menu-drawer-button').waitFor();
    const head = (await page.locator('.ant-card-head-title').first().boundingBox())!;
    const tag = (await page.locator('.ant-card-head-title .ant-tag', { hasText: 'Tạm tính' }).boundingBox())!;
    expect(tag.x + tag.width).toBeLessThanOrEqual(head.x + head.width);
    expect(tag.y + tag.height).toBeLessThanOrEqual(head.y + head.height);
    expect(await pageWidth(page, 390)).toBeLessThanOrEqual(390);
    await person.shot('dashboard-behind-consolidation-390');
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('should download the lists as .xlsx with Vietnamese headers and names intact', async () => {
    const { page } = person;
    await page.goto('/dashboard');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByTestId('behind-card')
        .getByRole('link', { name: /Xuất Excel/ })
        .click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(await download.path())) as unknown as ArrayBuffer);
    const units = wb.getWorksheet('Đơn vị')!;
    expect(units.getRow(2).getCell(1).value).toBe('Tình trạng');
    expect(units.getRow(2).getCell(3).value).toBe('Cơ quan, đơn vị');
    const names = units.getColumn(3).values.slice(3);
    expect([...names].sort()).toEqual(late.map((u) => u.name).sort());
    expect(units.getColumn(1).values.slice(3)).toEqual(late.map(() => 'Có nguy cơ trễ hạn'));
    expect(wb.getWorksheet('Nhiệm vụ thẩm định')!.rowCount).toBeGreaterThan(2);
  });

  it('should draw every phase and never clip "Hôm nay" on a past, the current and a future campaign', async () => {
    const { page } = person;
    const seed = api.app.get(CampaignSeedService);
    const actor = { userId: null, label: 'system:test' };
    const past = await seed.seedFromPlan({
      planKey: 'uong-bi-2023',
      code: 'uong-bi-past',
      selfAssessmentDueAt: new Date(Date.now() - 300 * DAY),
      actor,
    });
    const future = await seed.seedFromPlan({
      planKey: 'uong-bi-2023',
      code: 'uong-bi-future',
      selfAssessmentDueAt: new Date(Date.now() + 120 * DAY),
      open: false,
      actor,
    });
    const expectations: Array<[string, number, 'left' | 'right' | 'inside']> = [
      ['past', past.id, 'right'],
      ['current', current, 'inside'],
      ['future', future.id, 'left'],
    ];
    for (const [name, id, where] of expectations) {
      await page.goto(`/dashboard?campaign=${id}`);
      const timeline = page.getByTestId('phase-timeline');
      await timeline.waitFor();
      const bar = (await timeline.boundingBox())!;
      for (const phase of ['selfAssessment', 'appraisal', 'councilReview', 'approval']) {
        const seg = (await page.getByTestId(`phase-segment-${phase}`).boundingBox())!;
        expect(seg.width).toBeGreaterThan(bar.width * 0.09);
        expect(seg.x + seg.width).toBeLessThanOrEqual(bar.x + bar.width + 1);
      }
      const label = page.getByTestId('timeline-today-label');
      expect(await label.innerText()).toMatch(/^Hôm nay \d{2}\/\d{2}\/\d{4}/);
      const box = (await label.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(bar.x - 1);
      expect(box.x + box.width).toBeLessThanOrEqual(bar.x + bar.width + 1);
      const line = (await page.getByTestId('timeline-today').boundingBox())!;
      if (where === 'right') {
        expect(line.x).toBeGreaterThan(bar.x + bar.width - 6);
        expect(await label.innerText()).toContain('đợt đã qua');
      } else if (where === 'left') {
        expect(line.x).toBeLessThan(bar.x + bar.width * 0.05);
      } else {
        // Created just now: today is at (or just past) the campaign's own start, inside the first phase.
        expect(line.x).toBeGreaterThanOrEqual(bar.x - 1);
        expect(line.x).toBeLessThan((await page.getByTestId('phase-segment-appraisal').boundingBox())!.x);
      }
      await person.shot(`dashboard-timeline-${name}-1366`);
    }
  });

  it('should say the campaign list did not load, and bring the campaign back by the button or when the network returns', async () => {
    // The list is refused at the network level, as when the officer signs in offline; every other request passes.
    const offline = await openPerson(browser, api.url, [/Failed to load resource: net::ERR_/]);
    const { page, context } = offline;
    page.setDefaultTimeout(45_000);
    const campaignList = (url: URL) => url.pathname === '/api/campaigns';
    const refuse = () => page.route(campaignList, (route) => route.abort('internetdisconnected'));
    try {
      await refuse();
      await signInAs(offline, leader.username, leader.password);
      await page.goto('/dashboard');
      const failed = page.getByTestId('campaigns-failed');
      await failed.waitFor();
      // Not "no campaign yet": what happened, in Vietnamese, and what to do.
      expect(await failed.innerText()).toContain('Chưa tải được danh sách đợt đánh giá');
      expect(await failed.innerText()).toContain('Không kết nối được máy chủ');
      expect(await page.getByText('Chưa có đợt đánh giá').count()).toBe(0);
      await page.getByTestId('campaigns-reload').waitFor();
      await offline.shot('frame-campaigns-failed-1366');
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await pageWidth(page, 390)).toBeLessThanOrEqual(390);
      await offline.shot('frame-campaigns-failed-390');
      await page.setViewportSize({ width: 1366, height: 768 });

      // The network is back: "Thử lại" brings the picker and the dashboard.
      await page.unroute(campaignList);
      await failed.getByRole('button', { name: 'Thử lại' }).click();
      await page.getByTestId('current-phase').waitFor();
      await page.getByLabel('Đợt đánh giá').waitFor();
      expect(await page.getByTestId('campaigns-reload').count()).toBe(0);

      // Offline again at a fresh load, then online: the list is asked for again by itself, no click.
      await refuse();
      await page.reload();
      await failed.waitFor();
      await context.setOffline(true);
      await page.unroute(campaignList);
      await context.setOffline(false);
      await page.getByTestId('current-phase').waitFor();
      await page.getByLabel('Đợt đánh giá').waitFor();
      expect(offline.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('should not scroll sideways at 390×844', async () => {
    const { page } = person;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/dashboard?campaign=${current}`);
    await page.getByTestId('behind-card').getByRole('heading', { name: 'Ai đang chậm?' }).waitFor();
    // The long lists wrap: every late unit's name is there, none pushes the page sideways.
    await page.getByTestId(`behind-sheet-${late[0].id}`).waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    expect(await pageWidth(page, 390)).toBeLessThanOrEqual(390);
    await person.shot('dashboard-behind-390');
    await page.setViewportSize({ width: 1366, height: 768 });
  });
});
