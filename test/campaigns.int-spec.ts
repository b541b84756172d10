import { readFileSync } from 'node:fs';
import { configDataPath } from '@config';
import { definitionOfPlan, loadCampaignPlan, type CampaignDefinition, type Phase } from '@lib/criteria';
import { rows, DATA_SOURCE } from '@lib/database';
import { CampaignSeedService } from '../apps/api/src/campaigns/campaign-seed.service';
import { truncateAll } from './support/database';
import { startTestApi, type TestApi } from './support/apps';
import { createUser } from './factories/user.factory';
import { signIn } from './factories/session.factory';
import type { DataSource } from 'typeorm';

const system = { userId: null, label: 'system:test' };
const json = { 'content-type': 'application/json' };
const YEAR_MS = 365 * 86_400_000;

describe('campaigns API', () => {
  let api: TestApi;
  let ds: DataSource;

  beforeAll(async () => {
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
  });
  beforeEach(() => truncateAll(ds));
  afterAll(() => api.close());

  /**
   * Uông Bí as the seed leaves it (authority, organisations, units, both criteria sets and the 2023 campaign,
   * self-assessment due at `due`), and an admin of it in the secretariat.
   */
  async function uongBi(due = new Date(Date.now() + 3 * 86_400_000)) {
    const seeded = await api.app
      .get(CampaignSeedService)
      .seedFromPlan({ planKey: 'uong-bi-2023', selfAssessmentDueAt: due, actor: system });
    const [nv] = await rows<{ id: number }>(ds.manager, "SELECT id FROM organisations WHERE code = 'nv'");
    const admin = await createUser(ds, { roles: ['admin'], organisationId: nv.id });
    return { seeded, admin };
  }

  /** Next year's definition, written as the wizard sends it: the stored sets by id, every date a year later. */
  async function nextYear(): Promise<CampaignDefinition> {
    const loaded = loadCampaignPlan(readFileSync(configDataPath('campaigns', 'uong-bi-2023.yaml'), 'utf8'));
    if (!loaded.ok) {
      throw new Error('the Uông Bí plan does not load');
    }
    const sets = await rows<{ id: number; unit_group: string }>(ds.manager, 'SELECT id, unit_group FROM criteria_sets');
    const def = definitionOfPlan(loaded.value, new Map(sets.map((r) => [r.unit_group, r.id])));
    const deadlines = Object.fromEntries(
      Object.entries(def.deadlines).map(([k, v]) => [k, new Date(Date.parse(v) + YEAR_MS).toISOString()]),
    ) as Record<Phase, string>;
    return { ...def, code: 'uong-bi-2024', year: 2024, name: 'Chỉ số CCHC năm 2024', deadlines };
  }

  it('should create a campaign from a definition over the stored units and sets: 22 sheets, routing, deadlines in UTC', async () => {
    const { admin } = await uongBi();
    const session = await signIn(api.url, admin);
    const definition = await nextYear();
    const res = await session.fetch('/api/admin/campaigns', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ definition: { ...definition, groups: definition.groups.map(({ units: _, ...g }) => g) } }),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: number; sheets: number; deadlines: Record<string, string> };
    expect(created.sheets).toBe(22);
    expect(created.deadlines.selfAssessment).toBe(definition.deadlines.selfAssessment);
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
      'SELECT state, COUNT(*) AS n FROM score_sheets WHERE campaign_id = ? GROUP BY state',
      [created.id],
    );
    expect(sheetStates.map((s) => [s.state, Number(s.n)])).toEqual([['draft', 22]]);
    // The plan frozen on the campaign is the one shape consolidation reads: two tables, the stored sets' codes.
    const [stored] = await rows<{ plan: string }>(ds.manager, 'SELECT plan FROM campaigns WHERE id = ?', [created.id]);
    const plan = JSON.parse(stored.plan) as { unitGroups: { key: string; catalog: string; table: number }[] };
    expect(plan.unitGroups.map((g) => [g.key, g.catalog, g.table])).toEqual([
      ['agency', 'agency-sample', 1],
      ['commune', 'commune-sample', 2],
    ]);
  });

  it('should answer the definition of a campaign, rebuilt from its frozen plan, that creates the copy as it stands (GET …/definition)', async () => {
    const { admin, seeded } = await uongBi();
    const session = await signIn(api.url, admin);
    const res = await session.fetch(`/api/admin/campaigns/${seeded.id}/definition`);
    expect(res.status).toBe(200);
    const definition = (await res.json()) as CampaignDefinition;
    const sets = await rows<{ id: number; unit_group: string }>(ds.manager, 'SELECT id, unit_group FROM criteria_sets');
    const setOf = new Map(sets.map((r) => [r.unit_group, r.id]));
    expect(definition.groups.map((g) => [g.key, g.criteriaSetId, g.table, g.units?.length])).toEqual([
      ['agency', setOf.get('agency'), 1, 12],
      ['commune', setOf.get('commune'), 2, 10],
    ]);
    expect(definition.routing.find((a) => a.code === 'tiep-cong-dan')?.appraisers).toEqual(['btcd', 'ttr']);
    expect(definition.deadlines.selfAssessment).toBe(seeded.deadlines.selfAssessment);
    expect(definition.conflictOfInterest).toEqual({ confirmBy: 'nv', fallback: 'council' });
    // Sent back under a new code it is a whole definition the api accepts: the wizard's copy of last year.
    const copy = await session.fetch('/api/admin/campaigns', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ definition: { ...definition, code: 'uong-bi-2024', year: 2024 } }),
    });
    expect(copy.status).toBe(201);
    expect(((await copy.json()) as { sheets: number }).sheets).toBe(22);
    // A campaign that does not exist: 404 (the lookup is scoped to the admin's authority, as every campaign route).
    expect((await session.fetch(`/api/admin/campaigns/999999/definition`)).status).toBe(404);
  });

  it('should refuse a definition with every problem in Vietnamese (422), a malformed one (400), a non-admin (403)', async () => {
    const { admin } = await uongBi();
    const session = await signIn(api.url, admin);
    const post = (body: unknown) =>
      session.fetch('/api/admin/campaigns', { method: 'POST', headers: json, body: JSON.stringify(body) });
    const definition = await nextYear();
    const wrong = await post({
      definition: {
        ...definition,
        deadlines: {
          ...definition.deadlines,
          appraisal: '2024-12-20T17:00:00.000Z',
          selfAssessment: '2024-12-24T17:00:00.000Z',
        },
        groups: [
          { ...definition.groups[0], criteriaSetId: 999_999 },
          { ...definition.groups[1], units: ['p-khong-co'] },
        ],
      },
    });
    expect(wrong.status).toBe(422);
    const body = (await wrong.json()) as {
      error: { code: string; messageVi: string; details: { problems: unknown[] } };
    };
    expect(body.error.code).toBe('CAMPAIGN_DEFINITION_INVALID');
    expect(body.error.messageVi).toContain('Hạn thẩm định (20/12/2024) phải sau hạn tự đánh giá (24/12/2024).');
    const [campaigns] = await rows<{ n: number }>(ds.manager, 'SELECT COUNT(*) AS n FROM campaigns');
    expect(Number(campaigns.n)).toBe(1);
    const created = await post({ definition });
    expect(created.status).toBe(201);
    const problems = await post({
      definition: {
        ...definition,
        code: 'khac',
        groups: [{ ...definition.groups[0], criteriaSetId: 999_999, units: ['p-khong-co'] }],
      },
    });
    expect(problems.status).toBe(422);
    const listed = ((await problems.json()) as { error: { details: { problems: { messageVi: string }[] } } }).error
      .details.problems;
    expect(listed.map((p) => p.messageVi)).toEqual([
      'Nhóm "Các cơ quan chuyên môn": bộ tiêu chí đã chọn không có trong cơ quan; chọn một bộ đã nhập.',
      'Nhóm "Các cơ quan chuyên môn": không có đơn vị mã "p-khong-co"; thêm đơn vị trước hoặc bỏ mã này.',
    ]);
    const again = await post({ definition });
    expect(again.status).toBe(409);
    const badDate = await post({
      definition: { ...definition, deadlines: { ...definition.deadlines, approval: '16/3/2024' } },
    });
    expect(badDate.status).toBe(400);
    const officer = await signIn(api.url, await createUser(ds, { roles: ['unit_officer'] }));
    const forbidden = await officer.fetch('/api/admin/campaigns', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ definition }),
    });
    expect(forbidden.status).toBe(403);
  });

  it('should move a deadline as an audited extension with a new generation, for the campaign and every sheet', async () => {
    const due = new Date(Date.now() + 3 * 24 * 3600_000);
    const { seeded, admin } = await uongBi(due);
    const session = await signIn(api.url, admin);
    const id = seeded.id;
    const later = new Date(due.getTime() + 2 * 24 * 3600_000);
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

  it('should keep an admin of another authority out of the sets and the campaigns of Uông Bí (nothing written)', async () => {
    const due = new Date(Date.now() + 3 * 24 * 3600_000);
    const { seeded, admin } = await uongBi(due);
    const own = await signIn(api.url, admin);
    const id = seeded.id;
    const definition = await nextYear();
    const stranger = await signIn(api.url, await createUser(ds, { roles: ['admin'] }));
    const answers = [
      await stranger.fetch('/api/admin/campaigns', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ definition: { ...definition, code: 'hijack' } }),
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
    // Another authority's sets and units are not theirs: refused as unknown, without saying whose they are.
    expect(answers.map((r) => r.status)).toEqual([422, 404, 404]);
    expect(((await answers[0].json()) as { error: { code: string } }).error.code).toBe('CAMPAIGN_DEFINITION_INVALID');
    const [campaigns] = await rows<{ n: number }>(ds.manager, 'SELECT COUNT(*) AS n FROM campaigns');
    expect(Number(campaigns.n)).toBe(1);
    // No deadline moved (a change or an early close writes a new generation), and the phase is still open.
    const [moved] = await rows<{ n: number }>(ds.manager, 'SELECT COUNT(*) AS n FROM deadlines WHERE generation > 1');
    expect(Number(moved.n)).toBe(0);
    const view = (await (await own.fetch(`/api/campaigns/${id}`)).json()) as { state: string };
    expect(view.state).toBe('selfAssessment');
  });
});
