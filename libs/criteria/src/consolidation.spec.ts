import fc from 'fast-check';
import {
  consolidateUnits,
  leafDetails,
  planOf,
  scoreUnit,
  unitFlagLeaves,
  type ConsolidatedScores,
  type ConsolidationUnit,
} from './consolidation';
import { DEFAULT_SCORING_POLICY, scoreSheet, type ScoringPolicy } from './scoring';
import { leafNode, parentNode, syntheticSet } from './test-helpers';
import { leaves } from './tree';
import type { CriteriaSet } from './types';

const set = syntheticSet(1, 2, 2000); // leaves 1.1 and 1.2, 2 points each
const scores = (entries: Record<string, Partial<ConsolidatedScores>>) =>
  new Map(
    Object.entries(entries).map(([code, s]) => [
      code,
      { self: null, round1: null, round2: null, council: null, explained: false, ...s },
    ]),
  );
const unit = (code: string, group: string, s: ReturnType<typeof scores>, over: Partial<ConsolidationUnit> = {}) => ({
  unitId: code.charCodeAt(0),
  unitCode: code,
  unitName: `Đơn vị ${code}`,
  group,
  sheetId: 1,
  sheetState: 'appraised',
  set,
  scores: s,
  adjustments: { bonus: 0, penalty: 0 },
  conflictsOfInterest: [],
  openClarifications: 0,
  evidencedLeaves: new Set<string>(),
  ...over,
});

describe(consolidateUnits.name, () => {
  it('should rank each group in its own table by final index, ties sharing a rank', () => {
    const tables = consolidateUnits(
      [
        unit('A', 'agency', scores({ '1.1': { round1: 1000 }, '1.2': { round1: 1000 } })),
        unit('B', 'agency', scores({ '1.1': { round1: 2000 }, '1.2': { round1: 2000, council: 1000 } })),
        unit('C', 'agency', scores({ '1.1': { round1: 1000 }, '1.2': { round1: 1000 } })),
        unit('X', 'commune', scores({ '1.1': { round1: 500 } })),
      ],
      null,
    );
    expect(tables.map((t) => [t.tableNo, t.group])).toEqual([
      [1, 'agency'],
      [2, 'commune'],
    ]);
    const agency = tables[0].units.map((u) => [u.unitCode, u.rank, u.tied, u.finalLeavesMilli]);
    expect(agency).toEqual([
      ['B', 1, false, 3000],
      ['A', 2, true, 2000],
      ['C', 2, true, 2000],
    ]);
    expect(tables[1].units[0].flags.unappraisedLeaves).toEqual(['1.2']);
  });

  it('should cap bonus and penalty by the policy but report what was entered', () => {
    const [table] = consolidateUnits(
      [unit('A', 'agency', scores({ '1.1': { round1: 1000 } }), { adjustments: { bonus: 9000, penalty: 0 } })],
      null,
    );
    expect(table.units[0].bonusEnteredMilli).toBe(9000);
    expect(table.units[0].bonusMilli).toBe(DEFAULT_SCORING_POLICY.bonusCap);
  });
});

