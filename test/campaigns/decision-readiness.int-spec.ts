import { DATA_SOURCE, rows } from '@lib/database';
import { WorkflowRunner, type Actor } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import { createOrganisation } from '../factories/organisation.factory';
import { createSession, type TestSession } from '../factories/session.factory';
import { createSheets, type SheetFixture } from '../factories/sheet.factory';
import { createUser } from '../factories/user.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { truncateAll } from '../support/database';

const system: Actor = { userId: null, label: 'system:test' };
const post = (s: TestSession, path: string, body?: unknown) =>
  s.fetch(
    path,
    body === undefined
      ? { method: 'POST' }
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );

interface Refusal {
  error: { code: string; messageVi: string; details: { unsubmitted: Array<{ unitName: string }> } };
}

/**
 * Issue 17, "decisions with guardrails": a campaign where no unit submitted is refused at the council's approval,
 * the leadership's approval and the publication — 422 with the units named — and nothing is decided or frozen.
 */
describe('decisions refuse a campaign that is not ready', () => {
  let api: TestApi;
  let ds: DataSource;
  let runner: WorkflowRunner;
  let fx: SheetFixture;
  let admin: TestSession;
  let leader: TestSession;
  let chair: TestSession;
  let chairId: number;
  let unitNames: string[];

  beforeAll(async () => {
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    runner = api.app.get(WorkflowRunner);
    await truncateAll(ds);
    fx = await createSheets(ds, runner, { units: 2 });
    const org = await createOrganisation(ds, { authorityId: fx.authorityId, kind: 'secretariat' });
    const mk = async (roles: Array<'admin' | 'leader' | 'council_member'>) => {
      const u = await createUser(ds, { organisationId: org.id, roles });
      return { id: u.id, session: await createSession(ds, api.config, api.url, u) };
    };
    admin = (await mk(['admin'])).session;
    leader = (await mk(['leader'])).session;
    const c = await mk(['council_member']);
    chair = c.session;
    chairId = c.id;
    unitNames = (
      await rows<{ name: string }>(ds.manager, 'SELECT u.name FROM units u WHERE u.id IN (?, ?) ORDER BY u.name', [
        fx.sheets[0].unitId,
        fx.sheets[1].unitId,
      ])
    ).map((r) => r.name);
    // Both phases before the council end early with nothing submitted (the situation the issue reports).
    for (const phase of ['selfAssessment', 'appraisal']) {
      expect((await post(admin, `/api/admin/campaigns/${fx.campaignId}/phases/${phase}/close`)).status).toBe(200);
    }
  }, 120_000);
  afterAll(() => api.close());

  async function expectRefused(res: Response, sentence: RegExp): Promise<void> {
    expect(res.status).toBe(422);
    const body = (await res.json()) as Refusal;
    expect(body.error.code).toBe('DECISION_NOT_READY');
    expect(body.error.messageVi).toMatch(sentence);
    expect(body.error.messageVi).toContain(`2 đơn vị chưa nộp biểu tự chấm điểm: ${unitNames.join(', ')}.`);
    expect(body.error.details.unsubmitted.map((u) => u.unitName)).toEqual(unitNames);
  }

  const campaignState = async () =>
    (await rows<{ state: string }>(ds.manager, 'SELECT state FROM campaigns WHERE id = ?', [fx.campaignId]))[0].state;

  it('should refuse the council approval with the units not submitted, leaving the session open', async () => {
    const created = await post(admin, `/api/campaigns/${fx.campaignId}/council/sessions`, {
      heldOn: '2024-03-28',
      members: [{ fullName: 'Trần Thị Hương', role: 'chair', userId: chairId }],
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const res = await post(chair, `/api/campaigns/${fx.campaignId}/council/sessions/${id}/approve`, {
      votesFor: 1,
      votesAgainst: 0,
      votesAbstain: 0,
    });
    await expectRefused(res, /^Hội đồng chưa thể thông qua kết quả: /);
    const [session] = await rows<{ status: string }>(ds.manager, 'SELECT status FROM council_sessions WHERE id = ?', [
      id,
    ]);
    expect(session.status).toBe('open');
    expect(await campaignState()).toMatch(/councilReview/);
  });

  it('should refuse the leadership approval and the publication, freezing nothing', async () => {
    // The council's approval recorded directly on the machine (as an older version allowed), to reach the next gates.
    await runner.transition({
      machineId: 'campaign',
      id: fx.campaignId,
      event: ({ now }) => ({ type: 'council.approved', by: 'system:test', at: now.toISOString() }),
      actor: system,
    });
    await expectRefused(
      await post(leader, `/api/campaigns/${fx.campaignId}/leadership-approval`),
      /^Lãnh đạo chưa thể phê duyệt kết quả: /,
    );
    await runner.transition({
      machineId: 'campaign',
      id: fx.campaignId,
      event: ({ now }) => ({ type: 'leadership.approved', by: 'system:test', at: now.toISOString() }),
      actor: system,
    });
    await expectRefused(
      await post(admin, `/api/campaigns/${fx.campaignId}/publications`, {
        decisionNumber: '1/QĐ-UBND',
        decisionDate: '2024-04-20',
        signerName: 'Nguyễn Văn Bình',
      }),
      /^Chưa thể công bố kết quả: /,
    );
    const [{ n }] = await rows<{ n: number }>(ds.manager, 'SELECT COUNT(*) AS n FROM publications');
    expect(Number(n)).toBe(0);
    // The refusal is the request's own answer (issue 19: publication is a job only once it may happen): no job.
    const [{ jobs }] = await rows<{ jobs: number }>(ds.manager, 'SELECT COUNT(*) AS jobs FROM report_jobs');
    expect(Number(jobs)).toBe(0);
    expect(await campaignState()).not.toMatch(/published/);
  });
});
