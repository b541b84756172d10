/**
 * The appraiser's inbox and task page in Chromium (issue 17, appraiser part): per-entry score saves with the rule
 * and allowed values in each row, accepting the self score in one action, read-only until claimed, the
 * clarification dialog that keeps its text, and the actions a 4-criterion task takes from claim to completion.
 * Real api + worker (routing), MariaDB, Redis. Screenshots: test/artifacts/inbox-*.png.
 */
import { DATA_SOURCE, rows } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import type { INestApplicationContext } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { CampaignSetupService } from '../../apps/api/src/campaigns/campaign-setup.service';
import { fillScores } from '../factories/scores.factory';
import { createSession, type TestSession } from '../factories/session.factory';
import { createUser, type CreatedUser } from '../factories/user.factory';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps';
import { ensureWebBuild, launchBrowser, openPerson, signInAs, type PersonPage } from '../support/browser';
import { truncateAll } from '../support/database';
import { eventually } from '../support/engine';

jest.setTimeout(180_000);

interface Leaf {
  code: string;
  round1: number | null;
  selfPoints: number | null;
}
interface TaskDetail {
  id: number;
  state: string;
  leaves: Leaf[];
}

/** The units whose sheets are submitted: each gives Phòng Tài chính – Kế hoạch one 'tai-chinh-cong' task. */
const UNITS = ['tp', 'vhtt', 'vp'];

describe("appraiser's inbox and task page (Chromium)", () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let browser: Browser;
  let appraiser: CreatedUser;
  let session: TestSession;
  let person: PersonPage;
  /** unit code → its finance task id. */
  const tasks = new Map<string, number>();

  const detail = async (id: number) => (await (await session.fetch(`/api/appraisal/tasks/${id}`)).json()) as TaskDetail;

  beforeAll(async () => {
    await ensureWebBuild();
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    worker = await startTestWorker();
    const campaign = await api.app.get(CampaignSetupService).createFromPlan({
      planKey: 'uong-bi-2023',
      selfAssessmentDueAt: new Date(Date.now() + 10 * 24 * 3600_000),
      actor: { userId: null, label: 'system:test' },
    });
    const sheets = await rows<{ id: number; code: string }>(
      ds.manager,
      `SELECT s.id, u.code FROM score_sheets s JOIN units u ON u.id = s.unit_id
        WHERE s.campaign_id = ? AND u.code IN (?)`,
      [campaign.id, UNITS],
    );
    for (const sheet of sheets) {
      // Self scores: every leaf at its maximum except 6.3 ("Một phần": 1 of 2).
      await fillScores(ds, sheet.id, (l) => ({ self: l.code === '6.3' ? 1000 : l.maxPoints }));
      await api.app.get(WorkflowRunner).transition({
        machineId: 'scoreSheet',
        id: sheet.id,
        event: ({ now }) => ({ type: 'sheet.submitted', at: now.toISOString() }),
        actor: { userId: null, label: 'system:test' },
      });
    }
    // The worker routes each sheet: the finance area goes to Phòng Tài chính – Kế hoạch.
    for (const sheet of sheets) {
      const row = await eventually(async () => {
        const found = await rows<{ id: number }>(
          ds.manager,
          "SELECT id FROM appraisal_tasks WHERE sheet_id = ? AND content_area = 'tai-chinh-cong'",
          [sheet.id],
        );
        return found[0];
      }, 30_000);
      tasks.set(sheet.code, row.id);
    }
    const [tckh] = await rows<{ id: number }>(ds.manager, "SELECT id FROM organisations WHERE code = 'tckh'");
    appraiser = await createUser(ds, { organisationId: tckh.id, roles: ['appraiser'] });
    session = await createSession(ds, api.config, api.url, appraiser);

    browser = await launchBrowser();
    person = await openPerson(browser, api.url);
    await signInAs(person, appraiser.username, appraiser.password);
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await api?.close();
  });

  afterEach(() => expect(person.errors).toEqual([]));

  const openTask = async (page: Page, id: number) => {
    await page.goto(`/inbox/tasks/${id}`);
    await page.getByRole('heading', { name: `Nhiệm vụ thẩm định #${id}` }).waitFor();
  };
  const scoreInput = (page: Page, code: string) => page.getByLabel(`Điểm thẩm định ${code}`, { exact: true });

  it('should show each rule with its allowed values, keep the valid scores and mark the refused one in its row', async () => {
    const { page } = person;
    const id = tasks.get('tp')!;
    await openTask(page, id);
    // The rule and the scores it allows, in the row, before anything is typed.
    const rule = await page.getByTestId('rule-6.2').innerText();
    expect(rule).toContain('Ban hành và áp dụng: 2');
    expect(rule).toContain('Chỉ cho các mức: 0; 2');
    expect(await page.getByTestId('rule-6.3').innerText()).toContain('Chỉ cho các mức: 0; 1; 2');

    await page.getByRole('button', { name: 'Nhận việc' }).first().click();
    await page.getByText('Đã nhận', { exact: true }).first().waitFor();
    await scoreInput(page, '6.1').fill('2');
    await scoreInput(page, '6.2').fill('1');
    await page.getByRole('button', { name: 'Lưu điểm (2)' }).click();
    // 6.2 is marked in its row with what is allowed; what was typed stays; 6.1 is saved.
    const refusal = page.locator('#refused-6\\.2');
    await refusal.waitFor();
    expect(await refusal.innerText()).toBe('Tiêu chí 6.2 chỉ cho các mức điểm: 0; 2.');
    expect(await scoreInput(page, '6.2').inputValue()).toBe('1');
    expect(await scoreInput(page, '6.2').getAttribute('aria-invalid')).toBe('true');
    await person.shot('inbox-task-refused-1366');
    const after = await detail(id);
    expect(after.leaves.map((l) => [l.code, l.round1])).toEqual([
      ['6.1', 2],
      ['6.2', null],
      ['6.3', null],
      ['6.4', null],
    ]);

    // The self score of 6.3 in one action: saved at once, 6.2's typed value still there.
    await page.getByRole('button', { name: 'Dùng điểm tự chấm 6.3' }).click();
    await eventually(async () =>
      (await detail(id)).leaves.find((l) => l.code === '6.3')!.round1 === 1 ? true : undefined,
    );
    expect(await scoreInput(page, '6.2').inputValue()).toBe('1');
    expect(await page.locator('#refused-6\\.2').count()).toBe(1);
  });
});
