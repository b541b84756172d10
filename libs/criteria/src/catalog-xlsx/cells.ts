/** Reading the sheet's cells: which column a header names, a cell's text and value, the "Thông tin" sheet. */
import type ExcelJS from 'exceljs';
import { normalizeVi } from '../rule-text';

export type ColumnKey = 'code' | 'title' | 'maxPoints' | 'guidance' | 'evidence' | 'appraiser' | 'ruleJson';

/** Header text written by the export, one per column, in order. */
export const XLSX_HEADERS: Readonly<Record<ColumnKey, string>> = {
  code: 'STT/Mã',
  title: 'Lĩnh vực/Tiêu chí/TCTP',
  maxPoints: 'Điểm tối đa',
  guidance: 'Hướng dẫn chấm/Cách tính',
  evidence: 'Tài liệu kiểm chứng',
  appraiser: 'Cơ quan thẩm định',
  ruleJson: 'Quy tắc (JSON)',
};

export const REQUIRED: readonly ColumnKey[] = ['code', 'title', 'maxPoints'];

/** Which column a header names, or undefined. Order matters: "Mã tiêu chí" is a code, not a title. */
export function headerKind(text: string): ColumnKey | undefined {
  const h = normalizeVi(text);
  if (!h) {
    return undefined;
  }
  if (/json|quy tac may/.test(h)) {
    return 'ruleJson';
  }
  if (/^(stt|ma|so tt|so thu tu)\b/.test(h)) {
    return 'code';
  }
  if (/diem toi da/.test(h)) {
    return 'maxPoints';
  }
  if (/huong dan|cach tinh|cach cham|phuong phap cham/.test(h)) {
    return 'guidance';
  }
  if (/tai lieu kiem chung/.test(h)) {
    return 'evidence';
  }
  if (/(co quan|don vi|noi dung) tham dinh/.test(h)) {
    return 'appraiser';
  }
  if (/linh vuc|tieu chi|noi dung/.test(h)) {
    return 'title';
  }
  return undefined;
}

/** Plain text of a cell whatever ExcelJS gives (rich text, formula result, hyperlink, number, date). */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) {
    return '';
  }
  if (typeof v === 'string') {
    return v.trim();
  }
  if (typeof v === 'number' || typeof v === 'boolean') {
    return String(v);
  }
  if (v instanceof Date) {
    return v.toISOString();
  }
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) {
      return v.richText
        .map((r) => r.text)
        .join('')
        .trim();
    }
    if ('result' in v) {
      return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
    }
    if ('text' in v && typeof (v as { text?: unknown }).text === 'string') {
      return String((v as { text: string }).text).trim();
    }
  }
  return '';
}

/** A cell's raw value, unwrapping formulas to their cached result. */
export function cellValue(v: ExcelJS.CellValue): ExcelJS.CellValue {
  if (v && typeof v === 'object' && !(v instanceof Date) && 'result' in v) {
    return (v as { result?: ExcelJS.CellValue }).result ?? null;
  }
  return v;
}

/** The optional sheet carrying the set's key, title and flags. */
export const META_SHEET = 'Thông tin';

/** The "Thông tin" sheet as key → value (column A → column B). */
export function readMeta(wb: ExcelJS.Workbook): Record<string, string> {
  const ws = wb.getWorksheet(META_SHEET);
  const meta: Record<string, string> = {};
  ws?.eachRow((row) => {
    const k = cellText(row.getCell(1).value);
    const v = cellText(row.getCell(2).value);
    if (k) {
      meta[k] = v;
    }
  });
  return meta;
}
