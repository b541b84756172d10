/**
 * Issue 15 item 5, in Chromium: the secretariat creates a campaign with the wizard ("Tạo đợt đánh giá") from the
 * organisations and criteria sets the authority already stores. A phase ending before the one before it is refused
 * in the browser with the api's sentence; the api's own refusal (422, two groups on one ranking table) opens the
 * step with the problem at its field and keeps everything typed; fixed, the campaign is created and listed with its
 * phases. Every step is photographed at 1366×768 and 390×844 (test/artifacts/wizard-*.png).
 */
import { deadlineFromLocal } from '@lib/criteria';
import { Authority, DATA_SOURCE, Organisation } from '@lib/database';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { CampaignSeedService } from '../../apps/api/src/campaigns/campaign-seed.service';
import { communeSheetNamingAppraisers } from '../factories/criteria-sheet';
import { clearLoginThrottle, signIn } from '../factories/session.factory';
import { createUser, type CreatedUser } from '../factories/user.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { ensureWebBuild, launchBrowser, openPerson, signInAs, type PersonPage } from '../support/browser';
import { truncateAll } from '../support/database';

jest.setTimeout(240_000);

/** The page scrolls sideways when its content is wider than the viewport (a string: no DOM types in tests). */
const SIDEWAYS = 'document.documentElement.scrollWidth > document.documentElement.clientWidth';

/** The little of the DOM the width check reads (the test tsconfig has no DOM lib). */
interface Box {
  scrollWidth: number;
  clientWidth: number;
}

/** Pick options of the Ant Design Select labelled `label`, then close it. */
async function choose(page: Page, label: string, options: string[]): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  for (const option of options) {
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: option })
      .first()
      .click();
  }
  await page.keyboard.press('Escape');
  // Its list fades out: the next select's options must not be looked for in it.
  await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden' });
}

/** Type a dd/MM/yyyy day into the DatePicker labelled `label`. */
async function pickDay(page: Page, label: string, day: string): Promise<void> {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(day);
  await input.press('Enter');
}

