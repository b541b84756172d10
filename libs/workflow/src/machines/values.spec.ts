import { stateValueToString } from './snapshot';
import { canonicalInstant, identifier, instantMs, isBefore } from './values';

describe('machine context values', () => {
  it('should accept ISO instants with an offset and canonicalise them to UTC milliseconds', () => {
    expect(canonicalInstant('2024-03-16T00:00+07:00')).toBe('2024-03-15T17:00:00.000Z');
    expect(canonicalInstant('2024-03-15T16:59:59.999500Z')).toBe('2024-03-15T16:59:59.999Z');
  });

  it('should refuse instants without an offset, impossible dates and non-strings', () => {
    for (const value of [
      '2024-03-16',
      '2024-03-16T00:00:00',
      '2024-02-30T00:00:00Z',
      '2024-13-01T00:00:00Z',
      1710522000000,
      null,
    ]) {
      expect(instantMs(value)).toBeUndefined();
    }
  });

  it('should compare instants across offsets, strictly', () => {
    expect(isBefore('2024-03-15T23:59:59.999+07:00', '2024-03-15T17:00:00.000Z')).toBe(true);
    expect(isBefore('2024-03-16T00:00:00+07:00', '2024-03-15T17:00:00.000Z')).toBe(false);
    expect(isBefore('not a date', '2024-03-15T17:00:00.000Z')).toBe(false);
  });

  it('should accept identifiers that are safe in effect keys and job ids', () => {
    expect(identifier(42)).toBe('42');
    expect(identifier('uong-bi_2023.v2')).toBe('uong-bi_2023.v2');
    for (const value of ['a:b', '', '-x', 'a b', -1, 1.5, null]) {
      expect(identifier(value)).toBeUndefined();
    }
  });

  it('should print nested state values dotted', () => {
    expect(stateValueToString('draft')).toBe('draft');
    expect(stateValueToString({ review: { council: 'adjusting' } })).toBe('review.council.adjusting');
  });
});
