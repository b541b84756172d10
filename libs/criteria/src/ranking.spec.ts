import fc from 'fast-check';
import { classify, DEFAULT_CLASSES, rankUnits, validateClassThresholds, type RankingEntry } from './ranking';

const e = (unitCode: string, unitName: string, indexHundredths: number): RankingEntry => ({
  unitCode,
  unitName,
  indexHundredths,
});

describe('ranking', () => {
  it('should give equal rounded indices the same rank and skip the next ("đồng hạng")', () => {
    const r = rankUnits([
      e('a', 'Phường Yên Thanh', 9000),
      e('b', 'Phường Bắc Sơn', 9218),
      e('c', 'Phường Đông', 9000),
      e('d', 'Xã Thượng Yên Công', 8511),
    ]);
    expect(r.map((x) => [x.unitCode, x.rank, x.position, x.tied, x.className])).toEqual([
      ['b', 1, 1, false, 'Xuất sắc'],
      ['c', 2, 2, true, 'Xuất sắc'], // "Phường Đông" before "Phường Yên Thanh" in Vietnamese collation
      ['a', 2, 3, true, 'Xuất sắc'],
      ['d', 4, 4, false, 'Tốt'],
    ]);
  });

  it('should order ties by Vietnamese collation (Đ after D), then code', () => {
    const r = rankUnits([e('x2', 'Đông', 5000), e('x1', 'Dương', 5000), e('x3', 'Dương', 5000)]);
    expect(r.map((x) => x.unitCode)).toEqual(['x1', 'x3', 'x2']);
  });

  it('should classify at exact thresholds', () => {
    expect(classify(9000)?.name).toBe('Xuất sắc');
    expect(classify(8999)?.name).toBe('Tốt');
    expect(classify(8000)?.name).toBe('Tốt');
    expect(classify(7000)?.name).toBe('Khá');
    expect(classify(5000)?.name).toBe('Trung bình');
    expect(classify(4999)?.name).toBe('Yếu');
    expect(classify(0)?.name).toBe('Yếu');
    expect(
      classify(9000, [
        { key: 'a', name: 'Nhóm I', min: '90' },
        { key: 'b', name: 'Nhóm II', min: '0' },
      ])?.name,
    ).toBe('Nhóm I');
  });

  it('should validate class thresholds', () => {
    expect(validateClassThresholds(DEFAULT_CLASSES)).toEqual([]);
    expect(
      validateClassThresholds([
        { key: 'a', name: 'A', min: '80' },
        { key: 'b', name: 'B', min: '90' },
      ]).map((p) => p.kind),
    ).toEqual(['thresholds-not-descending']);
    expect(validateClassThresholds([{ key: 'a', name: 'A', min: '80' }]).map((p) => p.kind)).toEqual([
      'lowest-threshold-not-zero',
    ]);
    expect(
      validateClassThresholds([
        { key: 'a', name: 'A', min: '80.123' },
        { key: 'b', name: 'B', min: '0' },
      ]).map((p) => p.kind),
    ).toEqual(['invalid-threshold']);
  });

  it('should refuse duplicate units', () => {
    expect(() => rankUnits([e('a', 'A', 1), e('a', 'B', 2)])).toThrow(RangeError);
  });

  const arbEntries = fc.uniqueArray(
    fc.record({
      unitCode: fc.string({ minLength: 1, maxLength: 4 }),
      unitName: fc.constantFrom('Bắc Sơn', 'Nam Khê', 'Đông', 'Dương', 'Ân'),
      indexHundredths: fc.integer({ min: 0, max: 40 }).map((x) => 9000 + x * 25),
    }),
    { selector: (x) => x.unitCode, maxLength: 40 },
  );

  it('ranking is a permutation; ties share a rank; skipped ranks are correct; input order does not matter', () => {
    fc.assert(
      fc.property(arbEntries, fc.nat(), (entries, seed) => {
        const r = rankUnits(entries);
        expect(r.map((x) => x.unitCode).sort()).toEqual(entries.map((x) => x.unitCode).sort());
        expect(r.map((x) => x.position)).toEqual(entries.map((_, i) => i + 1));
        for (const u of r) {
          expect(u.rank).toBe(1 + entries.filter((o) => o.indexHundredths > u.indexHundredths).length);
          expect(u.tied).toBe(entries.filter((o) => o.indexHundredths === u.indexHundredths).length > 1);
        }
        for (let i = 1; i < r.length; i++) {
          expect(r[i].indexHundredths).toBeLessThanOrEqual(r[i - 1].indexHundredths);
          if (r[i].indexHundredths === r[i - 1].indexHundredths) {
            expect(r[i].rank).toBe(r[i - 1].rank);
          } else {
            expect(r[i].rank).toBe(i + 1);
          }
        }
        const rotated = entries.map((_, i) => entries[(i + seed) % entries.length]).reverse();
        expect(rankUnits(rotated)).toEqual(r);
      }),
      { numRuns: 300 },
    );
  });
});