describe(scoreUnit.name, () => {
  // Field 1: 35 leaves of mixed max; field 2: a nested parent with a survey leaf; field 3: a leaf by itself.
  const wide: CriteriaSet = {
    key: 'wide',
    title: 'Wide',
    sample: true,
    totalPoints: 0,
    nodes: [
      parentNode(
        '1',
        Array.from({ length: 35 }, (_, i) => leafNode(`1.${i + 1}`, [500, 1000, 1500, 2000][i % 4])),
      ),
      parentNode('2', [
        parentNode('2.1', [leafNode('2.1.1', 2000), leafNode('2.1.2', 1000, { kind: 'survey', otherwise: 0 })]),
        leafNode('2.2', 3000),
      ]),
      leafNode('3', 4000),
    ],
  };
  const codes = leaves(wide).map((l) => l.code);
  // Values beyond both ends of every leaf's range, on a 250 grid, sometimes absent or not an integer.
  const value = fc.oneof(
    fc.constant(null),
    fc.integer({ min: -4, max: 20 }).map((n) => n * 250),
    fc.constant(0.5),
  );
  const entry = fc.record({ self: value, round1: value, round2: value, council: value, explained: fc.boolean() });
  const arbUnit = fc.record({
    entries: fc.dictionary(fc.constantFrom(...codes, '2.1', 'x.9'), entry),
    notApplicable: fc.uniqueArray(fc.constantFrom(...codes), { maxLength: 5 }),
    evidenced: fc.option(fc.uniqueArray(fc.constantFrom(...codes), { maxLength: 20 })),
    bonus: fc.integer({ min: 0, max: 5000 }),
    penalty: fc.integer({ min: 0, max: 5000 }),
    withSheet: fc.boolean(),
    indexCap: fc.constantFrom(10000, null),
  });

  it('should give the figures of scoreSheet and the flags of unitFlagLeaves on any sheet', () => {
    wide.totalPoints = wide.nodes.reduce((a, n) => a + n.maxPoints, 0);
    fc.assert(
      fc.property(arbUnit, (a) => {
        const u: ConsolidationUnit = {
          ...unit('A', 'agency', new Map(Object.entries(a.entries))),
          set: wide,
          sheetId: a.withSheet ? 1 : null,
          adjustments: { bonus: a.bonus, penalty: a.penalty },
          evidencedLeaves: a.evidenced === null ? null : new Set(a.evidenced),
          notApplicable: new Set(a.notApplicable),
        };
        const policy: ScoringPolicy = { ...DEFAULT_SCORING_POLICY, indexCapHundredths: a.indexCap };
        const r = scoreSheet(
          wide,
          u.scores,
          { bonus: { round1: a.bonus }, penalty: { round1: a.penalty } },
          policy,
          u.notApplicable,
        );
        const got = scoreUnit(u, policy);
        expect(got).toMatchObject({
          maxMilli: r.totals.maxPoints,
          selfMilli: r.totals.self,
          round1Milli: r.totals.round1,
          round2Milli: r.totals.round2,
          finalLeavesMilli: r.totals.final,
          bonusMilli: r.bonus.final,
          penaltyMilli: r.penalty.final,
          achievedMilli: r.achieved.final,
          selfIndexHundredths: r.index.self,
          indexHundredths: r.index.final,
        });
        expect(got.fields).toEqual(
          r.fields.map((f) => ({
            code: f.code,
            title: f.title,
            maxMilli: f.maxPoints,
            selfMilli: f.self,
            finalMilli: f.final,
            indexHundredths: f.indexHundredths,
          })),
        );
        expect(got.flags).toEqual({
          ...unitFlagLeaves(wide, u.scores, a.withSheet ? u.evidencedLeaves : null, u.notApplicable),
          conflictsOfInterest: [],
          openClarifications: 0,
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe(unitFlagLeaves.name, () => {
  it('should flag a leaf appraised at least half its max below the self score, and a self score without evidence or explanation', () => {
    const s = scores({ '1.1': { self: 2000, round1: 1000 }, '1.2': { self: 1000, round1: 1000, explained: true } });
    expect(unitFlagLeaves(set, s, new Set())).toEqual({
      appraisedMuchLower: ['1.1'],
      missingEvidence: ['1.1'],
      unappraisedLeaves: [],
    });
    expect(unitFlagLeaves(set, s, new Set(['1.1'])).missingEvidence).toEqual([]);
    // Evidence not tracked: nothing is flagged as missing.
    expect(unitFlagLeaves(set, s, null).missingEvidence).toEqual([]);
  });
});

describe(leafDetails.name, () => {
  it('should list every leaf in tree order with its field, and the final score council ?? round 2 ?? round 1', () => {
    const details = leafDetails(
      set,
      new Map([
        [
          '1.2',
          {
            selfMilli: 2000,
            explanation: null,
            round1Milli: 1000,
            round1Comment: 'r1',
            round2Milli: 1500,
            round2Comment: null,
            councilMilli: null,
            councilReason: null,
          },
        ],
      ]),
    );
    expect(details.map((d) => [d.code, d.field, d.finalMilli])).toEqual([
      ['1.1', '1', null],
      ['1.2', '1', 1500],
    ]);
  });
});

describe(planOf.name, () => {
  it('should read a plan from text or an object, and give null for anything that is not a plan', () => {
    expect(planOf('not json')).toBeNull();
    expect(planOf('{}')).toBeNull();
    expect(planOf({ unitGroups: [] } as never)).toEqual({ unitGroups: [] });
  });
});
