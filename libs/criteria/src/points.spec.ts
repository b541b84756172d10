import {
  divRoundHalfUp,
  formatIndex,
  formatPoints,
  indexHundredths,
  milliToNumber,
  parseDecimal,
  parsePoints,
  toMilli,
} from './points';

describe('points', () => {
  it('should parse decimals exactly, with a dot or a Vietnamese comma', () => {
    expect(parsePoints('0,5')).toBe(500);
    expect(parsePoints(0.333)).toBe(333);
    expect(parsePoints('1.10')).toBe(1100);
    expect(parsePoints(0.1 + 0.2)).toBeUndefined(); // 0.30000000000000004: not a 3-decimal value
    expect(parsePoints('0.3333')).toBeUndefined();
    expect(parsePoints('abc')).toBeUndefined();
    expect(parsePoints('-0.25')).toBe(-250);
    expect(parsePoints('2.000')).toBe(2000);
  });

  it('should round half-up only at the edge', () => {
    expect(formatPoints(666)).toBe('0,67');
    expect(formatPoints(1005)).toBe('1,01');
    expect(formatPoints(1004)).toBe('1,00');
    expect(formatPoints(-1005)).toBe('-1,01');
    expect(divRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divRoundHalfUp(-5n, 2n)).toBe(-3n);
    expect(milliToNumber(333)).toBe(0.333);
    expect(toMilli(milliToNumber(1234567))).toBe(1234567);
  });

  it('should compute the index exactly and round to 2 decimals half-up', () => {
    expect(indexHundredths(92_180, 100_000)).toBe(9218);
    expect(indexHundredths(2000, 3000)).toBe(6667); // 66.666… → 66.67
    expect(indexHundredths(1, 3)).toBe(3333);
    expect(indexHundredths(88_105, 100_000)).toBe(8811); // 88.105 → 88.11 (half-up, no float drift)
    expect(formatIndex(9218)).toBe('92,18');
    expect(formatIndex(10000)).toBe('100,00');
    expect(() => indexHundredths(1, 0)).toThrow(RangeError);
  });

  it('should parse thresholds as exact rationals', () => {
    expect(parseDecimal('99,5')).toEqual({ num: 995n, den: 10n });
    expect(parseDecimal('98%')).toEqual({ num: 98n, den: 1n });
    expect(parseDecimal('x')).toBeUndefined();
  });
});
