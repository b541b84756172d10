import { leafNode, parentNode, toMilli, type CriteriaSet } from '@lib/criteria';
import { DATA_SOURCE, rows } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import { createOrganisation } from './factories/organisation.factory';
import { fillScores } from './factories/scores.factory';
import { createSession, type TestSession } from './factories/session.factory';
import { createSheets, type SheetFixture } from './factories/sheet.factory';
import { createUser } from './factories/user.factory';
import { startTestApi, type TestApi } from './support/apps';
import { truncateAll } from './support/database';

// Field 1 (10): 1.1 (4) = 1.1.1 (2) + 1.1.2 (2); 1.2 (6). Field 2 (5): 2.1 (3), 2.2 (2). Total 15.
const set: CriteriaSet = {
  key: 'na-test',
  title: 'Bộ tiêu chí thử nghiệm',
  sample: true,
  unitGroup: 'agency',
  totalPoints: toMilli(15),
  nodes: [
    parentNode('1', [
      parentNode('1.1', [leafNode('1.1.1', toMilli(2)), leafNode('1.1.2', toMilli(2))]),
      leafNode('1.2', toMilli(6)),
    ]),
    parentNode('2', [leafNode('2.1', toMilli(3)), leafNode('2.2', toMilli(2))]),
  ],
};
const ROUND1: Record<string, string> = { '1.1.1': '1.5', '1.1.2': '2', '1.2': '5', '2.1': '3', '2.2': '1' };

interface UnitJson {
  unitId: number;
  maxMilli: number;
  achievedMilli: number;
  indexHundredths: number;
  rank: number;
  flags: { unappraisedLeaves: string[] };
}
interface NodeJson {
  code: string;
  notApplicable?: { reason: string };
  children: NodeJson[];
}

