import ExcelJS from 'exceljs';

/**
 * A commune criteria set as an authority writes it outside any campaign: "Cơ quan thẩm định" names appraisers in
 * words — the start of a name ("Văn phòng HĐND và UBND"), two organisations in one cell, one that could be two
 * centres ("Trung tâm") and one the authority does not have ("Sở Xây dựng"). 3 points, 3 leaves, 3 content areas.
 */
export async function communeSheetNamingAppraisers(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Phụ lục II');
  [
    ['STT', 'Lĩnh vực/Tiêu chí/TCTP', 'Điểm tối đa', 'Hướng dẫn chấm', 'Tài liệu kiểm chứng', 'Cơ quan thẩm định'],
    ['1', 'Cải cách thủ tục hành chính', 2, null, null, 'Văn phòng HĐND và UBND + Trung tâm'],
    ['1.1', 'Công khai thủ tục', 1, 'Đạt: 1; Không đạt: 0', null, null],
    ['1.2', 'Tổ chức bộ máy', 1, 'Đạt: 1; Không đạt: 0', null, 'Phòng Nội vụ + Phòng Tư pháp'],
    ['2', 'Quản lý xây dựng', 1, null, null, 'Sở Xây dựng'],
    ['2.1', 'Cấp phép đúng hạn', 1, 'Đạt: 1; Không đạt: 0', null, null],
    [null, 'Tổng cộng', 3],
  ].forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
