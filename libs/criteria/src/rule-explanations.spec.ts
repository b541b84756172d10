/**
 * An explanation never crosses a threshold the score did not: for every rule kind whose explanation states a
 * comparison (bands, survey bands, proportional, deadline, per-occurrence floor), at inputs just below, at and
 * just above each threshold, the comparison the text states holds for the numbers it shows, holds for the input,
 * and the numbers shown would have scored the points awarded.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { compareRational, parseDecimal, type Milli, type Rational } from './points';
import { evaluateRule, fmtPts, type RuleInput } from './rules';
import type { Band, ScoringRule } from './types';

const NUM = String.raw`(\d+(?:,\d+)?)`;

function decimal(text: string): Rational {
  const r = parseDecimal(text);
  if (!r) {
    throw new Error(`not a decimal: ${text}`);
  }
  return r;
}

/** n thousandths as a decimal text ("97995" → "97.995"). */
const thousandths = (n: number) => (n / 1000).toFixed(3).replace(/\.?0+$/, '');

/** The exact input a rule saw. */
function actual(input: RuleInput): Rational {
  return input.numerator !== undefined
    ? { num: BigInt(input.numerator) * 100n, den: BigInt(input.denominator!) }
    : decimal(String(input.value));
}

/** Decimal texts just below, at and just above `t` (by 10⁻¹ … 10⁻⁹), and count ratios around it. */
function near(t: Rational, denominators: readonly number[]): RuleInput[] {
  const out: RuleInput[] = [];
  const at = Number(t.num) / Number(t.den);
  for (let k = 1; k <= 9; k++) {
    const step = { num: 1n, den: 10n ** BigInt(k) };
    for (const sign of [-1n, 1n]) {
      const num = t.num * step.den + sign * step.num * t.den;
      if (num >= 0n) {
        out.push({ value: ratioText({ num, den: t.den * step.den }) });
      }
    }
  }
  out.push({ value: ratioText(t) });
  for (const d of denominators) {
    const n = Math.floor((at * d) / 100);
    for (const delta of [-1, 0, 1, 2]) {
      if (n + delta >= 0) {
        out.push({ numerator: n + delta, denominator: d });
      }
    }
  }
  return out;
}

/** An exact decimal rational (den a power of ten) as text with a dot. */
function ratioText(r: Rational): string {
  const decimals = r.den.toString().length - 1;
  const digits = r.num.toString().padStart(decimals + 1, '0');
  return decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

const thresholdsArb = fc
  .uniqueArray(fc.integer({ min: 1, max: 150_000 }), { minLength: 1, maxLength: 4 })
  .map((ns) => ns.sort((a, b) => b - a).map(thousandths));
const maxArb = fc.integer({ min: 1, max: 10_000 });
const denominatorsArb = fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 3 });

function bandsArb(max: number) {
  return fc.record({
    mins: thresholdsArb,
    points: fc.array(fc.integer({ min: 0, max }), { minLength: 4, maxLength: 4 }),
    otherwise: fc.integer({ min: 0, max }),
  });
}

/** Check a band explanation (`V% ≥ T% → P điểm` / `V% < T% → P điểm`) against the rule and the input. */
function expectBandExplanation(
  rule: ScoringRule,
  bands: readonly Band[],
  input: RuleInput,
  max: Milli,
  prefix: string,
): void {
  const result = evaluateRule(rule, input, { maxPoints: max });
  const m = new RegExp(`^${prefix}${NUM}% (≥|<) ${NUM}% → ${NUM} điểm$`).exec(result.explanation);
  expect(m).not.toBeNull();
  const [, shownText, op, thresholdText, pointsText] = m!;
  const shown = decimal(shownText);
  const threshold = decimal(thresholdText);
  expect(bands.some((b) => compareRational(decimal(b.min), threshold) === 0)).toBe(true);
  const holds = (v: Rational) => (op === '≥' ? compareRational(v, threshold) >= 0 : compareRational(v, threshold) < 0);
  expect({ explanation: result.explanation, shownHolds: holds(shown), inputHolds: holds(actual(input)) }).toEqual({
    explanation: result.explanation,
    shownHolds: true,
    inputHolds: true,
  });
  expect(pointsText).toBe(fmtPts(result.points!));
  // The number shown scores what the input scored: it is in the same band.
  expect(evaluateRule(rule, { value: shownText.replace(',', '.') }, { maxPoints: max }).points).toBe(result.points);
}

