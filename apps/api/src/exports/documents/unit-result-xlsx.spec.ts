import { summaryLine } from './unit-result-xlsx';

describe(summaryLine.name, () => {
  it('should write an excluded unit as not ranked with its reason, never rank 0', () => {
    const line = summaryLine({
      indexHundredths: 0,
      rank: 0,
      className: null,
      excludedReason: 'Sáp nhập từ 01/7/2025 theo QĐ 123/QĐ-UBND',
    });
    expect(line).toBe('Chỉ số: 0,00 — Không xếp hạng: Sáp nhập từ 01/7/2025 theo QĐ 123/QĐ-UBND');
  });

  it('should write a ranked unit with its rank and class', () => {
    expect(summaryLine({ indexHundredths: 9125, rank: 3, className: 'Xuất sắc', excludedReason: null })).toBe(
      'Chỉ số: 91,25 — Xếp hạng: 3 — Xếp loại: Xuất sắc',
    );
  });
});
