import { DATA_SOURCE, rows, write } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import { createOrganisation } from '../factories/organisation.factory';
import { createSession, type TestSession } from '../factories/session.factory';
import { createSheets, type SheetFixture } from '../factories/sheet.factory';
import { createUser } from '../factories/user.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { truncateAll } from '../support/database';

const DAY = 24 * 3600_000;

interface CampaignView {
  deadlines: Array<{ phase: string; dueAt: string; generation: number }>;
}

/**
 * Issue 17, "deadlines that agree": extending the appraisal phase moves the due date (and so the badge and the
 * inbox views, which read it) of every open task that followed the phase, in the extension's own transaction.
 */
describe('phase extension moves the open tasks of its phase', () => {
  let api: TestApi;
  let ds: DataSource;
  let fx: SheetFixture;
  let admin: TestSession;

  beforeAll(async () => {
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
  });
  beforeEach(async () => {
    await truncateAll(ds);
    fx = await createSheets(ds, api.app.get(WorkflowRunner), { units: 3 });
    const secretariat = await createOrganisation(ds, { authorityId: fx.authorityId, kind: 'secretariat' });
    admin = await createSession(
      ds,
      api.config,
      api.url,
      await createUser(ds, { organisationId: secretariat.id, roles: ['admin'] }),
    );
  });
  afterAll(() => api.close());

  async function deadlines(): Promise<Record<string, Date>> {
    const res = await admin.fetch(`/api/campaigns/${fx.campaignId}`);
    expect(res.status).toBe(200);
    const view = (await res.json()) as CampaignView;
    return Object.fromEntries(view.deadlines.map((d) => [d.phase, new Date(d.dueAt)]));
  }

  async function insertTask(i: number, state: string, dueAt: Date, followUpAt: Date | null): Promise<number> {
    const columns = WorkflowRunner.newInstanceColumns('appraisalTask');
    return (
      await write(
        ds.manager,
        `INSERT INTO appraisal_tasks (campaign_id, sheet_id, unit_id, content_area, due_at, follow_up_at, machine_id, machine_version, state, snapshot, version)
         VALUES (?, ?, ?, 'area', ?, ?, ?, ?, ?, '{}', 1)`,
        [
          fx.campaignId,
          fx.sheets[i].id,
          fx.sheets[i].unitId,
          dueAt,
          followUpAt,
          columns.machine_id,
          columns.machine_version,
          state,
        ],
      )
    ).insertId;
  }

  const dueOf = async (id: number) =>
    (
      await rows<{ due_at: Date; follow_up_at: Date | null }>(
        ds.manager,
        'SELECT due_at, follow_up_at FROM appraisal_tasks WHERE id = ?',
        [id],
      )
    )[0];

  const extend = (phase: string, dueAt: Date) =>
    admin.fetch(`/api/admin/campaigns/${fx.campaignId}/deadlines/${phase}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dueAt: dueAt.toISOString(), reason: 'Gia hạn thẩm định theo đề nghị của Phòng Nội vụ' }),
    });

  it('should move open tasks due at the old appraisal deadline, keeping completed tasks and earlier due dates', async () => {
    const before = await deadlines();
    const old = before.appraisal;
    const followUp = new Date(old.getTime() - 3 * DAY);
    const open = await insertTask(0, 'open', old, followUp);
    const done = await insertTask(1, 'completed', old, null);
    const custom = new Date(old.getTime() - 5 * DAY);
    const earlier = await insertTask(2, 'inReview', custom, null);

    const later = new Date(old.getTime() + 7 * DAY);
    expect(later.getTime()).toBeLessThan(before.councilReview.getTime());
    const res = await extend('appraisal', later);
    expect(res.status).toBe(200);

    expect((await deadlines()).appraisal.toISOString()).toBe(later.toISOString());
    const moved = await dueOf(open);
    expect(moved.due_at.toISOString()).toBe(later.toISOString());
    // The follow-up date keeps its distance to the due date.
    expect(moved.follow_up_at!.toISOString()).toBe(new Date(later.getTime() - 3 * DAY).toISOString());
    expect((await dueOf(done)).due_at.toISOString()).toBe(old.toISOString());
    expect((await dueOf(earlier)).due_at.toISOString()).toBe(custom.toISOString());
  });

  it('should bring tasks due after a shortened appraisal deadline back to it', async () => {
    const old = (await deadlines()).appraisal;
    const task = await insertTask(0, 'claimed', old, null);
    const sooner = new Date(old.getTime() - 2 * DAY);
    expect((await extend('appraisal', sooner)).status).toBe(200);
    expect((await dueOf(task)).due_at.toISOString()).toBe(sooner.toISOString());
  });

  it('should leave the tasks alone when another phase moves', async () => {
    const before = await deadlines();
    const task = await insertTask(0, 'open', before.appraisal, null);
    expect((await extend('councilReview', new Date(before.councilReview.getTime() + DAY))).status).toBe(200);
    expect((await dueOf(task)).due_at.toISOString()).toBe(before.appraisal.toISOString());
  });

  it('should refuse an appraisal deadline after the council deadline, naming both, and move nothing', async () => {
    const before = await deadlines();
    const task = await insertTask(0, 'open', before.appraisal, null);
    const res = await extend('appraisal', new Date(before.councilReview.getTime() + DAY));
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; messageVi: string } };
    expect(body.error.code).toBe('DEADLINE_OUT_OF_ORDER');
    expect(body.error.messageVi).toMatch(/^Hạn họp Hội đồng thẩm định \(\d{2}\/\d{2}\/\d{4}\) phải sau hạn thẩm định/);
    const after = await deadlines();
    expect(after.appraisal.toISOString()).toBe(before.appraisal.toISOString());
    expect((await dueOf(task)).due_at.toISOString()).toBe(before.appraisal.toISOString());
  });

  it('should refuse a self-assessment deadline on the appraisal deadline', async () => {
    const before = await deadlines();
    const res = await extend('selfAssessment', before.appraisal);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { messageVi: string } }).error.messageVi).toContain(
      'phải sau hạn tự đánh giá',
    );
  });
});
