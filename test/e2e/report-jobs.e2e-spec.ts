/**
 * Issue 19 item 3 in the browser: "Xuất Excel" on the consolidation table asks for a report job; a progress bar
 * follows it (and is found again after leaving the page), then the download appears and gives the .xlsx; a unit
 * officer's evidence ZIP from the sheet page goes the same way; a campaign too large to consolidate inside the request
 * shows the consolidation job's progress bar, then its tables.
 * Real api, reports process, MariaDB, Redis, Chromium. Screenshots: test/artifacts/report-jobs-*.png.
 */
import { DATA_SOURCE, rows } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import type { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { CampaignSeedService } from '../../apps/api/src/campaigns/campaign-seed.service';
import { createSheets } from '../factories/sheet.factory';
import { createUser, type CreatedUser } from '../factories/user.factory';
import { startTestApi, startTestReportsWorker, type TestApi } from '../support/apps';
import { ensureWebBuild, launchBrowser, openPerson, pageWidth, signInAs, type PersonPage } from '../support/browser';
import { truncateAll } from '../support/database';

jest.setTimeout(180_000);

describe('exports as report jobs: progress bar, then the download (Chromium)', () => {
  let api: TestApi;
  let reports: INestApplicationContext | undefined;
  let ds: DataSource;
  let browser: Browser;
  let admin: CreatedUser;
  let person: PersonPage;
  let campaignId: number;
  let inlineMax: number;

  beforeAll(async () => {
    await ensureWebBuild();
    api = await startTestApi();
    inlineMax = api.config.reports.consolidationInlineMaxUnits;
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    const campaign = await api.app.get(CampaignSeedService).seedFromPlan({
      planKey: 'uong-bi-2023',
      selfAssessmentDueAt: new Date(Date.now() + 5 * 24 * 3600_000),
      actor: { userId: null, label: 'system:test' },
    });
    campaignId = campaign.id;
    const [nv] = await rows<{ id: number }>(ds.manager, "SELECT id FROM organisations WHERE code = 'nv'");
    admin = await createUser(ds, { organisationId: nv.id, roles: ['admin'] });
    browser = await launchBrowser();
    person = await openPerson(browser, api.url);
    person.page.setDefaultTimeout(45_000);
    await signInAs(person, admin.username, admin.password);
  });

  afterAll(async () => {
    await browser?.close();
    await reports?.close();
    await api?.close();
  });

  afterEach(() => expect(person.errors).toEqual([]));

  it('should show the progress bar after "Xuất Excel", and again after leaving and coming back', async () => {
    const { page } = person;
    await page.goto(`/consolidation?campaign=${campaignId}`);
    await page.getByRole('heading', { name: /Bảng tổng hợp kết quả/ }).waitFor();
    // No reports process yet: the job waits, so the progress state is on screen for as long as we look.
    await page.getByRole('button', { name: 'Xuất Excel' }).click();
    const status = page.locator('[data-report-job="consolidation-xlsx"] [role="status"]');
    await status.waitFor();
    expect(await status.innerText()).toContain('Tệp đang chuẩn bị: Bảng tổng hợp (.xlsx)');
    expect(await status.innerText()).toContain('Đang chờ đến lượt xử lý…');
    expect(await status.locator('.ant-progress').count()).toBe(1);
    await person.shot('report-jobs-progress-1366');
    // Leave and come back: the same job is shown, not a new button.
    await page.goto('/dashboard');
    await page.goto(`/consolidation?campaign=${campaignId}`);
    await status.waitFor();
    expect(await page.getByRole('button', { name: 'Xuất Excel' }).count()).toBe(0);
    await page.setViewportSize({ width: 390, height: 844 });
    await status.waitFor();
    await person.shot('report-jobs-progress-390');
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    const [{ n }] = await rows<{ n: number }>(ds.manager, 'SELECT COUNT(*) AS n FROM report_jobs');
    expect(Number(n)).toBe(1);

    // A campaign above the size consolidated inside the request (the national one's 3,321 units): the table itself
    // is a job — its progress bar while it waits, the tables once the reports process has built them (next test).
    api.config.reports.consolidationInlineMaxUnits = 0;
    await page.goto(`/consolidation?campaign=${campaignId}`);
    const progress = page.getByTestId('consolidation-progress');
    await progress.waitFor();
    expect(await progress.innerText()).toContain('Đang chờ đến lượt tổng hợp…');
    await person.shot('consolidation-job-progress-390');
    expect(await pageWidth(page, 390)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1366, height: 768 });
    await person.shot('consolidation-job-progress-1366');
    await page.setViewportSize({ width: 390, height: 844 });
  });

  it('should replace the progress bar by the download once the reports process built the file', async () => {
    const { page } = person;
    reports = await startTestReportsWorker();
    const link = page.locator('[data-report-job="consolidation-xlsx"]').getByRole('button', { name: /Tải về/ });
    await link.waitFor();
    expect(await link.innerText()).toMatch(/Tải về tong-hop-.*\.xlsx/);
    // The consolidation job ran too: its tables replaced its progress bar.
    await page.getByRole('tab', { name: /^Bảng 1: / }).waitFor();
    expect(await page.getByTestId('consolidation-progress').count()).toBe(0);
    api.config.reports.consolidationInlineMaxUnits = inlineMax;
    await person.shot('report-jobs-done-390');
    await page.setViewportSize({ width: 1366, height: 768 });
    await person.shot('report-jobs-done-1366');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(await download.path())) as unknown as ExcelJS.Buffer);
    const cells: string[] = [];
    wb.worksheets[0].eachRow((row) => row.eachCell((c) => cells.push(c.text)));
    const [unit] = await rows<{ name: string }>(
      ds.manager,
      "SELECT u.name FROM units u JOIN campaign_units cu ON cu.unit_id = u.id WHERE cu.campaign_id = ? AND cu.unit_group = 'agency' LIMIT 1",
      [campaignId],
    );
    expect(cells).toContain(unit.name);
    expect(cells.join(' ')).toContain('Bảng tổng hợp kết quả thẩm định');
  });

  it('should build a unit’s evidence ZIP from its sheet page (officer): the request, then the download', async () => {
    // Another authority's unit and its officer, in a browser context of their own (the reports process runs now).
    const fx = await createSheets(ds, api.app.get(WorkflowRunner), { units: 1 });
    const officer = await openPerson(browser, api.url);
    officer.page.setDefaultTimeout(45_000);
    try {
      await signInAs(officer, fx.sheets[0].officer.username, fx.sheets[0].officer.password);
      const { page } = officer;
      await page.goto('/sheet');
      const zip = page.locator('[data-report-job="evidence-zip"]');
      await zip.getByRole('button', { name: 'Tài liệu (.zip)' }).click();
      const link = zip.getByRole('button', { name: 'Tải về (.zip)' });
      await link.waitFor();
      // The compact form on the sheet's crowded details row: the file name is the link's tooltip.
      expect(await zip.locator('a').getAttribute('title')).toMatch(/^tai-lieu-kiem-chung-.*\.zip$/);
      await officer.shot('report-jobs-zip-1366');
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect((await readFile(await download.path())).subarray(0, 2).toString()).toBe('PK');
      await page.setViewportSize({ width: 390, height: 844 });
      await link.waitFor();
      await officer.shot('report-jobs-zip-390');
      expect(await pageWidth(page, 390)).toBeLessThanOrEqual(390);
      const [job] = await rows<{ kind: string; subject_id: number; state: string }>(
        ds.manager,
        "SELECT kind, subject_id, state FROM report_jobs WHERE kind = 'evidence-zip'",
      );
      expect(job).toEqual({ kind: 'evidence-zip', subject_id: fx.sheets[0].id, state: 'done' });
      expect(officer.errors).toEqual([]);
    } finally {
      await officer.page.context().close();
    }
  });
});
