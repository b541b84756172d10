import { toMilli } from './points';
import { DEFAULT_SCORING_POLICY, scoreSheet } from './scoring';
import { leafNode, parentNode } from './test-helpers';
import type { CriteriaSet } from './types';

// Field 1 (10): 1.1 (4) = 1.1.1 (2) + 1.1.2 (2); 1.2 (6). Field 2 (5): 2.1 (3), 2.2 (2). Total 15.
const set: CriteriaSet = {
  key: 'na',
  title: 'N/A',
  sample: true,
  totalPoints: toMilli(15),
  nodes: [
    parentNode('1', [
      parentNode('1.1', [leafNode('1.1.1', toMilli(2)), leafNode('1.1.2', toMilli(2))]),
      leafNode('1.2', toMilli(6)),
    ]),
    parentNode('2', [leafNode('2.1', toMilli(3)), leafNode('2.2', toMilli(2))]),
  ],
};
const r1 = (points: string) => ({ round1: toMilli(points) });

describe('scoreSheet with criteria not applicable to the unit (index = achieved ÷ applicable max × 100)', () => {
  it('should leave a N/A leaf’s max out of its parent, its field and the total, and ignore its scores', () => {
    const r = scoreSheet(
      set,
      { '1.1.1': r1('1.5'), '1.1.2': r1('2'), '1.2': r1('5'), '2.1': r1('3'), '2.2': r1('1') },
      {},
      DEFAULT_SCORING_POLICY,
      new Set(['1.1.2']),
    );
    // Applicable max 15 − 2 = 13; achieved 1.5 + 5 + 3 + 1 = 10.5; 10.5 / 13 = 80.769…% → 80.77.
    expect(r.totals.maxPoints).toBe(toMilli(13));
    expect(r.totals.final).toBe(toMilli('10.5'));
    expect(r.index.final).toBe(8077);
    // Field 1: max 8, 6.5 → 81.25 %; criterion 1.1: max 2, 1.5 → 75 %.
    expect(r.fields[0]).toMatchObject({ maxPoints: toMilli(8), final: toMilli('6.5'), indexHundredths: 8125 });
    const c11 = r.fields[0].children[0];
    expect(c11).toMatchObject({ maxPoints: toMilli(2), final: toMilli('1.5'), indexHundredths: 7500, leafCount: 1 });
    expect(c11.children[1]).toMatchObject({ notApplicable: true, maxPoints: 0, final: 0 });
    // Without the N/A mark the same scores give (1.5 + 2 + 5 + 3 + 1) / 15 = 83.33 %.
    expect(
      scoreSheet(set, { '1.1.1': r1('1.5'), '1.1.2': r1('2'), '1.2': r1('5'), '2.1': r1('3'), '2.2': r1('1') }).index
        .final,
    ).toBe(8333);
  });

  it('should cap the index at 100 % of the applicable max when a bonus would carry it over', () => {
    const full = { '1.1.1': r1('2'), '1.1.2': r1('2'), '2.1': r1('3'), '2.2': r1('2') };
    const r = scoreSheet(set, full, { bonus: { round1: toMilli(2) } }, DEFAULT_SCORING_POLICY, new Set(['1.2']));
    // Applicable max 9; 9 + 2 bonus = 11 > 9: capped to 9 points, index 100 %.
    expect(r.totals.maxPoints).toBe(toMilli(9));
    expect(r.achieved.final).toBe(toMilli(9));
    expect(r.index.final).toBe(10000);
    // Field 1 is over 1.1 only (4 points): 4 / 4.
    expect(r.fields[0]).toMatchObject({ maxPoints: toMilli(4), indexHundredths: 10000 });
  });

  it('should give a field whose every leaf is N/A a max of 0 and leave the total over the other field', () => {
    const r = scoreSheet(
      set,
      { '1.1.1': r1('1'), '1.1.2': r1('1'), '1.2': r1('3'), '2.1': r1('3') },
      {},
      DEFAULT_SCORING_POLICY,
      new Set(['2.1', '2.2']),
    );
    expect(r.fields[1]).toMatchObject({ maxPoints: 0, final: 0, indexHundredths: 0, leafCount: 0 });
    // 5 / 10 = 50 %.
    expect(r.index.final).toBe(5000);
  });

  it('should round a repeating index half-up exactly: 2 of an applicable 3 points is 66.67 %', () => {
    const small: CriteriaSet = {
      ...set,
      totalPoints: toMilli(6),
      nodes: [parentNode('1', [leafNode('1.1', toMilli(3)), leafNode('1.2', toMilli(3))])],
    };
    const r = scoreSheet(small, { '1.1': r1('2'), '1.2': r1('3') }, {}, DEFAULT_SCORING_POLICY, new Set(['1.2']));
    expect(r.index.final).toBe(6667);
    // 0.001 of 3: 0.0333…% → 0.03.
    expect(scoreSheet(small, { '1.1': r1('0.001') }, {}, DEFAULT_SCORING_POLICY, new Set(['1.2'])).index.final).toBe(3);
  });
});
