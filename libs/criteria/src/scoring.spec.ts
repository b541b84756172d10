import fc from 'fast-check';
import { leaves } from './tree';
import { DEFAULT_SCORING_POLICY, finalScore, scoreSheet, type ScoreEntry, type StageScores } from './scoring';
import { leafNode, parentNode, syntheticSet } from './test-helpers';
import type { CriteriaSet, CriterionNode } from './types';

/** Arbitrary valid criteria tree: 1–4 fields, up to 3 levels, leaf max 1..5000 milli-points. */
const arbSet: fc.Arbitrary<CriteriaSet> = fc
  .array(
    fc.array(fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 4 }), {
      minLength: 1,
      maxLength: 4,
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((fields) => {
    const nodes = fields.map((crit, f) =>
      parentNode(
        String(f + 1),
        crit.map((subs, c) =>
          subs.length === 1
            ? leafNode(`${f + 1}.${c + 1}`, subs[0])
            : parentNode(
                `${f + 1}.${c + 1}`,
                subs.map((m, s) => leafNode(`${f + 1}.${c + 1}.${s + 1}`, m)),
              ),
        ),
      ),
    );
    return { key: 'p', title: 'P', sample: true, totalPoints: nodes.reduce((a, n) => a + n.maxPoints, 0), nodes };
  });

/** Scores for each leaf, possibly out of range or missing, per stage. */
const arbScores = (set: CriteriaSet) =>
  fc.tuple(
    ...leaves(set).map((l) =>
      fc.record(
        {
          self: fc.option(fc.integer({ min: -500, max: l.maxPoints + 500 }), { nil: null }),
          round1: fc.option(fc.integer({ min: 0, max: l.maxPoints }), { nil: null }),
          round2: fc.option(fc.integer({ min: 0, max: l.maxPoints }), { nil: null }),
          council: fc.option(fc.integer({ min: 0, max: l.maxPoints }), { nil: null }),
        },
        { requiredKeys: [] },
      ),
    ),
  );

const sumLeaves = (n: CriterionNode, pick: (l: CriterionNode) => number): number =>
  n.children.length ? n.children.reduce((a, c) => a + sumLeaves(c, pick), 0) : pick(n);

describe('scoreSheet', () => {
  it('should take final = council ?? round 2 ?? round 1', () => {
    expect(finalScore({ self: 1, round1: 2, round2: 3, council: 4 })).toBe(4);
    expect(finalScore({ round1: 2, round2: 3 })).toBe(3);
    expect(finalScore({ round1: 2, round2: null })).toBe(2);
    expect(finalScore({ self: 1 })).toBeNull();
  });

  it('should sum leaves to parents per stage and index per field', () => {
    const set = syntheticSet(2, 2);
    const r = scoreSheet(set, {
      '1.1': { self: 1000, round1: 500 },
      '1.2': { self: 1000, round1: 1000, round2: 250 },
      '2.1': { round1: 1000, council: 0 },
    });
    expect(r.fields.map((f) => [f.code, f.self, f.round1, f.round2, f.final, f.indexHundredths])).toEqual([
      ['1', 2000, 1500, 750, 750, 3750],
      ['2', 0, 1000, 1000, 0, 0],
    ]);
    expect(r.totals).toMatchObject({ self: 2000, final: 750, maxPoints: 4000, appraisedLeaves: 3, leafCount: 4 });
    expect(r.index.final).toBe(1875);
    expect(r.problems).toEqual([]);
  });

  it('should cap bonus and penalty and the index', () => {
    const set = syntheticSet(1, 100); // 100 points
    const all = Object.fromEntries(leaves(set).map((l) => [l.code, { round1: 1000 }]));
    const r = scoreSheet(set, all, { bonus: { round1: 5000 }, penalty: { round1: 0 } });
    expect(r.bonus.final).toBe(2000);
    expect(r.index.final).toBe(10000); // 102 capped to 100
    const r2 = scoreSheet(set, {}, { penalty: { round1: 9000 } });
    expect(r2.penalty.final).toBe(3000);
    expect(r2.index.final).toBe(0); // never negative
    const noCap = scoreSheet(
      set,
      all,
      { bonus: { round1: 1500 } },
      { ...DEFAULT_SCORING_POLICY, indexCapHundredths: null },
    );
    expect(noCap.index.final).toBe(10150);
  });

  it('should clamp and report scores outside 0..max, unknown codes and survey self-scores', () => {
    const set = syntheticSet(1, 2);
    set.nodes[0].children[1].rule = { kind: 'survey', otherwise: 0 };
    const r = scoreSheet(set, [
      { code: '1.1', round1: 1500 },
      { code: '1.2', self: 1000 },
      { code: '9.9', round1: 1 },
      { code: '1', round1: 1 },
      { code: '1.1', round1: 0 },
    ]);
    expect(r.totals.final).toBe(1000);
    expect(r.totals.self).toBe(0);
    expect(r.problems.map((p) => `${p.kind}@${p.code}`)).toEqual([
      'duplicate-score@1.1',
      'score-out-of-range@1.1',
      'survey-self-scored@1.2',
      'unknown-code@9.9',
      'score-on-parent@1',
    ]);
  });

  describe('properties', () => {
    it('totals equal the sum of the leaves, per stage, at every node', () => {
      fc.assert(
        fc.property(
          arbSet.chain((set) => fc.tuple(fc.constant(set), arbScores(set))),
          ([set, scores]) => {
            const ls = leaves(set);
            const map = new Map(ls.map((l, i) => [l.code, scores[i] as StageScores]));
            const r = scoreSheet(set, map);
            const clamp = (l: CriterionNode, v: number | null | undefined) =>
              Math.min(Math.max(v ?? 0, 0), l.maxPoints);
            const byCode = new Map<string, (typeof r.fields)[number]>();
            const walk = (t: (typeof r.fields)[number]) => {
              byCode.set(t.code, t);
              t.children.forEach(walk);
            };
            r.fields.forEach(walk);
            const visit = (n: CriterionNode) => {
              const t = byCode.get(n.code)!;
              expect(t.self).toBe(sumLeaves(n, (l) => clamp(l, map.get(l.code)?.self)));
              expect(t.final).toBe(sumLeaves(n, (l) => clamp(l, finalScore(map.get(l.code)))));
              expect(t.round2).toBe(sumLeaves(n, (l) => clamp(l, map.get(l.code)?.round2 ?? map.get(l.code)?.round1)));
              n.children.forEach(visit);
            };
            set.nodes.forEach(visit);
            expect(r.totals.final).toBe(r.fields.reduce((a, f) => a + f.final, 0));
          },
        ),
        { numRuns: 200 },
      );
    });

    it('scores never exceed max, and the index stays within 0..100 with capped bonus/penalty', () => {
      fc.assert(
        fc.property(
          arbSet.chain((set) => fc.tuple(fc.constant(set), arbScores(set))),
          fc.integer({ min: -10_000, max: 10_000 }),
          fc.integer({ min: -10_000, max: 10_000 }),
          ([set, scores], bonus, penalty) => {
            const entries: ScoreEntry[] = leaves(set).map((l, i) => ({ code: l.code, ...(scores[i] as StageScores) }));
            const r = scoreSheet(set, entries, { bonus: { round1: bonus }, penalty: { round1: penalty } });
            const check = (t: (typeof r.fields)[number]) => {
              for (const k of ['self', 'round1', 'round2', 'final'] as const) {
                expect(t[k]).toBeGreaterThanOrEqual(0);
                expect(t[k]).toBeLessThanOrEqual(t.maxPoints);
              }
              expect(t.indexHundredths).toBeGreaterThanOrEqual(0);
              expect(t.indexHundredths).toBeLessThanOrEqual(10000);
              t.children.forEach(check);
            };
            check(r.totals);
            expect(r.bonus.final).toBeLessThanOrEqual(2000);
            expect(r.penalty.final).toBeLessThanOrEqual(3000);
            for (const k of ['self', 'round1', 'round2', 'final'] as const) {
              expect(r.index[k]).toBeGreaterThanOrEqual(0);
              expect(r.index[k]).toBeLessThanOrEqual(10000);
              expect(r.achieved[k]).toBeLessThanOrEqual(r.totals.maxPoints);
            }
          },
        ),
        { numRuns: 200 },
      );
    });

    it('evaluation does not depend on the order of the inputs', () => {
      fc.assert(
        fc.property(
          arbSet
            .chain((set) => fc.tuple(fc.constant(set), arbScores(set)))
            .chain(([set, scores]) => {
              const entries: ScoreEntry[] = leaves(set).map((l, i) => ({
                code: l.code,
                ...(scores[i] as StageScores),
              }));
              return fc.tuple(
                fc.constant(set),
                fc.constant(entries),
                fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }),
              );
            }),
          ([set, entries, shuffled]) => {
            const a = scoreSheet(set, entries);
            const b = scoreSheet(set, shuffled);
            expect(b.totals).toEqual(a.totals);
            expect(b.index).toEqual(a.index);
            expect(new Set(b.problems.map((p) => `${p.kind}@${p.code}`))).toEqual(
              new Set(a.problems.map((p) => `${p.kind}@${p.code}`)),
            );
          },
        ),
        { numRuns: 200 },
      );
    });
  });
});
