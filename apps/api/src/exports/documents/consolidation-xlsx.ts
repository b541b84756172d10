import { loadExcelJs } from '@lib/common';
import type { Consolidation } from '../../consolidation/consolidation.engine';
import { header, num2, pts } from './xlsx-parts';

/** Bảng tổng hợp: per unit self vs appraised vs final, index, class, rank and flags; one sheet per group. */
export async function consolidationXlsx(c: Consolidation): Promise<Buffer> {
  const wb = new (await loadExcelJs()).Workbook();
  wb.creator = 'par-index';
  for (const t of c.tables) {
    const ws = wb.addWorksheet(`Bảng ${t.tableNo}`);
    ws.addRow([`Bảng tổng hợp kết quả thẩm định — ${t.groupName} — ${c.campaignName}`]).font = { bold: true };
    const fieldCodes = t.units[0]?.fields.map((f) => f.code) ?? [];
    header(ws, [
      'Xếp hạng',
      'Mã',
      'Cơ quan, đơn vị',
      'Điểm tối đa',
      'Tự chấm',
      'Thẩm định lần 1',
      'Thẩm định lần 2',
      'Điểm cuối',
      'Điểm thưởng',
      'Điểm trừ',
      'Chỉ số tự chấm (%)',
      'Chỉ số (%)',
      'Xếp loại',
      ...fieldCodes.map((f) => `Lĩnh vực ${f} (%)`),
      'Thẩm định thấp hơn nhiều',
      'Thiếu tài liệu kiểm chứng',
      'Xung đột lợi ích',
      'Giải trình đang mở',
    ]);
    for (const u of t.units) {
      const row = ws.addRow([
        u.excludedReason !== null ? 'Không xếp hạng' : u.rank,
        u.unitCode,
        u.unitName,
        pts(u.maxMilli),
        pts(u.selfMilli),
        pts(u.round1Milli),
        pts(u.round2Milli),
        pts(u.finalLeavesMilli),
        pts(u.bonusMilli),
        pts(u.penaltyMilli),
        num2(u.selfIndexHundredths),
        num2(u.indexHundredths),
        u.className ?? '',
        ...u.fields.map((f) => num2(f.indexHundredths)),
        u.flags.appraisedMuchLower.join(', '),
        u.flags.missingEvidence.join(', '),
        u.flags.conflictsOfInterest.join(', '),
        u.flags.openClarifications,
      ]);
      for (let i = 4; i <= 12 + fieldCodes.length + 1; i++) {
        if (i !== 13) {
          row.getCell(i).numFmt = '0.00';
        }
      }
    }
    ws.getColumn(3).width = 40;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
