/**
 * criteria: score and rank 3,321 units (the number of commune-level units after the 2025 reform) × 100
 * leaves, against a plain loop summing the same milli-point numbers. The ratio shows what the exact
 * arithmetic, per-stage totals, clamping, index rounding and "đồng hạng" ranking cost over bare addition.
 * Self-contained: the set and the scores are synthetic and deterministic (seeded), built once outside the timing.
 */
import { rankUnits, scoreSheet, syntheticSet, type StageScores } from '@lib/criteria';
import { opsPerSecond, row, type Benchmark } from './harness';

const UNITS = 3321;
const FIELDS = 10;
const LEAVES_PER_FIELD = 10;

/** Deterministic PRNG (mulberry32) so every run scores the same numbers. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const bench: Benchmark = {
  name: 'criteria',
  async run() {
    const set = syntheticSet(FIELDS, LEAVES_PER_FIELD, 1000);
    const codes = set.nodes.flatMap((f) => f.children.map((c) => c.code));
    const rnd = prng(2023);
    // Scores on a 0.25-point grid so ties occur, as they do in real tables.
    const values = new Int32Array(UNITS * codes.length);
    for (let i = 0; i < values.length; i++) {
      values[i] = Math.floor(rnd() * 5) * 250;
    }
    const sheets: Map<string, StageScores>[] = [];
    for (let u = 0; u < UNITS; u++) {
      const m = new Map<string, StageScores>();
      codes.forEach((c, l) => m.set(c, { self: 1000, round1: values[u * codes.length + l] }));
      sheets.push(m);
    }
    const names = Array.from({ length: UNITS }, (_, u) => `Xã ${String(u).padStart(4, '0')}`);

    let sink = 0;
    const app = () => {
      const entries = sheets.map((s, u) => ({
        unitCode: `u${u}`,
        unitName: names[u],
        indexHundredths: scoreSheet(set, s).index.final,
      }));
      sink += rankUnits(entries)[0].indexHundredths;
    };
    const baseline = () => {
      for (let u = 0; u < UNITS; u++) {
        let total = 0;
        for (let l = 0; l < codes.length; l++) {
          total += values[u * codes.length + l];
        }
        sink += total;
      }
    };
    const appOps = await opsPerSecond(app, 3000, 500);
    const baseOps = await opsPerSecond(baseline, 1000, 200);
    if (Number.isNaN(sink)) {
      throw new Error('unreachable: keeps the work observable');
    }
    return [
      row(
        'criteria: score+rank 3,321 units × 100 leaves',
        Number(appOps.toFixed(2)),
        Number(baseOps.toFixed(2)),
        'passes/s',
        true,
        `one pass = scoreSheet (4 stages, exact milli-points, index half-up) for every unit + rankUnits with Vietnamese tie order; baseline = plain loop summing the same ${UNITS * codes.length} numbers; ${(1000 / appOps).toFixed(1)} ms per pass`,
      ),
    ];
  },
};

export default bench;
