/**
 * Exact point arithmetic.
 *
 * Points are kept as integer **thousandths** ("milli-points", type {@link Milli}) everywhere inside the
 * library: criteria sets publish maxima such as 0.2, 0.75 or 1.5 points, and summing those as binary
 * floats drifts (0.1 + 0.2 !== 0.3), which would make a parent's max differ from the sum of its children
 * or move a unit across a class boundary. A third of a point cannot be written in thousandths, so a set
 * that splits 1 point into 3 conditions must say how (e.g. 0.333 + 0.333 + 0.334); the validator checks
 * the parts add up to the parent.
 *
 * Rounding happens once, at the edge: {@link formatPoints} for display and {@link indexHundredths} for the
 * published index (2 decimals, half-up).
 */

/** Integer thousandths of a point (1 point = 1000). Always a safe integer. */
export type Milli = number;

/** Milli-points in one point. */
export const MILLI_PER_POINT = 1000;

const DECIMAL = /^([+-])?(\d+)(?:[.,](\d+))?$/;

/**
 * A decimal written by a person — a finite number (through its shortest round-trip string), or text with a
 * dot or a decimal comma, white space ignored, and a trailing `%` when `percent` — split into its sign, whole
 * and fraction digits. `undefined` for anything else, including exponent notation (1e-7 and friends: far below
 * a thousandth, or absurdly large; neither is a point value).
 */
function splitDecimal(value: unknown, percent: boolean): { sign?: string; whole: string; frac: string } | undefined {
  let text: string;
  if (typeof value === 'number') {
    text = String(value);
    if (!Number.isFinite(value) || /e/i.test(text)) {
      return undefined;
    }
  } else if (typeof value === 'string') {
    text = value.trim().replace(/\s+/g, '');
    if (percent) {
      text = text.replace(/%$/, '');
    }
  } else {
    return undefined;
  }
  const m = DECIMAL.exec(text);
  if (!m) {
    return undefined;
  }
  const [, sign, whole, frac = ''] = m;
  return { sign, whole, frac };
}

/**
 * Parse a decimal written by a person (YAML scalar, Excel cell, CLI argument) into milli-points, exactly.
 * Accepts a dot or a Vietnamese decimal comma ("0,5"). Numbers are read through their shortest
 * round-trip string, so `0.333` becomes 333 without float error.
 *
 * @returns the milli-points, or `undefined` when the text is not a decimal or has more than 3 decimals
 *          (which cannot be represented exactly — the caller reports that as a problem).
 */
export function parsePoints(value: unknown): Milli | undefined {
  const parts = splitDecimal(value, false);
  if (!parts) {
    return undefined;
  }
  const { sign, whole, frac } = parts;
  const trimmed = frac.replace(/0+$/, '');
  if (trimmed.length > 3) {
    return undefined;
  }
  const milli = Number(whole) * MILLI_PER_POINT + Number(trimmed.padEnd(3, '0'));
  if (!Number.isSafeInteger(milli)) {
    return undefined;
  }
  return sign === '-' ? -milli : milli;
}

/** Convert whole points (an integer or a decimal with ≤ 3 places) to milli-points; throws on anything else. Handy in code and tests. */
export function toMilli(points: number | string): Milli {
  const milli = parsePoints(points);
  if (milli === undefined) {
    throw new RangeError(`Not an exact point value (at most 3 decimals): ${String(points)}`);
  }
  return milli;
}

/** Divide `num` by `den` (integers or bigints, den > 0) rounding half away from zero — the rounding people expect on paper. */
export function divRoundHalfUp(num: bigint, den: bigint): bigint {
  if (den <= 0n) {
    throw new RangeError('divRoundHalfUp: denominator must be positive');
  }
  const neg = num < 0n;
  const a = neg ? -num : num;
  const q = (2n * a + den) / (2n * den);
  return neg ? -q : q;
}

/**
 * Format milli-points for people: `decimals` places (default 2, half-up), Vietnamese decimal comma by default.
 * Trailing zeros are kept so columns line up ("1,50").
 */
export function formatPoints(milli: Milli, decimals = 2, decimalSeparator = ','): string {
  return formatScaled(BigInt(milli), 3, decimals, decimalSeparator);
}

/**
 * Format an integer that carries `scale` implied decimals (e.g. hundredths: scale 2) with `decimals`
 * places, rounding half-up when `decimals` < `scale`.
 */
export function formatScaled(value: bigint, scale: number, decimals: number, decimalSeparator = ','): string {
  let v = value;
  if (decimals < scale) {
    v = divRoundHalfUp(v, 10n ** BigInt(scale - decimals));
  } else if (decimals > scale) {
    v = v * 10n ** BigInt(decimals - scale);
  }
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const frac = digits.slice(digits.length - decimals);
  return `${neg ? '-' : ''}${whole}${decimals > 0 ? decimalSeparator + frac : ''}`;
}

/**
 * Milli-points as the shortest exact decimal number of points (1500 → 1.5, 333 → 0.333), for YAML/Excel
 * output. The result re-parses to the same milli-points through {@link parsePoints}.
 */
export function milliToNumber(milli: Milli): number {
  return Number(formatScaled(BigInt(milli), 3, 3, '.'));
}

/**
 * The index (percentage) achieved/max × 100, rounded half-up to 2 decimals, as an integer number of
 * hundredths of a percent (9218 = 92,18 %). Exact: computed with BigInt, no floats.
 * `max` must be positive.
 */
export function indexHundredths(achieved: Milli, max: Milli): number {
  if (max <= 0) {
    throw new RangeError('indexHundredths: max must be positive');
  }
  return Number(divRoundHalfUp(BigInt(achieved) * 10000n, BigInt(max)));
}

/** Format an index held in hundredths of a percent ("92,18"). */
export function formatIndex(hundredths: number, decimalSeparator = ','): string {
  return formatScaled(BigInt(hundredths), 2, 2, decimalSeparator);
}

/**
 * Parse a percentage or score threshold written as a decimal ("98", "99,5", 90) into an exact rational
 * `{ num, den }` with den a power of ten. Returns `undefined` for non-decimals.
 */
export function parseDecimal(value: unknown): Rational | undefined {
  const parts = splitDecimal(value, true);
  if (!parts) {
    return undefined;
  }
  const { sign, whole, frac } = parts;
  const num = BigInt(whole + frac) * (sign === '-' ? -1n : 1n);
  return { num, den: 10n ** BigInt(frac.length) };
}

/** An exact non-negative-denominator fraction, used for rates and thresholds. */
export interface Rational {
  num: bigint;
  den: bigint;
}

/** Compare two rationals: negative if a < b, 0 if equal, positive if a > b. */
export function compareRational(a: Rational, b: Rational): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** A rational as a short decimal string for explanations (up to `decimals` places, trailing zeros dropped, comma separator). */
export function formatRational(r: Rational, decimals = 2, decimalSeparator = ','): string {
  const scaled = divRoundHalfUp(r.num * 10n ** BigInt(decimals), r.den);
  const s = formatScaled(scaled, decimals, decimals, decimalSeparator);
  return decimals > 0 ? s.replace(new RegExp(`\\${decimalSeparator}?0+$`), '') : s;
}
