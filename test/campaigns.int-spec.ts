import { rows, Authority, DATA_SOURCE } from '@lib/database';
import { truncateAll } from './support/database';
import { startTestApi, type TestApi } from './support/apps';
import { createUser } from './factories/user.factory';
import { createOrganisation } from './factories/organisation.factory';
import { signIn } from './factories/session.factory';
import type { DataSource } from 'typeorm';

describe('campaigns API', () => {
  let api: TestApi;
  let ds: DataSource;

  beforeAll(async () => {
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
  });
  beforeEach(() => truncateAll(ds));
  afterAll(() => api.close());

  /** An admin of the Uông Bí authority, the one config/data/campaigns/uong-bi-2023.yaml belongs to. */
  async function uongBiAdmin() {
    const authority = await ds.getRepository(Authority).save({ code: 'ubnd-uong-bi', name: 'UBND thành phố Uông Bí' });
    const secretariat = await createOrganisation(ds, { authorityId: authority.id, kind: 'secretariat' });
    return createUser(ds, { roles: ['admin'], organisationId: secretariat.id });
  }

  it('should create the Uông Bí 2023 campaign from config/ with 22 score sheets, routing and deadlines in UTC', async () => {
    const admin = await uongBiAdmin();
    const session = await signIn(api.url, admin);
    const res = await session.fetch('/api/admin/campaigns', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ plan: 'uong-bi-2023' }),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: number; sheets: number; deadlines: Record<string, string> };
    expect(created.sheets).toBe(22);
    expect(created.deadlines.selfAssessment).toBe('2024-03-15T17:00:00.000Z');
    const units = await rows<{ unit_group: string; n: number }>(
      ds.manager,
      'SELECT unit_group, COUNT(*) AS n FROM campaign_units WHERE campaign_id = ? GROUP BY unit_group ORDER BY unit_group',
      [created.id],
    );
    expect(units.map((u) => [u.unit_group, Number(u.n)])).toEqual([
      ['agency', 12],
      ['commune', 10],
    ]);
    const [routing] = await rows<{ n: number }>(
      ds.manager,
      "SELECT COUNT(*) AS n FROM content_area_appraisers a JOIN organisations o ON o.id = a.organisation_id WHERE a.campaign_id = ? AND a.content_area = 'tiep-cong-dan'",
      [created.id],
    );
    expect(Number(routing.n)).toBe(2);
    const sheetStates = await rows<{ state: string; n: number }>(
      ds.manager,
      'SELECT state, COUNT(*) AS n FROM score_sheets GROUP BY state',
    );
    expect(sheetStates.map((s) => [s.state, Number(s.n)])).toEqual([['draft', 22]]);
  });

  it('should answer a readable 4xx for an unknown plan and a bad date, and 403 for a non-admin', async () => {
    const admin = await uongBiAdmin();
    const session = await signIn(api.url, admin);
    const post = (body: unknown) =>
      session.fetch('/api/admin/campaigns', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const unknown = await post({ plan: 'ha-noi-2099' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { messageVi: string } }).error.messageVi).toContain('Không có kế hoạch');
    const badDate = await post({ plan: 'uong-bi-2023', selfAssessmentDueAt: '16/3/2024' });
    expect(badDate.status).toBe(400);
    const officer = await signIn(api.url, await createUser(ds, { roles: ['unit_officer'] }));
    const forbidden = await officer.fetch('/api/admin/campaigns', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ plan: 'uong-bi-2023' }),
    });
    expect(forbidden.status).toBe(403);
  });

  it('should move a deadline as an audited extension with a new generation, for the campaign and every sheet', async () => {
    const admin = await uongBiAdmin();
    const session = await signIn(api.url, admin);
    const due = new Date(Date.now() + 3 * 24 * 3600_000);
    const res = await session.fetch('/api/admin/campaigns', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ plan: 'uong-bi-2023', code: 'copy', selfAssessmentDueAt: due.toISOString() }),
    });
    const { id } = (await res.json()) as { id: number };
    // The admin's own authority may differ from the plan's: read as the plan's authority through SQL.
    const later = new Date(due.getTime() + 2 * 24 * 3600_000);
    await ds.query(
      'UPDATE users SET organisation_id = (SELECT id FROM organisations WHERE code = ? LIMIT 1) WHERE id = ?',
      ['nv', admin.id],
    );
    const changed = await session.fetch(`/api/admin/campaigns/${id}/deadlines/selfAssessment`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dueAt: later.toISOString(), reason: 'Gia hạn theo đề nghị của các đơn vị' }),
    });
    expect(changed.status).toBe(200);
    const view = (await changed.json()) as { deadlines: Array<{ phase: string; dueAt: string; generation: number }> };
    expect(view.deadlines.find((d) => d.phase === 'selfAssessment')).toMatchObject({
      dueAt: later.toISOString(),
      generation: 2,
    });
    const sheetDeadlines = await rows<{ n: number }>(
      ds.manager,
      "SELECT COUNT(*) AS n FROM deadlines WHERE subject_type = 'scoreSheet' AND generation = 2 AND due_at = ?",
      [later],
    );
    expect(Number(sheetDeadlines[0].n)).toBe(22);
    const [audit] = await rows<{ data: string }>(
      ds.manager,
      "SELECT data FROM audit_log WHERE action = 'deadline.extended' AND entity_type = 'campaign'",
    );
    expect(JSON.parse(audit.data)).toMatchObject({ reason: 'Gia hạn theo đề nghị của các đơn vị' });
  });

  it('should keep an admin of another authority out of the plan and the campaigns of Uông Bí (404, nothing written)', async () => {
    const own = await signIn(api.url, await uongBiAdmin());
    const json = { 'content-type': 'application/json' };
    const due = new Date(Date.now() + 3 * 24 * 3600_000);
    const created = await own.fetch('/api/admin/campaigns', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ plan: 'uong-bi-2023', selfAssessmentDueAt: due.toISOString() }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const stranger = await signIn(api.url, await createUser(ds, { roles: ['admin'] }));
    const answers = [
      await stranger.fetch('/api/admin/campaigns', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ plan: 'uong-bi-2023', code: 'hijack' }),
      }),
      await stranger.fetch(`/api/admin/campaigns/${id}/deadlines/selfAssessment`, {
        method: 'PUT',
        headers: json,
        body: JSON.stringify({
          dueAt: new Date(due.getTime() + 86_400_000).toISOString(),
          reason: 'Gia hạn trái phép',
        }),
      }),
      await stranger.fetch(`/api/admin/campaigns/${id}/phases/selfAssessment/close`, { method: 'POST' }),
    ];
    expect(answers.map((r) => r.status)).toEqual([404, 404, 404]);
    expect(((await answers[0].json()) as { error: { code: string } }).error.code).toBe('PLAN_NOT_FOUND');
    const [campaigns] = await rows<{ n: number }>(ds.manager, 'SELECT COUNT(*) AS n FROM campaigns');
    expect(Number(campaigns.n)).toBe(1);
    // No deadline moved (a change or an early close writes a new generation), and the phase is still open.
    const [moved] = await rows<{ n: number }>(ds.manager, 'SELECT COUNT(*) AS n FROM deadlines WHERE generation > 1');
    expect(Number(moved.n)).toBe(0);
    const view = (await (await own.fetch(`/api/campaigns/${id}`)).json()) as { state: string };
    expect(view.state).toBe('selfAssessment');
  });
});
