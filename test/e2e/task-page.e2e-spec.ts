/**
 * The appraiser's task page in Chromium shows what the task api knows about each document of the task's leaves:
 * the verdict, every signature (signer, organisation, time — not only the earliest), and the PDF at the `viewUrl`
 * the api names. It reads the task alone: it never fetches (and re-scores) the whole sheet.
 * Real api + worker (routing), MariaDB, Redis; the evidence goes through the upload route, the sheet is submitted
 * through the workflow runner. Screenshots at 1366×768 and 390×844: test/artifacts/task-page-*.png.
 */
import { DATA_SOURCE, rows } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import type { INestApplicationContext } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { CampaignSeedService } from '../../apps/api/src/campaigns/campaign-seed.service';
import { createSession, type TestSession } from '../factories/session.factory';
import { createUser, type CreatedUser } from '../factories/user.factory';
import { FIXTURE_SIGNER, getTestPki, makeSignedPdf, makeUnsignedPdf, signPdf } from '../fixtures/pdf/make-pdfs';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps';
import { ensureWebBuild, launchBrowser, openPerson, signInAs, type PersonPage } from '../support/browser';
import { truncateAll } from '../support/database';
import { eventually } from '../support/engine';

jest.setTimeout(180_000);

interface Signature {
  signerName: string | null;
  signerOrganisation: string | null;
  signerKind: 'organisation' | 'person' | null;
  signingTime: string | null;
}
interface TaskEvidence {
  id: number;
  documentNumber: string;
  verdict: 'valid' | 'modifiedAfterSigning' | 'invalid' | 'indeterminate' | 'unsigned';
  signatures: Signature[];
  viewUrl: string;
  checkedAt: string | null;
}
interface TaskDetail {
  id: number;
  leaves: Array<{ code: string; evidence: TaskEvidence[] }>;
}

