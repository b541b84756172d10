import fc from 'fast-check';
import { toMilli } from './points';
import { evaluateRule, resolveDeadline } from './rules';
import type { ScoringRule } from './types';

const bands: ScoringRule = {
  kind: 'bands',
  metric: 'Tỷ lệ hồ sơ đúng hạn',
  bands: [
    { min: '100', points: 3000 },
    { min: '98', points: 2000 },
    { min: '95', points: 1000 },
  ],
  otherwise: 0,
};
const ctx = { maxPoints: 3000, assessmentYear: 2023 };

describe('evaluateRule', () => {
  describe('levels', () => {
    const rule: ScoringRule = {
      kind: 'levels',
      levels: [
        { key: 'onTime', label: 'Đúng hạn', points: 1000 },
        { key: 'late', label: 'Chậm', points: 500 },
        { key: 'none', label: 'Không ban hành', points: 0 },
      ],
    };
    it('should give the chosen level and explain it', () => {
      expect(evaluateRule(rule, { level: 'late' }, { maxPoints: 1000 })).toEqual({
        points: 500,
        explanation: '"Chậm" → 0,5 điểm',
        selfScorable: true,
      });
      expect(evaluateRule(rule, { level: 'none' }, { maxPoints: 1000 }).points).toBe(0);
    });
    it('should refuse an unknown level or none', () => {
      expect(evaluateRule(rule, { level: 'x' }, { maxPoints: 1000 }).points).toBeNull();
      expect(evaluateRule(rule, {}, { maxPoints: 1000 }).points).toBeNull();
    });
  });

  describe('checklist', () => {
    const rule: ScoringRule = {
      kind: 'checklist',
      items: [
        { key: 'a', label: 'Nhiệm vụ', points: 333 },
        { key: 'b', label: 'Sản phẩm', points: 333 },
        { key: 'c', label: 'Thời hạn', points: 334 },
      ],
    };
    it('should add the met items exactly (thirds sum to the max)', () => {
      expect(evaluateRule(rule, { met: [] }, { maxPoints: 1000 }).points).toBe(0);
      expect(evaluateRule(rule, { met: ['a'] }, { maxPoints: 1000 }).points).toBe(333);
      expect(evaluateRule(rule, { met: ['a', 'b'] }, { maxPoints: 1000 }).points).toBe(666);
      expect(evaluateRule(rule, { met: ['c', 'b', 'a'] }, { maxPoints: 1000 }).points).toBe(1000);
    });
    it('should not depend on the order or repetition of the met items', () => {
      fc.assert(
        fc.property(fc.subarray(['a', 'b', 'c']), fc.array(fc.constantFrom('a', 'b', 'c')), (met, dup) => {
          const one = evaluateRule(rule, { met }, { maxPoints: 1000 });
          const shuffled = evaluateRule(
            rule,
            { met: [...met].reverse().concat(dup.filter((d) => met.includes(d))) },
            { maxPoints: 1000 },
          );
          expect(shuffled).toEqual(one);
        }),
      );
    });
    it('should refuse unknown items', () => {
      expect(evaluateRule(rule, { met: ['z'] }, { maxPoints: 1000 }).points).toBeNull();
    });
  });

  describe('bands', () => {
    it('should put exactly 98% in the ≥ 98% band', () => {
      const r = evaluateRule(bands, { value: 98 }, ctx);
      expect(r.points).toBe(2000);
      expect(r.explanation).toBe('Tỷ lệ hồ sơ đúng hạn: 98% ≥ 98% → 2 điểm');
    });
    it('should put 97.999% below it, exactly', () => {
      expect(evaluateRule(bands, { value: '97,999' }, ctx).points).toBe(1000);
      expect(evaluateRule(bands, { value: '98.5' }, ctx)).toMatchObject({
        points: 2000,
        explanation: 'Tỷ lệ hồ sơ đúng hạn: 98,5% ≥ 98% → 2 điểm',
      });
    });
    it('should compare counts as exact fractions (49/50 = 98%, 195/200 = 97.5%)', () => {
      expect(evaluateRule(bands, { numerator: 49, denominator: 50 }, ctx).points).toBe(2000);
      expect(evaluateRule(bands, { numerator: 195, denominator: 200 }, ctx).points).toBe(1000);
      expect(evaluateRule(bands, { numerator: 1999, denominator: 2000 }, ctx).points).toBe(2000);
      expect(evaluateRule(bands, { numerator: 2000, denominator: 2000 }, ctx).points).toBe(3000);
    });
    it('should give `otherwise` below the lowest band and explain it', () => {
      expect(evaluateRule(bands, { value: 94.99 }, ctx)).toMatchObject({
        points: 0,
        explanation: 'Tỷ lệ hồ sơ đúng hạn: 94,99% < 95% → 0 điểm',
      });
    });
    it('should refuse a zero denominator and missing values', () => {
      expect(evaluateRule(bands, { numerator: 0, denominator: 0 }, ctx).points).toBeNull();
      expect(evaluateRule(bands, {}, ctx).points).toBeNull();
    });
  });

  describe('proportional', () => {
    const rate: ScoringRule = { kind: 'proportional', target: '100', mode: 'rate' };
    it('should give rate × max, rounded half-up to the milli-point', () => {
      expect(evaluateRule(rate, { value: 75 }, ctx).points).toBe(2250);
      expect(evaluateRule(rate, { numerator: 1, denominator: 3 }, ctx).points).toBe(1000);
      expect(evaluateRule(rate, { numerator: 1, denominator: 7 }, { maxPoints: 2000 }).points).toBe(286); // 285.714…
      expect(evaluateRule(rate, { value: 0 }, ctx).points).toBe(0);
      expect(evaluateRule(rate, { value: 100 }, ctx).points).toBe(3000);
    });
    it('should give full points at the target and never more than max', () => {
      const t: ScoringRule = { kind: 'proportional', target: '80', mode: 'rate' };
      expect(evaluateRule(t, { value: 80 }, { maxPoints: 2000 }).points).toBe(2000);
      expect(evaluateRule(t, { value: 79.9 }, { maxPoints: 2000 }).points).toBe(1598);
      expect(evaluateRule(rate, { value: 120 }, ctx).points).toBe(3000);
    });
    it('should scale by the target in ofTarget mode', () => {
      const t: ScoringRule = { kind: 'proportional', target: '80', mode: 'ofTarget' };
      expect(evaluateRule(t, { value: 40 }, { maxPoints: 4000 }).points).toBe(2000);
      expect(evaluateRule(t, { value: 80 }, { maxPoints: 4000 }).points).toBe(4000);
      expect(evaluateRule(t, { value: 95 }, { maxPoints: 4000 }).points).toBe(4000);
    });
  });

  describe('deadline (the digital signature counts, compared in UTC+7)', () => {
    const rule: ScoringRule = { kind: 'deadline', due: { month: 2, day: 1 }, latePoints: 500, missingPoints: 0 };
    const c = { maxPoints: 1000, assessmentYear: 2024, timeZone: 'Asia/Ho_Chi_Minh' };
    it('should resolve the relative deadline to 00:00 on 1/2 in Vietnam = 17:00Z the day before', () => {
      const due = resolveDeadline(rule.due, 'Asia/Ho_Chi_Minh', 2024);
      expect(typeof due).not.toBe('string');
      expect(typeof due !== 'string' && due.toUTC().toISO()).toBe('2024-01-31T17:00:00.000Z');
    });
    it('should treat a signature exactly at the deadline instant as late', () => {
      expect(evaluateRule(rule, { signedAt: '2024-02-01T00:00:00+07:00' }, c).points).toBe(500);
      expect(evaluateRule(rule, { signedAt: '2024-01-31T17:00:00Z' }, c).points).toBe(500);
      expect(evaluateRule(rule, { signedAt: new Date('2024-01-31T17:00:00.000Z') }, c).points).toBe(500);
    });
    it('should treat one millisecond before as on time', () => {
      const r = evaluateRule(rule, { signedAt: '2024-01-31T16:59:59.999Z' }, c);
      expect(r.points).toBe(1000);
      expect(r.explanation).toBe('Ký số lúc 31/01/2024 23:59, trước hạn 01/02/2024 00:00 → 1 điểm');
    });
    it('should read a signature time without offset in the campaign zone', () => {
      expect(evaluateRule(rule, { signedAt: '2024-01-31T23:59:59' }, c).points).toBe(1000);
      expect(evaluateRule(rule, { signedAt: '2024-02-01T00:00:00' }, c).points).toBe(500);
    });
    it('should not be fooled by a UTC calendar date (31/1 in UTC is already 1/2 in Vietnam)', () => {
      expect(evaluateRule(rule, { signedAt: '2024-01-31T18:00:00Z' }, c).points).toBe(500);
    });
    it('should honour an absolute deadline and the missing case', () => {
      const abs: ScoringRule = { kind: 'deadline', due: '2024-03-16T00:00', latePoints: 0, missingPoints: 0 };
      expect(evaluateRule(abs, { signedAt: '2024-03-15T16:59:59Z' }, c).points).toBe(1000);
      expect(evaluateRule(abs, { signedAt: '2024-03-15T17:00:00Z' }, c).points).toBe(0);
      expect(evaluateRule(rule, { missing: true }, c)).toMatchObject({
        points: 0,
        explanation: 'Không có văn bản → 0 điểm',
      });
    });
    it('should need the assessed year for a relative deadline', () => {
      expect(evaluateRule(rule, { signedAt: '2024-01-01T00:00:00Z' }, { maxPoints: 1000 }).points).toBeNull();
    });
  });

  describe('perOccurrence', () => {
    const rule: ScoringRule = { kind: 'perOccurrence', occurrence: 'nhiệm vụ quá hạn', deduction: 500, floor: 0 };
    it('should deduct per occurrence down to the floor', () => {
      expect(evaluateRule(rule, { occurrences: 0 }, ctx).points).toBe(3000);
      expect(evaluateRule(rule, { occurrences: 3 }, ctx)).toMatchObject({
        points: 1500,
        explanation: '3 nhiệm vụ quá hạn × −0,5 điểm → 1,5 điểm',
      });
      expect(evaluateRule(rule, { occurrences: 6 }, ctx).points).toBe(0);
      expect(evaluateRule(rule, { occurrences: 7 }, ctx)).toMatchObject({
        points: 0,
        explanation: '7 nhiệm vụ quá hạn × −0,5 điểm → 0 điểm (không thấp hơn 0)',
      });
      expect(evaluateRule({ ...rule, floor: 1000 }, { occurrences: 5 }, ctx).points).toBe(1000);
      expect(evaluateRule(rule, { occurrences: -1 }, ctx).points).toBeNull();
    });
  });

  describe('noOccurrenceFullMarks', () => {
    const rule: ScoringRule = {
      kind: 'noOccurrenceFullMarks',
      occurrence: 'khiếu nại, tố cáo',
      otherwise: {
        kind: 'bands',
        bands: [
          { min: '100', points: 1500 },
          { min: '90', points: 750 },
        ],
        otherwise: 0,
      },
    };
    it('should give full marks when nothing arose', () => {
      expect(evaluateRule(rule, { occurrences: 0 }, { maxPoints: 1500 })).toMatchObject({
        points: 1500,
        explanation: 'Không phát sinh khiếu nại, tố cáo → 1,5 điểm (tối đa)',
      });
    });
    it('should otherwise apply the inner rule at its boundaries', () => {
      expect(evaluateRule(rule, { occurrences: 10, numerator: 9, denominator: 10 }, { maxPoints: 1500 }).points).toBe(
        750,
      );
      expect(evaluateRule(rule, { occurrences: 10, numerator: 8, denominator: 10 }, { maxPoints: 1500 }).points).toBe(
        0,
      );
      expect(
        evaluateRule({ kind: 'noOccurrenceFullMarks' }, { occurrences: 2 }, { maxPoints: 1500 }).points,
      ).toBeNull();
    });
  });

  describe('survey', () => {
    const rule: ScoringRule = {
      kind: 'survey',
      bands: [
        { min: '95', points: 5000 },
        { min: '90', points: 4000 },
        { min: '80', points: 2000 },
      ],
      otherwise: 0,
    };
    it('should not be self-scored', () => {
      expect(evaluateRule(rule, {}, { maxPoints: 5000 })).toMatchObject({ points: null, selfScorable: false });
    });
    it('should score survey data through its bands, exactly at the thresholds', () => {
      expect(evaluateRule(rule, { value: 95 }, { maxPoints: 5000 })).toMatchObject({
        points: 5000,
        selfScorable: false,
      });
      expect(evaluateRule(rule, { value: '94.99' }, { maxPoints: 5000 }).points).toBe(4000);
      expect(evaluateRule(rule, { value: 79 }, { maxPoints: 5000 }).points).toBe(0);
      expect(evaluateRule({ kind: 'survey', otherwise: 0 }, { value: 90 }, { maxPoints: 5000 }).points).toBe(4500);
    });
  });

  describe('manual', () => {
    it('should accept 0..max and nothing else', () => {
      expect(evaluateRule({ kind: 'manual' }, { points: '1,25' }, { maxPoints: 2000 }).points).toBe(1250);
      expect(evaluateRule({ kind: 'manual' }, { points: 0 }, { maxPoints: 2000 }).points).toBe(0);
      expect(evaluateRule({ kind: 'manual' }, { points: 2 }, { maxPoints: 2000 }).points).toBe(2000);
      expect(evaluateRule({ kind: 'manual' }, { points: 2.001 }, { maxPoints: 2000 }).points).toBeNull();
      expect(evaluateRule({ kind: 'manual' }, { points: -1 }, { maxPoints: 2000 }).points).toBeNull();
      expect(evaluateRule({ kind: 'manual' }, {}, { maxPoints: 2000 }).points).toBeNull();
    });
  });

  it('should never suggest more than max or less than 0 (any rule, any input)', () => {
    const rules: ScoringRule[] = [
      bands,
      { kind: 'proportional', target: '80', mode: 'ofTarget' },
      { kind: 'perOccurrence', deduction: 700, floor: 0 },
      { kind: 'survey', otherwise: 0 },
    ];
    fc.assert(
      fc.property(fc.constantFrom(...rules), fc.nat(10_000), fc.nat(10_000), fc.nat(50), (rule, n, d, occ) => {
        const r = evaluateRule(rule, { numerator: n, denominator: d + 1, occurrences: occ }, { maxPoints: toMilli(3) });
        if (r.points !== null) {
          expect(r.points).toBeGreaterThanOrEqual(0);
          expect(r.points).toBeLessThanOrEqual(3000);
        }
      }),
    );
  });
});
