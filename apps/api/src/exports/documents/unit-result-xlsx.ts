import { formatIndex } from '@lib/criteria';
import ExcelJS from 'exceljs';
import type { LeafDetail } from '@lib/criteria';
import { header, pts } from './xlsx-parts';

/** Kết quả chi tiết của một đơn vị: per leaf self, appraised, council, final and comments. */
export async function unitResultXlsx(
  campaignName: string,
  unitName: string,
  leaves: LeafDetail[],
  summary: { indexHundredths: number; rank: number; className: string | null } | null,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Kết quả chi tiết');
  ws.addRow([`Kết quả chấm điểm Chỉ số CCHC — ${unitName}`]).font = { bold: true };
  ws.addRow([campaignName]);
  if (summary) {
    ws.addRow([
      `Chỉ số: ${formatIndex(summary.indexHundredths)} — Xếp hạng: ${summary.rank} — Xếp loại: ${summary.className ?? ''}`,
    ]);
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
