import { DATA_SOURCE, rows, write } from '@lib/database';
import ExcelJS from 'exceljs';
import { WorkflowRunner } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import { CampaignSeedService } from '../../apps/api/src/campaigns/campaign-seed.service';
import { createOrganisation } from '../factories/organisation.factory';
import { fillScores } from '../factories/scores.factory';
import { createSession, type TestSession } from '../factories/session.factory';
import { createUser } from '../factories/user.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { truncateAll } from '../support/database';

const DAY = 24 * 3600_000;

/** The answer's fields this test reads (the api's BehindView). */
interface BehindItem {
  subject: string;
  kind: string;
  kindName: string;
  unitId: number;
  unitName: string;
  group: string;
  groupName: string;
  organisationName: string | null;
  sheetId: number | null;
  taskId: number | null;
  dueAt: string | null;
  extended: boolean;
}
interface BehindView {
  currentPhase: string | null;
  phaseSecondsLeft: number;
  counts: { sheets: Record<string, number>; tasks: Record<string, number> };
  sheets: BehindItem[];
  tasks: BehindItem[];
}
const actor = { userId: null, label: 'system:test' };

/**
 * Issue 17, "who is behind?": over a seeded campaign five days before its self-assessment deadline, each unit
 * and task lands in its kind (a sheet's own extended deadline counts), and another authority gets 404.
 */
