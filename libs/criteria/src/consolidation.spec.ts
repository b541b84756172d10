import {
  consolidateUnits,
  leafDetails,
  planOf,
  unitFlagLeaves,
  type ConsolidatedScores,
  type ConsolidationUnit,
} from './consolidation';
import { DEFAULT_SCORING_POLICY } from './scoring';
import { syntheticSet } from './test-helpers';

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
