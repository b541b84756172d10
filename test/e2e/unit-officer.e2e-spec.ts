/**
 * The unit officer's sheet in Chromium (issue 16), against the real api (MariaDB, Redis) serving apps/web/dist:
 *   (b) an incomplete submit is refused with the grouped list (chưa chấm / thiếu tài liệu / chữ ký không hợp lệ
 *       hoặc bị sửa), each code a link to its row; completed from those links, then submitted.
 * The database is touched only through factories (accounts, the campaign) and the officer's own api session
 * (to fill most leaves), so each test stays about the screen. Screenshots: test/artifacts/unit-*.png.
 */
import { leaves, milliToNumber, type CriteriaSet } from '@lib/criteria';
import { DATA_SOURCE } from '@lib/database';
import { WorkflowRunner, rows } from '@lib/workflow';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { createSession, type TestSession } from '../factories/session.factory';
import { createSheets, type SheetFixture } from '../factories/sheet.factory';
import { appendIncrementalUpdate, makeSignedPdf } from '../fixtures/pdf/make-pdfs';
import { startTestApi, type TestApi } from '../support/apps';
import { ensureWebBuild, launchBrowser, openPerson, signInAs, type PersonPage } from '../support/browser';
import { truncateAll } from '../support/database';

jest.setTimeout(180_000);

/** Every self-scored leaf at its maximum with an explanation (a complete, valid self-assessment). */
const fullEntries = (set: CriteriaSet) =>
  leaves(set)
    .filter((l) => l.rule?.kind !== 'survey')
    .map((l) => ({ code: l.code, selfPoints: milliToNumber(l.maxPoints), explanation: 'Hoàn thành theo kế hoạch.' }));

async function putEntries(s: TestSession, sheetId: number, entries: unknown[]): Promise<void> {
  const res = await s.fetch(`/api/sheets/${sheetId}/entries`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ entries }),
  });
  expect(res.status).toBe(200);
}

async function uploadEvidence(s: TestSession, sheetId: number, code: string, file: Buffer, number: string) {
  const f = new FormData();
  f.append('criterionCodes', code);
  for (const [k, v] of Object.entries({
    documentType: 'KH',
    documentNumber: number,
    issuedOn: '15/01/2023',
    issuingBody: 'Phòng Tư pháp',
    summary: 'Kế hoạch năm 2023',
  })) {
    f.append(k, v);
  }
  f.append('file', new Blob([file], { type: 'application/pdf' }), 'ke-hoach.pdf');
  const res = await s.fetch(`/api/sheets/${sheetId}/evidence`, { method: 'POST', body: f });
  expect(res.status).toBe(201);
}

/** Wait until no Ant Design modal/drawer/message is animating, so screenshots show the screen as it stays. */
async function settled(page: Page): Promise<void> {
  const busy =
    '.ant-zoom-appear, .ant-zoom-enter, .ant-zoom-leave, .ant-move-up-leave, .ant-drawer-content-wrapper-hidden';
  await page.waitForFunction(
    (selector) =>
      !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector(selector),
    busy,
  );
}

describe('unit officer: the sheet in Chromium', () => {
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

  const officerPage = async (fx: SheetFixture) => {
    const p = await openPerson(browser, api.url, [/status of 422/]);
    people.push(p);
    await signInAs(p, fx.sheets[0].officer.username, fx.sheets[0].officer.password);
    await p.page.getByRole('heading', { name: /Biểu tự chấm điểm —/ }).waitFor();
    return p;
  };

  it('(b) refuses an incomplete submit with the grouped list and links to the rows; completed, it submits', async () => {
    const fx = await createSheets(ds, runner, { units: 1 });
    const sheetId = fx.sheets[0].id;
    const s = await createSession(ds, api.config, api.url, fx.sheets[0].officer);
    const all = fullEntries(fx.set);
    // 1.3 and 1.4 unscored; 1.2.1's only evidence was changed after signing and it has no explanation.
    await putEntries(
      s,
      sheetId,
      all.filter((e) => e.code !== '1.3' && e.code !== '1.4'),
    );
    await uploadEvidence(s, sheetId, '1.2.1', appendIncrementalUpdate(await makeSignedPdf()), '15/KH-TP');
    await putEntries(s, sheetId, [{ code: '1.2.1', selfPoints: 1, explanation: null }]);

    const p = await officerPage(fx);
    const { page } = p;
    await page.getByRole('button', { name: 'Nộp biểu' }).click();
    const confirm = page.getByTestId('submit-confirmation');
    await confirm.waitFor();
    const unscored = page.getByTestId('submit-group-unscored');
    expect(await unscored.innerText()).toMatch(/Chưa chấm \(2\)/);
    expect(await unscored.getByRole('button').allInnerTexts()).toEqual(['1.3', '1.4']);
    const unexplained = page.getByTestId('submit-group-unexplained');
    expect(await unexplained.innerText()).toMatch(/Thiếu tài liệu kiểm chứng \(1\)/);
    expect(await unexplained.getByRole('button').allInnerTexts()).toEqual(['1.2.1']);
    const invalid = page.getByTestId('submit-group-invalidSignature');
    expect(await invalid.innerText()).toMatch(/Chữ ký không hợp lệ hoặc bị sửa \(1\)/);
    expect(await invalid.innerText()).toContain('15/KH-TP');
    const submit = page.locator('.ant-modal-footer').getByRole('button', { name: 'Nộp biểu' });
    expect(await submit.isDisabled()).toBe(true);
    await settled(page);
    await p.shot('unit-b1-submit-refused');

    // The api refuses too (the same list), whatever the screen does.
    const refused = await s.fetch(`/api/sheets/${sheetId}/submit`, { method: 'POST' });
    expect(refused.status).toBe(422);

    // Each code leads to its row with the cursor in it.
    await unscored.getByRole('button', { name: '1.3' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await page.getByLabel('Điểm tự chấm 1.3').fill('2');
    await page.getByLabel('Giải thích 1.3').fill('Đã tự kiểm tra 2 lần.');
    await page.getByLabel('Điểm tự chấm 1.4').fill('2');
    await page.getByLabel('Giải thích 1.4').fill('Đã tuyên truyền trên trang tin.');
    await page.getByLabel('Giải thích 1.2.1').fill('Báo cáo gửi đủ; bản ký số sẽ bổ sung.');
    await page
      .getByTestId('save-state')
      .filter({ hasText: /Đã lưu lúc/ })
      .waitFor();

    await page.getByRole('button', { name: 'Nộp biểu' }).click();
    await confirm.waitFor();
    expect(await page.getByTestId('submit-group-unscored').count()).toBe(0);
    expect(await page.getByTestId('submit-group-unexplained').count()).toBe(0);
    expect(await page.getByTestId('submit-group-invalidSignature').innerText()).toContain('15/KH-TP');
    await settled(page);
    await p.shot('unit-b2-submit-ready');
    await submit.click();
    await page.getByText('Đã nộp biểu tự chấm điểm.').waitFor();
    const [sheet] = await rows<{ state: string }>(ds.manager, 'SELECT state FROM score_sheets WHERE id = ?', [sheetId]);
    expect(sheet.state).not.toBe('draft');
  });
});