describe('campaign wizard', () => {
  let api: TestApi;
  let ds: DataSource;
  let browser: Browser;
  let admin: CreatedUser;
  let person: PersonPage;

  /** This step at 1366×768 and at 390×844 (no sideways scrolling), back to 1366×768. */
  async function shots(name: string): Promise<void> {
    await person.shot(`wizard-${name}-1366`);
    await person.page.setViewportSize({ width: 390, height: 844 });
    // The layout settles after the resize (antd's breakpoints answer a resize event): wait for it, then judge.
    // (A function, not a string: the app's Content-Security-Policy forbids evaluating strings in the page.)
    await person.page
      .waitForFunction(
        () => {
          const root = (globalThis as unknown as { document: { documentElement: Box } }).document.documentElement;
          return root.scrollWidth <= root.clientWidth;
        },
        undefined,
        { timeout: 5_000 },
      )
      .catch(() => undefined);
    await person.shot(`wizard-${name}-390`);
    expect(await person.page.evaluate(SIDEWAYS)).toBe(false);
    await person.page.setViewportSize({ width: 1366, height: 768 });
  }

  beforeAll(async () => {
    await ensureWebBuild();
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    await clearLoginThrottle(api.config);
    // The secretariat's account in the authority the plan stores (upserted by code, so the seed reuses it).
    const authority = await ds.getRepository(Authority).save({ code: 'ubnd-uong-bi', name: 'UBND thành phố Uông Bí' });
    const nv = await ds
      .getRepository(Organisation)
      .save({ code: 'nv', name: 'Phòng Nội vụ', kind: 'agency', predecessorId: null, authorityId: authority.id });
    admin = await createUser(ds, { roles: ['admin'], organisationId: nv.id, fullName: 'Trần Thị Thường Trực' });
    for (const fullName of ['Nguyễn Văn Chủ Tịch', 'Lê Thị Thành Viên']) {
      await createUser(ds, { roles: ['council_member'], organisationId: nv.id, fullName });
    }
    // Last year's campaign stores the organisations, the units and both criteria sets the wizard offers.
    await api.app.get(CampaignSeedService).seedFromPlan({
      planKey: 'uong-bi-2023',
      code: 'uong-bi-2023',
      selfAssessmentDueAt: deadlineFromLocal('2026-12-10', 'Asia/Ho_Chi_Minh'),
      actor: { userId: null, label: 'system:test' },
    });
    // This year's commune set, imported from .xlsx outside any campaign: its appraisers are named in words.
    const session = await signIn(api.url, admin);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await communeSheetNamingAppraisers())]), 'Phu luc II.xlsx');
    const imported = await session.fetch('/api/admin/criteria/import?dryRun=false&unitGroup=commune&key=xa-2024', {
      method: 'POST',
      body: form,
    });
    expect(imported.status).toBe(200);
    browser = await launchBrowser();
    // The api's refusals (the shared ranking table, 422; a code taken, 409) are part of the story; Chromium logs them.
    person = await openPerson(browser, api.url, [/status of 422/, /status of 409/]);
  });

  afterAll(async () => {
    await browser?.close();
    await clearLoginThrottle(api.config);
    await truncateAll(ds);
    await api?.close();
  });

  it('creates a campaign step by step, refusing phases out of order and a shared ranking table', async () => {
    const { page } = person;
    await signInAs(person, admin.username, admin.password);
    await page.getByRole('heading', { name: 'Đợt đánh giá' }).waitFor();
    await page.getByRole('button', { name: 'Tạo đợt đánh giá' }).click();
    await page.getByRole('heading', { name: 'Tạo đợt đánh giá' }).waitFor();

    // (1) The plan.
    await page.getByLabel('Năm đánh giá').fill('2024');
    await page.getByLabel('Tên đợt đánh giá').fill('Xác định Chỉ số CCHC năm 2024 thành phố Uông Bí');
    await page.getByLabel(/^Mã đợt/).fill('uong-bi-2024');
    await page.getByLabel('Kế hoạch số').fill('2500/KH-UBND');
    await pickDay(page, 'ngày', '15/11/2026');
    await shots('1-plan');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();

    // (2) The unit groups: the stored units of each group, the newest version of its set; both on table 1 (wrong).
    const agency = page.getByTestId('wizard-group-agency');
    const commune = page.getByTestId('wizard-group-commune');
    await agency.getByText('Đơn vị (12/12)').waitFor();
    await commune.getByText('Đơn vị (10/10)').waitFor();
    expect(await agency.innerText()).toContain('Nội vụ');
    expect(await commune.innerText()).toContain('Ủy ban nhân dân phường Nam Khê');
    await agency.getByLabel('Tên nhóm đơn vị').fill('Các cơ quan chuyên môn');
    await commune.getByLabel('Tên nhóm đơn vị').fill('Ủy ban nhân dân các xã, phường');
    await commune.getByLabel('Số bảng xếp hạng (Bảng …)').fill('1');
    await shots('2-groups');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();

    // (3) The routing: the sample agency set's areas as last campaign routed them; the commune sheet's names
    // matched where they can be, the unknown and the ambiguous shown at their area; an area left empty stops here.
    const routingStep = page.getByTestId('wizard-step-2');
    await routingStep.getByText('Tiếp công dân, giải quyết khiếu nại, tố cáo').waitFor();
    const unknownArea = page.getByTestId('wizard-area-so-xay-dung');
    await unknownArea.getByText(/"Sở Xây dựng" không khớp cơ quan nào/).waitFor();
    const shared = page.getByTestId('wizard-area-van-phong-hdnd-va-ubnd-trung-tam');
    expect(await shared.innerText()).toContain('Văn phòng HĐND và UBND thành phố');
    expect(await shared.innerText()).toContain(
      '"Trung tâm" khớp nhiều cơ quan (Trung tâm Hành chính công thành phố; Trung tâm Truyền thông và Văn hóa thành phố): chọn đúng cơ quan thẩm định.',
    );
    expect(await page.getByTestId('wizard-area-tiep-cong-dan').innerText()).toContain('Như đợt trước');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await unknownArea.getByText('Chọn ít nhất một cơ quan thẩm định cho nội dung này.').waitFor();
    await shots('3-routing-refused');
    await unknownArea.getByLabel('Cơ quan thẩm định').click();
    // The list is long (virtual): search by name, as a person does.
    await page.keyboard.type('Quản lý đô thị');
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: 'Phòng Quản lý đô thị' })
      .first()
      .click();
    await page.keyboard.press('Escape');
    await shared.getByLabel('Cơ quan thẩm định').click();
    await page.keyboard.type('Hành chính công');
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: 'Trung tâm Hành chính công thành phố' })
      .first()
      .click();
    await page.keyboard.press('Escape');
    await unknownArea.getByText('Chọn ít nhất một cơ quan thẩm định cho nội dung này.').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Tiếp tục' }).click();

    // (4) The phases: appraisal ending before self-assessment is refused with the api's sentence.
    await pickDay(page, 'Ngày cuối tự đánh giá, chấm điểm', '24/12/2026');
    await pickDay(page, 'Ngày cuối thẩm định, tổng hợp', '20/12/2026');
    await pickDay(page, 'Ngày cuối họp Hội đồng thẩm định', '15/01/2027');
    await pickDay(page, 'Ngày cuối phê duyệt, công bố', '31/01/2027');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByText('Hạn thẩm định (20/12/2026) phải sau hạn tự đánh giá (24/12/2026).').waitFor();
    await shots('3-phases-refused');
    await pickDay(page, 'Ngày cuối thẩm định, tổng hợp', '31/12/2026');
    await page
      .getByText('Hạn thẩm định (20/12/2026) phải sau hạn tự đánh giá (24/12/2026).')
      .waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Tiếp tục' }).click();

    // (5) Reminders, classes (prefilled), the council and its chair.
    await page.getByLabel('Xuất sắc').waitFor();
    expect(await page.getByLabel('Xuất sắc').inputValue()).toBe('90');
    await choose(page, 'Thành viên Hội đồng', ['Nguyễn Văn Chủ Tịch', 'Lê Thị Thành Viên']);
    await choose(page, 'Chủ tịch Hội đồng', ['Nguyễn Văn Chủ Tịch']);
    // The council's quorum: majority unless the secretariat says otherwise (issue 17).
    expect(await page.getByRole('radio', { name: 'Quá nửa số thành viên Hội đồng' }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: 'Ít nhất hai phần ba số thành viên Hội đồng' }).check();
    await shots('4-settings');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();

    // (6) Review, then the api refuses the shared table: the groups step opens with the problem at the field.
    const review = page.getByTestId('wizard-step-5');
    await review.getByText('24/12/2026').waitFor();
    expect(await review.getByTestId('wizard-routing').innerText()).toContain(
      'Văn phòng HĐND và UBND + Trung tâm: Văn phòng HĐND và UBND thành phố, Trung tâm Hành chính công thành phố',
    );
    expect(await review.innerText()).toContain('Nguyễn Văn Chủ Tịch (Phòng Nội vụ) (Chủ tịch)');
    expect(await review.innerText()).toContain('Ít nhất hai phần ba số thành viên Hội đồng');
    await shots('5-review');
    await page.getByRole('button', { name: 'Tạo đợt' }).click();
    const tableProblem = 'Bảng 1 đã dùng cho nhóm khác; mỗi nhóm một bảng xếp hạng.';
    await commune.getByText(tableProblem).waitFor();
    await shots('6-refused-by-api');
    // Nothing typed is lost.
    expect(await commune.getByLabel('Tên nhóm đơn vị').inputValue()).toBe('Ủy ban nhân dân các xã, phường');
    await commune.getByLabel('Số bảng xếp hạng (Bảng …)').fill('2');
    await commune.getByText(tableProblem).waitFor({ state: 'detached' });
    for (let i = 0; i < 4; i++) {
      await page.getByRole('button', { name: 'Tiếp tục' }).click();
    }
    await review.getByText('31/12/2026').waitFor();
    await page.getByRole('button', { name: 'Tạo đợt' }).click();

    // Listed, and its phases are the last days chosen.
    await page.getByRole('link', { name: 'uong-bi-2024' }).waitFor();
    // The routing chosen is the campaign's: the shared area goes to both organisations, one task.
    const stored = await ds.query(
      `SELECT a.content_area AS area, GROUP_CONCAT(o.code ORDER BY o.code) AS orgs
         FROM content_area_appraisers a JOIN campaigns c ON c.id = a.campaign_id
         JOIN organisations o ON o.id = a.organisation_id
        WHERE c.code = 'uong-bi-2024' AND a.content_area IN ('so-xay-dung', 'van-phong-hdnd-va-ubnd-trung-tam')
        GROUP BY a.content_area ORDER BY a.content_area`,
    );
    expect(stored).toEqual([
      { area: 'so-xay-dung', orgs: 'qldt' },
      { area: 'van-phong-hdnd-va-ubnd-trung-tam', orgs: 'tthcc,vp' },
    ]);
    // The quorum chosen is the campaign's council rule (what the council's votes are checked against).
    expect(
      await ds.query(
        "SELECT council_quorum AS quorum, council_threshold AS threshold FROM campaigns WHERE code = 'uong-bi-2024'",
      ),
    ).toEqual([{ quorum: 'twoThirds', threshold: 'majority' }]);
    await person.shot('wizard-7-listed-1366');
    await page.getByRole('link', { name: 'uong-bi-2024' }).click();
    await page.getByTestId('phase-timeline').waitFor();
    const detail = await page.locator('main').innerText();
    for (const day of ['24/12/2026', '31/12/2026', '15/01/2027', '31/01/2027']) {
      expect(detail).toContain(day);
    }
    await person.shot('wizard-8-campaign-1366');
    expect(person.errors).toEqual([]);
  });

  it("copies last year's campaign to the next year: dates a year later, routing kept, a merged unit under its successor", async () => {
    const { page } = person;
    // Phường Bắc Sơn and Nam Khê merged into one ward since 2023 (entered as the secretariat does, with predecessors).
    const session = await signIn(api.url, admin);
    const merged = await session.fetch('/api/admin/organisations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        code: 'p-bac-nam',
        name: 'Ủy ban nhân dân phường Bắc Nam',
        unitGroup: 'commune',
        predecessors: ['p-bac-son', 'p-nam-khe'],
      }),
    });
    expect(merged.status).toBe(201);

    await page.goto('/campaigns');
    await page.getByRole('link', { name: 'Sao chép sang năm 2024' }).click();
    await page.getByRole('heading', { name: /sao chép từ/ }).waitFor();
    expect(await page.getByLabel('Năm đánh giá').inputValue()).toBe('2024');
    expect(await page.getByLabel(/^Mã đợt/).inputValue()).toBe('uong-bi-2024');
    expect(await page.getByLabel('Tên đợt đánh giá').inputValue()).toContain('năm 2024');
    await shots('copy-1-plan');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();

    const commune = page.getByTestId('wizard-group-commune');
    await commune.getByText('Đơn vị (9/11)').waitFor();
    const communeText = await commune.innerText();
    expect(communeText).toContain('Ủy ban nhân dân phường Bắc Nam');
    expect(communeText).not.toContain('phường Bắc Sơn');
    expect(await commune.getByLabel('Tên nhóm đơn vị').inputValue()).toBe('Ủy ban nhân dân các xã, phường');
    await shots('copy-2-groups');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByTestId('wizard-area-tiep-cong-dan').waitFor();
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    // Last year's self-assessment ended on 10/12/2026 (the seed): a year later.
    expect(await page.getByLabel('Ngày cuối tự đánh giá, chấm điểm', { exact: true }).inputValue()).toBe('10/12/2027');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByTestId('wizard-routing').getByText('Tiếp công dân, giải quyết khiếu nại, tố cáo').waitFor();
    await shots('copy-5-review');

    // The code is taken (the wizard's campaign above): the plan step opens with the sentence at the code.
    await page.getByRole('button', { name: 'Tạo đợt' }).click();
    await page
      .getByTestId('wizard-step-0')
      .getByText(/đã tồn tại; chọn mã khác/)
      .waitFor();
    await page.getByLabel(/^Mã đợt/).fill('uong-bi-2024-ban-sao');
    for (let i = 0; i < 5; i++) {
      await page.getByRole('button', { name: 'Tiếp tục' }).click();
    }
    await page.getByRole('button', { name: 'Tạo đợt' }).click();
    await page.getByRole('link', { name: 'uong-bi-2024-ban-sao' }).waitFor();
    await page.getByRole('link', { name: 'uong-bi-2024-ban-sao' }).click();
    await page.getByTestId('phase-timeline').waitFor();
    expect(await page.locator('main').innerText()).toContain('10/12/2027');
    await person.shot('wizard-copy-6-campaign-1366');
    expect(person.errors).toEqual([]);
  });
});
