import type ExcelJS from 'exceljs';

export const num2 = (hundredths: number) => hundredths / 100;
export const pts = (milli: number) => milli / 1000;

/** A bold, wrapped, centred header row. */
export function header(ws: ExcelJS.Worksheet, values: string[]): void {
  const r = ws.addRow(values);
  r.font = { bold: true };
  r.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
}
