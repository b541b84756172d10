import { formatIndex } from '@lib/criteria';
import { loadExcelJs } from '@lib/common';
import type { LeafDetail } from '@lib/criteria';
import { header, pts } from './xlsx-parts';

/** The unit's line in its consolidated table, as the sheet's heading states it. */
export interface UnitResultSummary {
  indexHundredths: number;
  /** 0 for a unit the secretariat excluded from the ranking (see excludedReason). */
  rank: number;
  className: string | null;
  /** Why the unit is not ranked; null for a ranked unit. */
  excludedReason: string | null;
}

/**
 * The heading's result line. An excluded unit is "Không xếp hạng" with the reason, as the consolidation and
 * publication files write it — never rank 0, which read as a place in the table.
 */
export function summaryLine(s: UnitResultSummary): string {
  const index = `Chỉ số: ${formatIndex(s.indexHundredths)}`;
  if (s.excludedReason !== null) {
    return `${index} — Không xếp hạng: ${s.excludedReason}`;
  }
  return `${index} — Xếp hạng: ${s.rank} — Xếp loại: ${s.className ?? ''}`;
}

/** Kết quả chi tiết của một đơn vị: per leaf self, appraised, council, final and comments. */
export async function unitResultXlsx(
  campaignName: string,
  unitName: string,
  leaves: LeafDetail[],
  summary: UnitResultSummary | null,
): Promise<Buffer> {
  const wb = new (await loadExcelJs()).Workbook();
  const ws = wb.addWorksheet('Kết quả chi tiết');
  ws.addRow([`Kết quả chấm điểm Chỉ số CCHC — ${unitName}`]).font = { bold: true };
  ws.addRow([campaignName]);
  if (summary) {
    ws.addRow([summaryLine(summary)]);
  }
  header(ws, [
    'Mã',
    'Tiêu chí',
    'Điểm tối đa',
    'Tự chấm',
    'Giải thích',
    'Thẩm định lần 1',
    'Nhận xét lần 1',
    'Thẩm định lần 2',
    'Nhận xét lần 2',
    'Hội đồng',
    'Lý do điều chỉnh',
    'Điểm cuối',
  ]);
  const p = (v: number | null) => (v === null ? null : pts(v));
  for (const l of leaves) {
    const row = ws.addRow([
      l.code,
      l.title,
      pts(l.maxMilli),
      l.survey ? 'Khảo sát' : p(l.selfMilli),
      l.explanation ?? '',
      p(l.round1Milli),
      l.round1Comment ?? '',
      p(l.round2Milli),
      l.round2Comment ?? '',
      p(l.councilMilli),
      l.councilReason ?? '',
      p(l.finalMilli),
    ]);
    for (const i of [3, 4, 6, 8, 10, 12]) {
      row.getCell(i).numFmt = '0.00';
    }
  }
  ws.getColumn(2).width = 60;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