describe('GET /api/campaigns/:id/progress/behind', () => {
  let api: TestApi;
  let ds: DataSource;
  let campaignId: number;
  let leader: TestSession;
  let stranger: TestSession;
  let unitCount: number;
  const sheetOf = new Map<string, { id: number; unitId: number; name: string }>();

  const runner = () => api.app.get(WorkflowRunner);

  async function insertTask(sheet: { id: number; unitId: number }, area: string, state: string, dueInDays: number) {
    const columns = WorkflowRunner.newInstanceColumns('appraisalTask');
    const { insertId } = await write(
      ds.manager,
      `INSERT INTO appraisal_tasks (campaign_id, sheet_id, unit_id, content_area, due_at, machine_id, machine_version, state, snapshot, version, completed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{}', 1, ?)`,
      [
        campaignId,
        sheet.id,
        sheet.unitId,
        area,
        new Date(Date.now() + dueInDays * DAY),
        columns.machine_id,
        columns.machine_version,
        state,
        state === 'completed' ? new Date() : null,
      ],
    );
    const [org] = await rows<{ id: number }>(ds.manager, "SELECT id FROM organisations WHERE code = 'tckh'");
    await write(ds.manager, 'INSERT INTO appraisal_task_candidates (task_id, organisation_id) VALUES (?, ?)', [
      insertId,
      org.id,
    ]);
    return insertId;
  }

  beforeAll(async () => {
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    const campaign = await api.app.get(CampaignSeedService).seedFromPlan({
      planKey: 'uong-bi-2023',
      selfAssessmentDueAt: new Date(Date.now() + 5 * DAY),
      actor,
    });
    campaignId = campaign.id;
    const sheets = await rows<{ id: number; unit_id: number; code: string; name: string }>(
      ds.manager,
      'SELECT s.id, s.unit_id, u.code, u.name FROM score_sheets s JOIN units u ON u.id = s.unit_id WHERE s.campaign_id = ?',
      [campaignId],
    );
    unitCount = sheets.length;
    for (const s of sheets) {
      sheetOf.set(s.code, { id: s.id, unitId: s.unit_id, name: s.name });
    }
    // tp, vhtt: submitted (off the list). vp: every leaf scored, not submitted → not submitted with 5 days left.
    // tnmt: nothing scored but its own deadline extended by 20 days → not submitted either. Every other unit has
    // scored nothing with 5 days left → at risk.
    for (const code of ['tp', 'vhtt', 'vp']) {
      await fillScores(ds, sheetOf.get(code)!.id, (l) => ({ self: l.maxPoints }));
    }
    for (const code of ['tp', 'vhtt']) {
      await runner().transition({
        machineId: 'scoreSheet',
        id: sheetOf.get(code)!.id,
        event: ({ now }) => ({ type: 'sheet.submitted', at: now.toISOString() }),
        actor,
      });
    }
    await runner().transition({
      machineId: 'scoreSheet',
      id: sheetOf.get('tnmt')!.id,
      event: ({ now }) => ({
        type: 'extension.granted',
        dueAt: new Date(now.getTime() + 20 * DAY).toISOString(),
        generation: 2,
        at: now.toISOString(),
      }),
      actor,
    });
    // Tasks of the submitted sheets, one per kind, and a completed one that must not show.
    const tp = sheetOf.get('tp')!;
    const vhtt = sheetOf.get('vhtt')!;
    await insertTask(tp, 'a-unclaimed', 'open', 10);
    await insertTask(tp, 'a-overdue', 'claimed', -1);
    await insertTask(tp, 'a-risk', 'inReview', 1);
    await insertTask(tp, 'a-fine', 'inReview', 10);
    await insertTask(tp, 'a-done', 'completed', -3);
    const asked = await insertTask(vhtt, 'a-asked', 'awaitingClarification', 5);
    await write(
      ds.manager,
      `INSERT INTO appraisal_clarifications (task_id, sheet_id, round, criterion_codes, request, due_at, requested_by, status)
       VALUES (?, ?, 1, '["6.1"]', 'Bổ sung văn bản', ?, 1, 'open')`,
      [asked, vhtt.id, new Date(Date.now() + 3 * DAY)],
    );

    const [nv] = await rows<{ id: number }>(ds.manager, "SELECT id FROM organisations WHERE code = 'nv'");
    leader = await createSession(
      ds,
      api.config,
      api.url,
      await createUser(ds, { organisationId: nv.id, roles: ['leader'] }),
    );
    const other = await createOrganisation(ds);
    stranger = await createSession(
      ds,
      api.config,
      api.url,
      await createUser(ds, { organisationId: other.id, roles: ['leader'] }),
    );
  });
  afterAll(() => api.close());

  it('should count each kind of sheet and task, with names, groups and the deadline in force', async () => {
    const res = await leader.fetch(`/api/campaigns/${campaignId}/progress/behind`);
    expect(res.status).toBe(200);
    const view = (await res.json()) as BehindView;
    expect(view.currentPhase).toBe('selfAssessment');
    expect(view.phaseSecondsLeft).toBeGreaterThan(4 * 24 * 3600);
    expect(view.counts.sheets).toEqual({
      overdue: 0,
      inClarification: 1,
      atRisk: unitCount - 4,
      notSubmitted: 2,
    });
    expect(view.counts.tasks).toEqual({ overdue: 1, inClarification: 1, atRisk: 1, unclaimed: 1 });

    const byUnit = new Map(view.sheets.map((s) => [s.unitId, s]));
    expect(byUnit.has(sheetOf.get('tp')!.unitId)).toBe(false);
    expect(byUnit.get(sheetOf.get('vhtt')!.unitId)).toMatchObject({
      kind: 'inClarification',
      kindName: 'Đang giải trình',
    });
    expect(byUnit.get(sheetOf.get('vp')!.unitId)).toMatchObject({
      kind: 'notSubmitted',
      unitName: sheetOf.get('vp')!.name,
      group: 'agency',
      groupName: expect.stringMatching(/cơ quan/i),
      sheetId: sheetOf.get('vp')!.id,
    });
    const extended = byUnit.get(sheetOf.get('tnmt')!.unitId)!;
    expect(extended).toMatchObject({ kind: 'notSubmitted', extended: true });
    expect(new Date(extended.dueAt!).getTime()).toBeGreaterThan(Date.now() + 19 * DAY);
    // Worst first: every at-risk sheet before the not-submitted ones.
    expect(view.sheets.map((s) => s.kind).indexOf('notSubmitted')).toBe(view.sheets.length - 2);

    expect(view.tasks.map((t) => t.kind)).toEqual(['overdue', 'inClarification', 'atRisk', 'unclaimed']);
    expect(view.tasks[0]).toMatchObject({
      subject: 'task',
      unitName: sheetOf.get('tp')!.name,
      organisationName: expect.stringContaining('Tài chính'),
      taskId: expect.any(Number),
    });
  });

  it('should export the same lists as .xlsx with Vietnamese headers and names intact', async () => {
    const res = await leader.fetch(`/api/campaigns/${campaignId}/progress/behind.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const units = wb.getWorksheet('Đơn vị')!;
    expect(units.getRow(2).values).toEqual([
      undefined,
      'Tình trạng',
      'Nhóm đơn vị',
      'Cơ quan, đơn vị',
      'Hạn nộp',
      'Được gia hạn',
      'Còn lại (ngày)',
    ]);
    const names = units.getColumn(3).values.slice(3);
    expect(names).toContain(sheetOf.get('vp')!.name);
    // Every unit but tp (submitted, nothing open): vhtt is in clarification.
    expect(names).toHaveLength(unitCount - 1);
    const tasks = wb.getWorksheet('Nhiệm vụ thẩm định')!;
    expect(tasks.getColumn(1).values.slice(3)).toEqual([
      'Quá hạn',
      'Đang giải trình',
      'Có nguy cơ trễ hạn',
      'Chưa có người nhận',
    ]);
  });

  it("should answer 404 for another authority's campaign, 403 for a role without the dashboard", async () => {
    expect((await stranger.fetch(`/api/campaigns/${campaignId}/progress/behind`)).status).toBe(404);
    expect((await stranger.fetch(`/api/campaigns/${campaignId}/progress/behind.xlsx`)).status).toBe(404);
    const [tckh] = await rows<{ id: number }>(ds.manager, "SELECT id FROM organisations WHERE code = 'tckh'");
    const appraiser = await createSession(
      ds,
      api.config,
      api.url,
      await createUser(ds, { organisationId: tckh.id, roles: ['appraiser'] }),
    );
    expect((await appraiser.fetch(`/api/campaigns/${campaignId}/progress/behind`)).status).toBe(403);
  });
});
