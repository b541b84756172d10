/**
 * Issue 15 item 3, in Chromium: the secretariat fixes a stored criteria set in a form ("Sửa bộ tiêu chí"). The
 * version a campaign uses says before saving that the fixes become the next version; a fix the validation refuses
 * (a leaf's points no longer adding up to its criterion's) shows at the field and keeps everything typed; fixed,
 * the changes are version 2 while the campaign keeps version 1. Screens at 1366×768 and 390×844.
 */
import { deadlineFromLocal } from '@lib/criteria';
import { DATA_SOURCE, rows } from '@lib/database';
import type { Browser } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { CampaignSeedService } from '../../apps/api/src/campaigns/campaign-seed.service';
import { clearLoginThrottle } from '../factories/session.factory';
import { createUser, type CreatedUser } from '../factories/user.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { ensureWebBuild, launchBrowser, openPerson, signInAs, type PersonPage } from '../support/browser';
import { truncateAll } from '../support/database';

jest.setTimeout(240_000);

const SIDEWAYS = 'document.documentElement.scrollWidth > document.documentElement.clientWidth';

describe('criteria set edit form', () => {
  let api: TestApi;
  let ds: DataSource;
  let browser: Browser;
  let admin: CreatedUser;
  let person: PersonPage;
  let setId: number;

  beforeAll(async () => {
    await ensureWebBuild();
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    await clearLoginThrottle(api.config);
    await api.app.get(CampaignSeedService).seedFromPlan({
      planKey: 'uong-bi-2023',
      selfAssessmentDueAt: deadlineFromLocal('2026-12-10', 'Asia/Ho_Chi_Minh'),
      actor: { userId: null, label: 'system:test' },
    });
    const [nv] = await rows<{ id: number }>(ds.manager, "SELECT id FROM organisations WHERE code = 'nv'");
    admin = await createUser(ds, { roles: ['admin'], organisationId: nv.id, fullName: 'Trần Thị Thường Trực' });
    [{ id: setId }] = await rows<{ id: number }>(
      ds.manager,
      "SELECT id FROM criteria_sets WHERE code = 'agency-sample'",
    );
    browser = await launchBrowser();
    // The refusal (422) is part of the story; Chromium logs it.
    person = await openPerson(browser, api.url, [/status of 422/]);
  });

  afterAll(async () => {
    await browser?.close();
    await clearLoginThrottle(api.config);
    await truncateAll(ds);
    await api?.close();
  });

  it('refuses a fix that breaks the sums at its field, keeps what was typed, and stores the fix as version 2', async () => {
    const { page } = person;
    const leaves = await rows<{ definition: string }>(ds.manager, 'SELECT definition FROM criteria_sets WHERE id = ?', [
      setId,
    ]);
    // The first field's first criterion with its first leaf (codes as the sample set writes them).
    const set = JSON.parse(leaves[0].definition) as {
      nodes: {
        code: string;
        maxPoints: number;
        children: { code: string; maxPoints: number; children: unknown[] }[];
      }[];
    };
    const leaf = set.nodes[0].children.find((c) => c.children.length === 0)!;
    const points = (m: number) => String(m / 1000).replace('.', ',');

    await signInAs(person, admin.username, admin.password);
    await page.goto('/criteria');
    await page.getByRole('link', { name: 'Sửa agency-sample phiên bản 1' }).click();
    await page.getByRole('heading', { name: /Sửa bộ tiêu chí/ }).waitFor();
    await page.getByText(/đang được \d+ đơn vị trong đợt đánh giá dùng nên không thay đổi/).waitFor();
    expect(await page.getByLabel(`Điểm tối đa ${leaf.code}`, { exact: true }).inputValue()).toBe(
      points(leaf.maxPoints),
    );
    // An inherited content area reads in the campaign's words, not by its key.
    expect(await page.getByText('theo mục trên: Công tác chỉ đạo, điều hành CCHC').count()).toBeGreaterThan(0);
    expect(await page.getByText('theo mục trên: chi-dao-dieu-hanh').count()).toBe(0);

    // One more point on the leaf: its field no longer adds up. Refused at the field; the hint typed stays.
    await page.getByLabel(`Điểm tối đa ${leaf.code}`, { exact: true }).fill(points(leaf.maxPoints + 1000));
    await page.getByLabel(`Tài liệu kiểm chứng ${leaf.code}`, { exact: true }).fill('Báo cáo có chữ ký số');
    await page.getByRole('button', { name: 'Lưu thành phiên bản 2' }).click();
    const problems = page.getByTestId('criteria-edit-problems');
    await problems.waitFor();
    expect(await problems.innerText()).toMatch(/\d/);
    // The sum no longer adding up is said at the parent criterion, not at the leaf that was typed in.
    const atField = page.locator('.ant-form-item-explain-error', { hasText: 'khác tổng các mục con' });
    expect(await atField.count()).toBeGreaterThan(0);
    await person.shot('criteria-edit-refused-1366');
    expect(await page.getByLabel(`Tài liệu kiểm chứng ${leaf.code}`, { exact: true }).inputValue()).toBe(
      'Báo cáo có chữ ký số',
    );
    const [{ n }] = await rows<{ n: number }>(
      ds.manager,
      "SELECT COUNT(*) AS n FROM criteria_sets WHERE code = 'agency-sample'",
    );
    expect(Number(n)).toBe(1);

    // Points back as they were: the hint alone is saved, as version 2.
    await page.getByLabel(`Điểm tối đa ${leaf.code}`, { exact: true }).fill(points(leaf.maxPoints));
    await page.getByRole('button', { name: 'Lưu thành phiên bản 2' }).click();
    await page.getByText('Phiên bản 2', { exact: true }).waitFor();
    // Saved: no error of the refused attempt is left anywhere, not even at the parent nobody edited.
    expect(await atField.count()).toBe(0);
    expect(await page.locator('.ant-form-item-explain-error').count()).toBe(0);
    const stored = await rows<{ version: number; definition: string }>(
      ds.manager,
      "SELECT version, definition FROM criteria_sets WHERE code = 'agency-sample' ORDER BY version",
    );
    expect(stored.map((s) => s.version)).toEqual([1, 2]);
    expect(stored[1].definition).toContain('Báo cáo có chữ ký số');
    expect(stored[0].definition).not.toContain('Báo cáo có chữ ký số');
    // The campaign keeps version 1.
    const used = await rows<{ version: number }>(
      ds.manager,
      'SELECT DISTINCT s.version FROM campaign_units cu JOIN criteria_sets s ON s.id = cu.criteria_set_id',
    );
    expect(used.map((u) => u.version)).toEqual(expect.not.arrayContaining([2]));
    await person.shot('criteria-edit-1366');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: /Lưu phiên bản mới/ }).waitFor();
    await person.shot('criteria-edit-390');
    expect(await page.evaluate(SIDEWAYS)).toBe(false);
    await page.setViewportSize({ width: 1366, height: 768 });
    expect(person.errors).toEqual([]);
  });
});
