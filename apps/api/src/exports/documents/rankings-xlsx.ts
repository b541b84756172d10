import { loadExcelJs } from '@lib/common';
import { viDate, type PublicationDoc } from './publication-doc';
import { header, num2 } from './xlsx-parts';

/** Bảng xếp hạng: one worksheet per table; index and sub-indexes as numbers with 2 decimals. */
export async function rankingsXlsx(pub: PublicationDoc): Promise<Buffer> {
  const wb = new (await loadExcelJs()).Workbook();
  wb.creator = 'par-index';
  for (const t of pub.tables) {
    const ws = wb.addWorksheet(`Bảng ${t.tableNo}`);
    ws.addRow([`${t.title} — Chỉ số CCHC năm ${pub.year}`]).font = { bold: true };
    ws.addRow([`Kèm theo Quyết định số ${pub.decisionNumber} ngày ${viDate(pub.decisionDate)}`]);
    const fieldTitles = t.rows[0]?.fields.map((f) => `Lĩnh vực ${f.code} (%)`) ?? [];
    header(ws, ['STT', 'Cơ quan, đơn vị', 'Chỉ số CCHC (%)', 'Xếp hạng', 'Xếp loại', ...fieldTitles]);
    for (const r of t.rows) {
      const row = ws.addRow([
        r.position,
        r.unitName,
        num2(r.indexHundredths),
        r.excludedReason !== undefined ? `Không xếp hạng: ${r.excludedReason}` : r.rank,
        r.className ?? '',
        ...r.fields.map((f) => num2(f.indexHundredths)),
      ]);
      row.getCell(3).numFmt = '0.00';
      r.fields.forEach((_, i) => (row.getCell(6 + i).numFmt = '0.00'));
    }
    ws.getColumn(2).width = 42;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