/** The words the page uses for each verdict (Vietnamese mode), written out here rather than imported. */
const VERDICT_VI: Record<TaskEvidence['verdict'], string> = {
  valid: 'Chữ ký hợp lệ',
  modifiedAfterSigning: 'Sửa sau khi ký',
  invalid: 'Chữ ký không hợp lệ',
  indeterminate: 'Chưa xác định được độ tin cậy',
  unsigned: 'Chưa ký số',
};
/** dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh, the way the page writes an instant. */
const viDateTime = (iso: string) => {
  const d = new Date(iso);
  const part = (o: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', ...o }).format(d);
  return `${part({ day: '2-digit', month: '2-digit', year: 'numeric' })} ${part({ hour: '2-digit', minute: '2-digit', hour12: false })}`;
};

const SEAL_TIME = new Date('2025-01-16T03:45:00.000Z');

describe("appraiser's task page (Chromium)", () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let browser: Browser;
  let appraiser: CreatedUser;
  let task: TaskDetail;
  let person: PersonPage;
  let session: TestSession;
  let tckhId: number;
  const requested: string[] = [];

  beforeAll(async () => {
    await ensureWebBuild();
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    worker = await startTestWorker();
    const campaign = await api.app.get(CampaignSeedService).seedFromPlan({
      planKey: 'uong-bi-2023',
      selfAssessmentDueAt: new Date(Date.now() + 10 * 24 * 3600_000),
      actor: { userId: null, label: 'system:test' },
    });
    const [sheet] = await rows<{ id: number; organisation_id: number }>(
      ds.manager,
      `SELECT s.id, u.organisation_id FROM score_sheets s JOIN units u ON u.id = s.unit_id
        WHERE s.campaign_id = ? AND u.code = 'tp'`,
      [campaign.id],
    );
    const officer = await createSession(
      ds,
      api.config,
      api.url,
      await createUser(ds, { organisationId: sheet.organisation_id }),
    );
    // Two documents on leaf 6.2: one signed by the person and then sealed by the organisation a day later,
    // one not signed at all.
    const sealed = await signPdf(await makeSignedPdf(), getTestPki().organisationP12, SEAL_TIME);
    for (const [number, pdf] of [
      ['15/QĐ-TP', sealed],
      ['16/BC-TP', await makeUnsignedPdf()],
    ] as const) {
      const form = new FormData();
      form.append('criterionCodes', '6.2');
      form.append('documentType', 'QĐ');
      form.append('documentNumber', number);
      form.append('issuedOn', '15/01/2023');
      form.append('issuingBody', 'Phòng Tư pháp thành phố Uông Bí');
      form.append('summary', 'Quy chế chi tiêu nội bộ năm 2023');
      form.append(
        'file',
        new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }),
        `${number.replace(/\//g, '-')}.pdf`,
      );
      const res = await officer.fetch(`/api/sheets/${sheet.id}/evidence`, { method: 'POST', body: form });
      expect([res.status, res.status === 201 ? '' : await res.text()]).toEqual([201, '']);
    }
    await api.app.get(WorkflowRunner).transition({
      machineId: 'scoreSheet',
      id: sheet.id,
      event: ({ now }) => ({ type: 'sheet.submitted', at: now.toISOString() }),
      actor: { userId: null, label: 'system:test' },
    });
    // The worker routes the sheet: the finance area goes to Phòng Tài chính – Kế hoạch.
    const row = await eventually(async () => {
      const found = await rows<{ id: number }>(
        ds.manager,
        "SELECT id FROM appraisal_tasks WHERE sheet_id = ? AND content_area = 'tai-chinh-cong'",
        [sheet.id],
      );
      return found[0];
    }, 30_000);
    const [tckh] = await rows<{ id: number }>(ds.manager, "SELECT id FROM organisations WHERE code = 'tckh'");
    tckhId = tckh.id;
    appraiser = await createUser(ds, { organisationId: tckh.id, roles: ['appraiser'] });
    session = await createSession(ds, api.config, api.url, appraiser);
    const res = await session.fetch(`/api/appraisal/tasks/${row.id}`);
    expect(res.status).toBe(200);
    task = (await res.json()) as TaskDetail;

    browser = await launchBrowser();
    person = await openPerson(browser, api.url);
    person.page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await signInAs(person, appraiser.username, appraiser.password);
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await api?.close();
  });

  afterEach(() => expect(person.errors).toEqual([]));

  it('should list, per leaf, each document with its verdict and the time of every signature the api reports', async () => {
    const docs = task.leaves.find((l) => l.code === '6.2')!.evidence;
    // What the api says, checked first so the page assertions below are about the page.
    expect(docs.map((d) => [d.documentNumber, d.verdict, d.signatures.map((s) => s.signerName)])).toEqual([
      ['15/QĐ-TP', 'indeterminate', [FIXTURE_SIGNER.name, FIXTURE_SIGNER.organisation]],
      ['16/BC-TP', 'unsigned', []],
    ]);

    const { page } = person;
    requested.length = 0;
    await page.goto(`/inbox/tasks/${task.id}`);
    await page.getByRole('heading', { name: `Nhiệm vụ thẩm định #${task.id}` }).waitFor();
    // The header names the unit and the content area in words; the area's code is not for people.
    const header = await page.getByTestId('task-header').innerText();
    expect(header).toContain('Cải cách tài chính công');
    expect(header).toContain('Tư pháp');
    expect(header).not.toContain('tai-chinh-cong');
    for (const doc of docs) {
      const cell = page.getByTestId(`task-evidence-${doc.id}`);
      await cell.waitFor();
      const text = await cell.innerText();
      expect(text).toContain(doc.documentNumber);
      expect(text).toContain(VERDICT_VI[doc.verdict]);
      for (const s of doc.signatures) {
        expect(text).toContain(viDateTime(s.signingTime!));
      }
    }
    // Both signing times: the person's and the seal's a day later, not only the earliest.
    expect(await page.getByTestId(`task-evidence-${docs[0].id}`).innerText()).toContain(
      viDateTime(SEAL_TIME.toISOString()),
    );
    // The task is the page's only source for the leaves and their documents.
    expect(requested.filter((p) => p.startsWith('/api/sheets'))).toEqual([]);
    await person.shot('task-page-1366');
  });

  it('should open a document with every signature (signer, organisation, time) and the PDF at the viewUrl', async () => {
    const { page } = person;
    const doc = task.leaves.find((l) => l.code === '6.2')!.evidence[0];
    await page.getByTestId(`task-evidence-${doc.id}`).getByRole('button', { name: doc.documentNumber }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText(VERDICT_VI[doc.verdict]).first().waitFor();
    const signatures = drawer.getByTestId('signature');
    expect(await signatures.count()).toBe(doc.signatures.length);
    for (const [i, s] of doc.signatures.entries()) {
      const text = await signatures.nth(i).innerText();
      expect(text).toContain(s.signerName!);
      expect(text).toContain(s.signerOrganisation!);
      expect(text).toContain(viDateTime(s.signingTime!));
      // No timestamp in these fixtures: the panel says the time is the signer's own claim (issue 18).
      expect(await signatures.nth(i).getByTestId('signing-time').innerText()).toContain(
        'người ký tự khai, không có dấu thời gian',
      );
    }
    // The person signed, then the agency sealed (CN = O): the classification the api stored, in Vietnamese.
    expect(doc.signatures.map((s) => s.signerKind)).toEqual(['person', 'organisation']);
    expect(await drawer.getByTestId('signer-kind').allInnerTexts()).toEqual(['Ký số cá nhân', 'Ký số cơ quan']);
    // The verifier's notes in Vietnamese, one per signature here (no anchors configured), never the English lines.
    expect(await drawer.getByTestId('signature-findings').allInnerTexts()).toEqual([
      expect.stringContaining('chưa được cấu hình chứng thư gốc'),
      expect.stringContaining('chưa được cấu hình chứng thư gốc'),
    ]);
    expect(await drawer.innerText()).not.toMatch(/trust anchors|ghi chú kỹ thuật/);
    // The validation report, downloadable by the appraiser through the task (the same rule as opening the PDF).
    const report = drawer.getByTestId('validation-report');
    expect(await report.innerText()).toBe('bản JSON kèm chứng thư số');
    const answer = await page.request.get((await report.getAttribute('href'))!);
    expect(answer.status()).toBe(200);
    expect(((await answer.json()) as { title: string }).title).toBe('Báo cáo kiểm tra chữ ký số');
    const onePage = drawer.getByTestId('validation-report-pdf');
    expect(await onePage.innerText()).toBe('Báo cáo kiểm tra chữ ký (PDF)');
    const pdf = await page.request.get((await onePage.getAttribute('href'))!);
    expect([pdf.status(), pdf.headers()['content-type']]).toEqual([200, 'application/pdf']);
    expect(await drawer.locator('iframe').getAttribute('src')).toBe(doc.viewUrl);
    // When the verdict was computed, time first (issue 18 item 6); the earlier verdicts only on demand — none here.
    const [day, time] = [viDateTime(doc.checkedAt!).slice(0, 10), viDateTime(doc.checkedAt!).slice(11)];
    expect(await drawer.getByTestId('verdict-checked-at').innerText()).toBe(`Kiểm tra lúc ${time} ${day}`);
    expect(await drawer.getByTestId('verdict-stale').count()).toBe(0);
    await drawer.getByTestId('verdict-history-open').click();
    expect(await drawer.getByTestId('verdict-history').innerText()).toBe('Chưa có lần kiểm tra nào khác.');
    await person.shot('task-page-1366-document');
    await page.keyboard.press('Escape');
  });

  it('should fit a 390×844 phone without sideways scrolling of the page', async () => {
    const { page } = person;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/inbox/tasks/${task.id}`);
    await page.getByRole('heading', { name: `Nhiệm vụ thẩm định #${task.id}` }).waitFor();
    const doc = task.leaves.find((l) => l.code === '6.2')!.evidence[0];
    await page.getByTestId(`task-evidence-${doc.id}`).waitFor();
    await person.shot('task-page-390');
    await page.getByTestId(`task-evidence-${doc.id}`).getByRole('button', { name: doc.documentNumber }).click();
    await page.getByRole('dialog').getByTestId('signer-kind').first().waitFor();
    // The drawer slides in: shoot it where it stays, not mid-way.
    await page.waitForFunction(
      () =>
        !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector(
          '[class*="motion"][class*="-enter"], [class*="motion"][class*="-appear"]',
        ),
    );
    await person.shot('task-page-390-document');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    const overflow = await page.evaluate(() => {
      const root = (
        globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
      ).document.documentElement;
      return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
    });
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.clientWidth);
  });
  const holder = async () => {
    const res = await session.fetch(`/api/appraisal/tasks/${task.id}`);
    const body = (await res.json()) as { state: string; assignee: { id: number } | null };
    return { state: body.state, assigneeId: body.assignee?.id ?? null };
  };
  const CONFLICT = 'Failed to load resource: the server responded with a status of 409 (Conflict)';

  it('should release a claimed task after a confirmation in Vietnamese, and keep a refusal on the page', async () => {
    const { page } = person;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`/inbox/tasks/${task.id}`);
    const header = page.getByTestId('task-header');
    await header.getByRole('button', { name: 'Nhận việc để chấm' }).click();
    await header.getByRole('button', { name: 'Trả việc' }).click();
    const confirm = page.getByRole('dialog').filter({ hasText: 'Trả lại nhiệm vụ này?' });
    expect(await confirm.innerText()).toContain('Nhiệm vụ trở về mục "Chưa ai nhận"');
    await person.shot('task-page-release-confirm-1366');
    await confirm.getByRole('button', { name: 'Trả việc' }).click();
    await header.getByRole('button', { name: 'Nhận việc để chấm' }).waitFor();
    expect(await holder()).toEqual({ state: 'open', assigneeId: null });

    // Claimed again; the review then starts in another tab (a score saved), so this page's release is refused.
    await header.getByRole('button', { name: 'Nhận việc để chấm' }).click();
    await header.getByRole('button', { name: 'Trả việc' }).waitFor();
    const scored = await session.fetch(`/api/appraisal/tasks/${task.id}/scores`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scores: [{ code: '6.1', points: '2', round: 1 }] }),
    });
    expect(scored.status).toBe(200);
    await header.getByRole('button', { name: 'Trả việc' }).click();
    await confirm.getByRole('button', { name: 'Trả việc' }).click();
    const refusal = page.getByTestId('task-refusal');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('chỉ trả lại được nhiệm vụ đã nhận và chưa bắt đầu thẩm định');
    // The page shows the state that refused it, the reason still on screen, and no release on offer.
    await header.getByText('Đang thẩm định', { exact: true }).waitFor();
    expect(await refusal.isVisible()).toBe(true);
    expect(await header.getByRole('button', { name: 'Trả việc' }).count()).toBe(0);
    expect((await holder()).assigneeId).toBe(appraiser.id);
    await person.shot('task-page-release-refused-1366');
    expect(person.errors.splice(0)).toEqual([CONFLICT]);
  });

  it('should let a supervisor give the task to another appraiser, saying what happens, and keep the dialog on a refusal', async () => {
    const colleague = await createUser(ds, { organisationId: tckhId, roles: ['appraiser'], fullName: 'Trần Thị Bình' });
    const boss = await createUser(ds, { organisationId: tckhId, roles: ['supervisor'], fullName: 'Lê Văn Cường' });
    const bossSession = await createSession(ds, api.config, api.url, boss);
    const supervisor = await openPerson(browser, api.url);
    try {
      await signInAs(supervisor, boss.username, boss.password);
      const { page } = supervisor;
      await page.goto(`/inbox/tasks/${task.id}`);
      const header = page.getByTestId('task-header');
      await header.getByRole('button', { name: 'Giao cho người khác' }).click();
      const dialog = page.getByRole('dialog').filter({ hasText: 'Giao nhiệm vụ cho cán bộ khác' });
      const choose = async (name: string) => {
        await dialog.getByLabel('Người nhận nhiệm vụ').click();
        await page.locator('.ant-select-item-option').filter({ hasText: name }).click();
      };
      await choose(colleague.fullName);
      const consequence = await dialog.getByTestId('reassign-consequence').innerText();
      expect(consequence).toContain(`sẽ do ${colleague.fullName} xử lý`);
      expect(consequence).toContain(`${appraiser.fullName} không còn chấm được nhiệm vụ này`);
      await supervisor.shot('task-page-reassign-1366');
      await dialog.getByRole('button', { name: 'Giao việc' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(await holder()).toEqual({ state: 'inReview', assigneeId: colleague.id });
      await header.getByText(colleague.fullName).waitFor();

      // The same person is given the task from another tab first: this dialog's assignment is refused.
      await header.getByRole('button', { name: 'Giao cho người khác' }).click();
      await choose(appraiser.fullName);
      const elsewhere = await bossSession.fetch(`/api/inbox/tasks/${task.id}/assign`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: appraiser.id }),
      });
      expect(elsewhere.status).toBe(200);
      await dialog.getByRole('button', { name: 'Giao việc' }).click();
      const refusal = dialog.getByTestId('reassign-refusal');
      await refusal.waitFor();
      expect(await refusal.innerText()).toContain('cho chính người đang giữ');
      expect(await dialog.isVisible()).toBe(true);
      // The choice stays, and the dialog now says why it cannot be taken (the task reloaded).
      await dialog.getByText(`${appraiser.fullName} đang giữ nhiệm vụ này: chọn cán bộ khác.`).waitFor();
      expect(await refusal.isVisible()).toBe(true);
      expect(await dialog.getByRole('button', { name: 'Giao việc' }).isDisabled()).toBe(true);
      await supervisor.shot('task-page-reassign-refused-1366');
      expect(supervisor.errors).toEqual([CONFLICT]);
    } finally {
      await supervisor.context.close();
    }
  });
});