describe('rule explanations state only comparisons the score made', () => {
  it('bands (and the same bands inside survey and "không phát sinh" rules)', () => {
    fc.assert(
      fc.property(
        maxArb.chain((max) => fc.tuple(fc.constant(max), bandsArb(max), denominatorsArb)),
        fc.constantFrom('bands', 'survey', 'noOccurrence'),
        ([max, { mins, points, otherwise }, denominators], kind) => {
          const bands: Band[] = mins.map((min, i) => ({ min, points: points[i] }));
          const inner: ScoringRule = { kind: 'bands', bands, otherwise };
          const rule: ScoringRule =
            kind === 'survey'
              ? { kind: 'survey', bands, otherwise }
              : kind === 'noOccurrence'
                ? { kind: 'noOccurrenceFullMarks', otherwise: inner }
                : inner;
          const prefix = kind === 'survey' ? 'Khảo sát: ' : '';
          for (const min of mins) {
            for (const input of near(decimal(min), denominators)) {
              expectBandExplanation(
                rule,
                bands,
                kind === 'noOccurrence' ? { ...input, occurrences: 1 } : input,
                max,
                prefix,
              );
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('proportional (rate and ofTarget) and survey rates', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }).map(thousandths),
        fc.constantFrom<'rate' | 'ofTarget' | 'survey'>('rate', 'ofTarget', 'survey'),
        maxArb,
        denominatorsArb,
        (targetText, mode, max, denominators) => {
          const rule: ScoringRule =
            mode === 'survey' ? { kind: 'survey', otherwise: 0 } : { kind: 'proportional', target: targetText, mode };
          const target = mode === 'survey' ? decimal('100') : decimal(targetText);
          for (const input of near(target, denominators)) {
            const result = evaluateRule(rule, input, { maxPoints: max });
            const value = actual(input);
            const side = Math.sign(compareRational(value, target));
            let shownText: string;
            let pointsText: string;
            const reached = new RegExp(`^${NUM}% ≥ ${NUM}% → ${NUM} điểm$`).exec(result.explanation);
            const below = new RegExp(`^(?:Tỷ lệ|Khảo sát:) ${NUM}% × ${NUM} điểm = ${NUM} điểm$`).exec(
              result.explanation,
            );
            const ofTarget = new RegExp(`^${NUM}% / chỉ tiêu ${NUM}% × ${NUM} điểm = ${NUM} điểm$`).exec(
              result.explanation,
            );
            if (mode === 'ofTarget') {
              expect(ofTarget).not.toBeNull();
              [, shownText, , , pointsText] = ofTarget!;
              expect(compareRational(decimal(ofTarget![2]), target)).toBe(0);
            } else if (mode === 'rate' && side >= 0) {
              expect(reached).not.toBeNull();
              [, shownText, , pointsText] = reached!;
              expect(compareRational(decimal(reached![2]), target)).toBe(0);
            } else {
              expect(below).not.toBeNull();
              [, shownText, , pointsText] = below!;
            }
            // The number shown is on the input's side of the target, and computes the points awarded.
            expect({
              explanation: result.explanation,
              side: Math.sign(compareRational(decimal(shownText), target)),
            }).toEqual({
              explanation: result.explanation,
              side,
            });
            expect(pointsText).toBe(fmtPts(result.points!));
            // The figures shown compute the points awarded, up to the rounding of the last milli-point.
            const recomputed = evaluateRule(rule, { value: shownText.replace(',', '.') }, { maxPoints: max }).points!;
            expect(Math.abs(recomputed - result.points!)).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('deadlines: "trước hạn" only when the shown signing time is before the shown deadline, and the signature was', () => {
    const zone = 'Asia/Ho_Chi_Minh';
    const formats = ['dd/MM/yyyy HH:mm', 'dd/MM/yyyy HH:mm:ss', 'dd/MM/yyyy HH:mm:ss.SSS'];
    const read = (text: string) => {
      const format = formats.find((f) => f.length === text.length)!;
      return DateTime.fromFormat(text, format, { zone }).toMillis();
    };
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom('minute', 'second', 'millisecond'),
        fc.constantFrom(0, 1, 999, 1000, 59_000, 60_000, 3_600_000),
        fc.constantFrom(-1, 1),
        (dueDate, resolution, delta, sign) => {
          const due = DateTime.fromJSDate(dueDate, { zone }).startOf(resolution);
          const rule: ScoringRule = {
            kind: 'deadline',
            due: due.toISO({ includeOffset: false })!,
            latePoints: 500,
            missingPoints: 0,
          };
          const signed = due.plus({ milliseconds: sign * delta });
          const result = evaluateRule(rule, { signedAt: signed.toUTC().toISO()! }, { maxPoints: 1000, timeZone: zone });
          const m = new RegExp(`^Ký số lúc (.+), (trước|không trước) hạn (.+) → ${NUM} điểm$`).exec(result.explanation);
          expect(m).not.toBeNull();
          const [, shownSigned, verdict, shownDue, pointsText] = m!;
          const onTime = signed.toMillis() < due.toMillis();
          expect({ explanation: result.explanation, verdict, shownOnTime: read(shownSigned) < read(shownDue) }).toEqual(
            {
              explanation: result.explanation,
              verdict: onTime ? 'trước' : 'không trước',
              shownOnTime: onTime,
            },
          );
          expect(pointsText).toBe(fmtPts(onTime ? 1000 : 500));
          expect(result.points).toBe(onTime ? 1000 : 500);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('per occurrence: "không thấp hơn" the floor only when the deductions went below it', () => {
    fc.assert(
      fc.property(
        maxArb,
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 0, max: 100 }),
        (max, deduction, pct) => {
          const floor = Math.floor((max * pct) / 100);
          const rule: ScoringRule = { kind: 'perOccurrence', deduction, floor };
          const crossing = Math.ceil((max - floor) / deduction);
          for (const n of [crossing - 1, crossing, crossing + 1].filter((k) => k >= 0)) {
            const result = evaluateRule(rule, { occurrences: n }, { maxPoints: max });
            const m = new RegExp(`^(\\d+) lần × −${NUM} điểm → ${NUM} điểm(?: \\(không thấp hơn ${NUM}\\))?$`).exec(
              result.explanation,
            );
            expect(m).not.toBeNull();
            const raw = max - n * deduction;
            expect({ explanation: result.explanation, floorStated: m![4] !== undefined }).toEqual({
              explanation: result.explanation,
              floorStated: raw < floor,
            });
            expect(m![3]).toBe(fmtPts(Math.max(raw, floor)));
            expect(result.points).toBe(Math.max(raw, floor));
          }
        },
      ),
    );
  });

  it('reads the cases of issue 20 truthfully', () => {
    const rule: ScoringRule = {
      kind: 'bands',
      bands: [
        { min: '95', points: 2000 },
        { min: '80', points: 1000 },
      ],
      otherwise: 0,
    };
    expect(evaluateRule(rule, { value: 94.999 }, { maxPoints: 2000 }).explanation).toBe('94,999% ≥ 80% → 1 điểm');
    expect(evaluateRule(rule, { value: '79.9999' }, { maxPoints: 2000 }).explanation).toBe('79,9999% < 80% → 0 điểm');
    // 1899999 of 2000000 = 94.99995 %: two decimals would read 95 %.
    expect(evaluateRule(rule, { numerator: 1_899_999, denominator: 2_000_000 }, { maxPoints: 2000 }).explanation).toBe(
      '94,99995% ≥ 80% → 1 điểm',
    );
    // 2/3 is no decimal: rounded, as long as that crosses nothing.
    expect(evaluateRule(rule, { numerator: 2, denominator: 3 }, { maxPoints: 2000 }).explanation).toBe(
      '66,67% < 80% → 0 điểm',
    );
    // 799999 of 1000001 = 79.99982…%: 2 or 3 decimals would read 80 %, so it takes 4.
    expect(evaluateRule(rule, { numerator: 799_999, denominator: 1_000_001 }, { maxPoints: 2000 }).explanation).toBe(
      '79,9998% < 80% → 0 điểm',
    );
  });
});
