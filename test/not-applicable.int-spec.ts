import {
  consolidateUnits,
  leafNode,
  leaves,
  parentNode,
  toMilli,
  type ConsolidatedScores,
  type CriteriaSet,
} from '@lib/criteria';
import { DATA_SOURCE, rows, write } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import {
  adjustmentTotals,
  campaignNotApplicable,
  campaignUnits,
  ConsolidationEngine,
  flagSources,
} from '../apps/api/src/app.factory';
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

/**
 * The consolidation without the engine's streaming: every score entry of the campaign read at once and each unit
 * scored by the pure consolidateUnits, from the same inputs the engine reads (consolidation.spec.ts holds its
 * scoreUnit to scoreSheet and unitFlagLeaves).
 */
async function consolidateAtOnce(ds: DataSource, campaignId: number) {
  const em = ds.manager;
  const engine = new ConsolidationEngine(em);
  const c = await engine.campaign(campaignId);
  const units = await campaignUnits(em, campaignId);
  const adjustments = await adjustmentTotals(em, campaignId);
  const flags = await flagSources(em, campaignId);
  const notApplicable = await campaignNotApplicable(em, campaignId);
  const scores = new Map<number, Map<string, ConsolidatedScores>>();
  for (const r of await rows<{
    sheet_id: number;
    criterion_code: string;
    self_milli: number | null;
    appraised_r1_milli: number | null;
    appraised_r2_milli: number | null;
    council_milli: number | null;
    explanation: string | null;
  }>(
    em,
    `SELECT e.sheet_id, e.criterion_code, e.self_milli, e.appraised_r1_milli, e.appraised_r2_milli, e.council_milli,
            e.explanation
       FROM score_sheets s JOIN score_entries e ON e.sheet_id = s.id WHERE s.campaign_id = ?`,
    [campaignId],
  )) {
    const sheet = scores.get(r.sheet_id) ?? new Map<string, ConsolidatedScores>();
    scores.set(r.sheet_id, sheet);
    sheet.set(r.criterion_code, {
      self: r.self_milli,
      round1: r.appraised_r1_milli,
      round2: r.appraised_r2_milli,
      council: r.council_milli,
      explained: r.explanation !== null && r.explanation !== '',
    });
  }
  const inputs = [];
  for (const u of units) {
    inputs.push({
      ...u,
      set: await engine.criteriaSet(u.criteriaSetId),
      scores: (u.sheetId !== null ? scores.get(u.sheetId) : undefined) ?? new Map<string, ConsolidatedScores>(),
      adjustments: adjustments.get(u.unitId) ?? { bonus: 0, penalty: 0 },
      conflictsOfInterest: flags.conflicts.get(u.unitId) ?? [],
      openClarifications: u.sheetId !== null ? (flags.clarifications.get(u.sheetId) ?? 0) : 0,
      evidencedLeaves:
        flags.evidence === null
          ? null
          : ((u.sheetId !== null ? flags.evidence.get(u.sheetId) : undefined) ?? new Set<string>()),
      notApplicable: notApplicable.get(u.unitId) ?? new Set<string>(),
    });
  }
  return consolidateUnits(inputs, c.plan);
}

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

  it('should consolidate a campaign as the pure computation does: caps exceeded, N/A, council/round 2, bonus/penalty, ties', async () => {
    // Field 1 has 35 leaves of mixed max; field 2 a nested parent with a survey leaf; field 3 is a leaf itself.
    const survey = { kind: 'survey' as const, otherwise: 0 };
    const wide: CriteriaSet = {
      key: 'na-random',
      title: 'Bộ tiêu chí ngẫu nhiên',
      sample: true,
      unitGroup: 'agency',
      totalPoints: 0,
      nodes: [
        parentNode(
          '1',
          Array.from({ length: 35 }, (_, i) => leafNode(`1.${i + 1}`, [500, 1000, 1500, 2000][i % 4])),
        ),
        parentNode('2', [
          parentNode('2.1', [leafNode('2.1.1', 2000), leafNode('2.1.2', 1000, survey)]),
          leafNode('2.2', 3000),
        ]),
        leafNode('3', 4000),
      ],
    };
    wide.totalPoints = wide.nodes.reduce((a, n) => a + n.maxPoints, 0);
    const rx = await createSheets(ds, api.app.get(WorkflowRunner), { set: wide, units: 9 });
    let seed = 19;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    // Values on a 250 grid (ties), some outside 0..max, some missing.
    const value = (max: number) => (rnd(6) === 0 ? null : (rnd(max / 250 + 4) - 1) * 250);
    const all = leaves(wide);
    // The last unit has no entry at all; the second scores exactly as the first (a tie).
    const filled = rx.sheets.slice(0, -1);
    const first = new Map<string, Record<string, number | null>>();
    for (const [k, s] of filled.entries()) {
      await fillScores(ds, s.id, (leaf) => {
        const v =
          k === 1
            ? first.get(leaf.code)!
            : {
                self: value(leaf.maxPoints),
                round1: value(leaf.maxPoints),
                round2: rnd(4) === 0 ? value(leaf.maxPoints) : null,
                council: rnd(6) === 0 ? value(leaf.maxPoints) : null,
              };
        if (k === 0) {
          first.set(leaf.code, v);
        }
        return v;
      });
      await write(
        ds.manager,
        "UPDATE score_entries SET explanation = IF(MOD(CRC32(criterion_code), 3) = 0, 'Đã giải trình.', IF(MOD(CRC32(criterion_code), 3) = 1, '', NULL)) WHERE sheet_id = ?",
        [s.id],
      );
    }
    for (const [k, s] of rx.sheets.entries()) {
      // N/A marks (one on a leaf never scored, on the unit without entries), and bonus/penalty beyond the caps.
      for (const code of k <= 1 ? [] : [all[rnd(all.length)].code, all[rnd(all.length)].code]) {
        await write(
          ds.manager,
          'INSERT IGNORE INTO not_applicable_criteria (campaign_id, unit_id, criterion_code, reason) VALUES (?, ?, ?, ?)',
          [rx.campaignId, s.unitId, code, 'Không có nhiệm vụ này.'],
        );
      }
      for (const kind of ['bonus', 'penalty']) {
        if (k > 1 && rnd(2) === 0) {
          await write(
            ds.manager,
            'INSERT INTO adjustment_entries (campaign_id, unit_id, kind, item_code, occurrences, points_milli) VALUES (?, ?, ?, ?, 1, ?)',
            [rx.campaignId, s.unitId, kind, `${kind}.1`, rnd(16) * 250],
          );
        }
      }
    }
    const engine = await new ConsolidationEngine(ds.manager).consolidate(rx.campaignId);
    const pure = await consolidateAtOnce(ds, rx.campaignId);
    const units = engine.tables.flatMap((t) => t.units);
    // The draw does exercise what it is meant to.
    expect(units.some((u) => u.tied)).toBe(true);
    expect(units.some((u) => u.flags.appraisedMuchLower.length > 0 && u.flags.unappraisedLeaves.length > 0)).toBe(true);
    expect(units.some((u) => u.bonusEnteredMilli > u.bonusMilli || u.penaltyEnteredMilli > u.penaltyMilli)).toBe(true);
    expect(units.some((u) => u.maxMilli < wide.totalPoints && u.finalLeavesMilli > 0)).toBe(true);
    // Identical, key order included (what the screens, exports and publication serialise).
    expect(JSON.stringify(engine.tables)).toBe(JSON.stringify(pure));
  });

  it('should refuse a mark once the unit’s self-assessment has locked (the phase gate)', async () => {
    const late = await createSheets(ds, api.app.get(WorkflowRunner), {
      nextCampaignOf: fx,
      selfAssessmentDueAt: new Date(Date.now() - 60_000),
    });
    const res = await put(late.sheets[0].unitId, '1.2', { reason: 'Không phát sinh.' }, admin, late.campaignId);
    expect(res.status).toBe(423);
    // The secretariat is told what it can do itself (extend for the unit), not to contact itself; the zone in words.
    const said = ((await res.json()) as { error: { messageVi: string } }).error.messageVi;
    expect(said).toContain('hãy gia hạn tự đánh giá cho đơn vị này');
    expect(said).not.toContain('liên hệ Văn phòng thường trực');
    expect(said).toContain('(giờ Việt Nam)');
    const [n] = await rows<{ n: number }>(
      ds.manager,
      'SELECT COUNT(*) AS n FROM not_applicable_criteria WHERE campaign_id = ?',
      [late.campaignId],
    );
    expect(Number(n.n)).toBe(0);
  });
});