describe('criteria not applicable to a unit (mark, sheet, consolidation)', () => {
  let api: TestApi;
  let ds: DataSource;
  let fx: SheetFixture;
  let admin: TestSession;

  const put = (unitId: number, code: string, body: unknown, session = admin, campaignId = fx.campaignId) =>
    session.fetch(`/api/admin/campaigns/${campaignId}/units/${unitId}/not-applicable/${code}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    fx = await createSheets(ds, api.app.get(WorkflowRunner), { set, units: 2 });
    const org = await createOrganisation(ds, { authorityId: fx.authorityId });
    admin = await createSession(
      ds,
      api.config,
      api.url,
      await createUser(ds, { roles: ['admin'], organisationId: org.id }),
    );
  }, 120_000);
  afterAll(async () => {
    await truncateAll(ds);
    await api.close();
  });

  it('should mark a leaf not applicable with its reason (audited), and refuse no reason, a parent and another authority', async () => {
    const unit = fx.sheets[0].unitId;
    expect((await put(unit, '1.1.2', {})).status).toBe(400);
    const parent = await put(unit, '1.1', { reason: 'Không có nhiệm vụ.' });
    expect(parent.status).toBe(422);
    expect(((await parent.json()) as { error: { code: string } }).error.code).toBe('NOT_A_LEAF');
    const other = await createSession(ds, api.config, api.url, await createUser(ds, { roles: ['admin'] }));
    expect((await put(unit, '1.1.2', { reason: 'Không có nhiệm vụ.' }, other)).status).toBe(404);

    const res = await put(unit, '1.1.2', { reason: 'Đơn vị không có nhiệm vụ này trong năm.' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      expect.objectContaining({ code: '1.1.2', reason: 'Đơn vị không có nhiệm vụ này trong năm.' }),
    ]);
    const audit = await rows<{ data: string }>(
      ds.manager,
      "SELECT data FROM audit_log WHERE action = 'criterion.notApplicable' AND entity_type = 'score_sheet' AND entity_id = ?",
      [fx.sheets[0].id],
    );
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].data)).toMatchObject({ code: '1.1.2', unitId: unit });

    // The campaign's list (the secretariat's screen) names the unit; another authority's admin gets 404.
    expect(await (await admin.fetch(`/api/admin/campaigns/${fx.campaignId}/not-applicable`)).json()).toEqual([
      expect.objectContaining({ unitId: unit, code: '1.1.2', reason: 'Đơn vị không có nhiệm vụ này trong năm.' }),
    ]);
    expect((await other.fetch(`/api/admin/campaigns/${fx.campaignId}/not-applicable`)).status).toBe(404);
  });

  it('should show the mark on the unit’s sheet and not ask for a score on it before submit', async () => {
    const officer = await createSession(ds, api.config, api.url, fx.sheets[0].officer);
    const view = (await (await officer.fetch(`/api/sheets/${fx.sheets[0].id}`)).json()) as {
      maxPoints: number;
      nodes: NodeJson[];
      submitProblems: Array<{ reason: string; code: string }>;
    };
    expect(view.maxPoints).toBe(13);
    expect(view.nodes[0].children[0].children[1]).toMatchObject({
      code: '1.1.2',
      notApplicable: { reason: 'Đơn vị không có nhiệm vụ này trong năm.' },
    });
    const unscored = view.submitProblems.filter((p) => p.reason === 'unscored').map((p) => p.code);
    expect(unscored).toEqual(['1.1.1', '1.2', '2.1', '2.2']);
  });

  it('should consolidate the unit over its applicable maximum, exactly, and rank on it', async () => {
    for (const s of fx.sheets) {
      await fillScores(ds, s.id, (leaf) => ({ round1: toMilli(ROUND1[leaf.code]) }));
    }
    const body = (await (await admin.fetch(`/api/campaigns/${fx.campaignId}/consolidation`)).json()) as {
      tables: Array<{ units: UnitJson[] }>;
    };
    const units = body.tables.flatMap((t) => t.units);
    const marked = units.find((u) => u.unitId === fx.sheets[0].unitId)!;
    const plain = units.find((u) => u.unitId === fx.sheets[1].unitId)!;
    // Independent computation: (1.5 + 5 + 3 + 1) / (15 − 2) = 10.5 / 13 = 80.769…% → 80.77; the other unit
    // counts 1.1.2 too: 12.5 / 15 = 83.33 %.
    expect(marked).toMatchObject({ maxMilli: 13000, achievedMilli: 10500, indexHundredths: 8077 });
    expect(marked.flags.unappraisedLeaves).toEqual([]);
    expect(plain).toMatchObject({ maxMilli: 15000, achievedMilli: 12500, indexHundredths: 8333, rank: 1 });
    expect(marked.rank).toBe(2);

    // Taken back: the leaf counts again (12.5 / 15 for both, a tie).
    const back = await admin.fetch(
      `/api/admin/campaigns/${fx.campaignId}/units/${fx.sheets[0].unitId}/not-applicable/1.1.2`,
      { method: 'DELETE' },
    );
    expect(await back.json()).toEqual([]);
    const again = (await (await admin.fetch(`/api/campaigns/${fx.campaignId}/consolidation`)).json()) as {
      tables: Array<{ units: UnitJson[] }>;
    };
    expect(again.tables.flatMap((t) => t.units).map((u) => u.indexHundredths)).toEqual([8333, 8333]);
  });

  it('should refuse a mark once the unit’s self-assessment has locked (the phase gate)', async () => {
    const late = await createSheets(ds, api.app.get(WorkflowRunner), {
      nextCampaignOf: fx,
      selfAssessmentDueAt: new Date(Date.now() - 60_000),
    });
    const res = await put(late.sheets[0].unitId, '1.2', { reason: 'Không phát sinh.' }, admin, late.campaignId);
    expect(res.status).toBe(423);
    const [n] = await rows<{ n: number }>(
      ds.manager,
      'SELECT COUNT(*) AS n FROM not_applicable_criteria WHERE campaign_id = ?',
      [late.campaignId],
    );
    expect(Number(n.n)).toBe(0);
  });
});
