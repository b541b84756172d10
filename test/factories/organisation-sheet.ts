import ExcelJS from 'exceljs';

/** One row of the organisations sheet, as a secretariat types it (Vietnamese group names, ";" lists). */
export interface SheetRow {
  code: string;
  name: string;
  shortName?: string;
  aliases?: string;
  group?: string;
  predecessors?: string;
}

/**
 * A province after the 2025 reform: 20 departments (sở, ban, ngành) and 100 communes in two groups — 45 wards
 * ("Phường") and 55 communes and special zones ("Xã, đặc khu") — every fifth commune merged from two former ones.
 */
export function provinceRows(): SheetRow[] {
  const rows: SheetRow[] = [];
  for (let i = 1; i <= 20; i++) {
    rows.push({
      code: `so-${String(i).padStart(2, '0')}`,
      name: i === 1 ? 'Văn phòng HĐND và UBND thành phố' : `Sở thử nghiệm số ${i}`,
      shortName: i === 1 ? 'Văn phòng HĐND&UBND' : `Sở ${i}`,
      aliases: i === 1 ? 'Văn phòng HĐND và UBND; VP UBND' : undefined,
      group: 'Sở, ban, ngành',
    });
  }
  for (let i = 1; i <= 100; i++) {
    const ward = i <= 45;
    const n = String(i).padStart(3, '0');
    rows.push({
      code: ward ? `p-${n}` : `x-${n}`,
      name: ward ? `Ủy ban nhân dân phường Thử Nghiệm ${i}` : `Ủy ban nhân dân xã Thử Nghiệm ${i}`,
      shortName: ward ? `Phường Thử Nghiệm ${i}` : `Xã Thử Nghiệm ${i}`,
      group: ward ? 'Phường' : 'Xã, đặc khu',
      predecessors: i % 5 === 0 ? `cu-${n}-a; cu-${n}-b` : undefined,
    });
  }
  return rows;
}

/** The .xlsx: a title row, the header (Mã | Tên | Tên ngắn | Tên khác | Loại/Nhóm | Đơn vị tiền thân), the rows. */
export async function organisationSheet(rows: SheetRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Đơn vị');
  sheet.addRow(['DANH SÁCH CƠ QUAN, ĐƠN VỊ']);
  sheet.mergeCells('A1:F1');
  sheet.addRow(['Mã', 'Tên', 'Tên ngắn', 'Tên khác', 'Loại/Nhóm', 'Đơn vị tiền thân']);
  for (const r of rows) {
    sheet.addRow([r.code, r.name, r.shortName ?? '', r.aliases ?? '', r.group ?? '', r.predecessors ?? '']);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
