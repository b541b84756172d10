import fc from 'fast-check';
import { indexHundredths } from './points';
import { scoreSheet } from './scoring';
import { leafNode, parentNode } from './test-helpers';

describe('scoreSheet index arithmetic', () => {
  it('should agree with the BigInt reference for every achieved/max pair', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.nat(10_000_000), (max, a) => {
        const achieved = Math.min(a, max);
        const set = {
          key: 'k',
          title: 't',
          sample: true,
          totalPoints: max,
          nodes: [parentNode('1', [leafNode('1.1', max)])],
        };
        const r = scoreSheet(
          set,
          { '1.1': { round1: achieved } },
          {},
          { bonusCap: 0, penaltyCap: 0, indexCapHundredths: null },
        );
        expect(r.index.final).toBe(indexHundredths(achieved, max));
        expect(r.fields[0].indexHundredths).toBe(indexHundredths(achieved, max));
      }),
      { numRuns: 2000 },
    );
  });
});
