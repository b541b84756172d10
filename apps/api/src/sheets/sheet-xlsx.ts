/**
 * The Biểu tự chấm điểm as an Excel workbook (research domain §5.2, the unified column set): export of a
 * sheet, and the reading of a filled one. Values, not formulas, in the total rows: a file opened without
 * recalculation (LibreOffice's default for .xlsx) still shows the right totals.
 */
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '@lib/common';
import { allNodes, isLeaf, type CriteriaSet, type CriterionNode } from '@lib/criteria';
import type { EntryInput, EntryProblem } from './entry-validation';
import type { SheetNodeView, SheetView } from './dto/sheet.dto';

/** Column headers, in order; the import finds its columns by these texts (so columns may be moved). */
export const XLSX_COLUMNS = {
  code: 'STT/Mã',
  title: 'Lĩnh vực/Tiêu chí/Tiêu chí thành phần',
  max: 'Điểm tối đa',
  self: 'Điểm tự chấm',
  evidence: 'Tài liệu kiểm chứng (số/ký hiệu, ngày, cơ quan ban hành, trích yếu)',
  explanation: 'Giải thích cách tính',
  suggested: 'Điểm theo cách tính',
  round1: 'Điểm thẩm định lần 1',
  round1Comment: 'Nhận xét lần 1',
  round2: 'Điểm thẩm định lần 2',
  round2Comment: 'Nhận xét lần 2',
  council: 'Điểm Hội đồng thẩm định',
  final: 'Điểm đạt được',
} as const;

const KEYS = Object.keys(XLSX_COLUMNS) as (keyof typeof XLSX_COLUMNS)[];
const VERDICT_VI: Record<string, string> = {
  valid: 'chữ ký số hợp lệ',
  modifiedAfterSigning: 'sửa đổi sau khi ký',
  invalid: 'chữ ký số không hợp lệ',
  indeterminate: 'chữ ký số chưa xác định được độ tin cậy',
  unsigned: 'không có chữ ký số',
};

function flatten(nodes: readonly SheetNodeView[]): SheetNodeView[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

function dmy(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

export async function exportSheetXlsx(view: SheetView, year: number): Promise<Buffer> {
  const wb = new (await loadExcelJs()).Workbook();
  wb.creator = 'par-index';
  const ws = wb.addWorksheet('Biểu tự chấm điểm', { views: [{ state: 'frozen', ySplit: 5 }] });
  const last = KEYS.length;
  ws.addRow([`BIỂU TỰ CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${year}`]);
  ws.addRow([`Đơn vị: ${view.unitName} — ${view.campaignName}`]);
  ws.addRow([
    `Bộ tiêu chí: ${view.criteriaSet.title}${view.criteriaSet.notice ? ` — ${view.criteriaSet.notice}` : ''}`,
  ]);
  ws.addRow([]);
  for (const r of [1, 2, 3]) {
    ws.mergeCells(r, 1, r, last);
  }
  ws.getRow(1).font = { bold: true, size: 14 };
  const header = ws.addRow(KEYS.map((k) => XLSX_COLUMNS[k]));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  ws.columns.forEach((c, i) => {
    c.width = [10, 60, 10, 10, 50, 40, 12, 10, 30, 10, 30, 10, 10][i] ?? 12;
  });
  for (const n of flatten(view.nodes)) {
    const values: Record<keyof typeof XLSX_COLUMNS, string | number | null> = {
      code: n.code,
      title: n.title,
      max: n.maxPoints,
      self: n.leaf ? (n.selfPoints ?? null) : n.totals.self,
      evidence: n.leaf
        ? (n.evidence ?? [])
            .map(
              (e) =>
                `${e.documentType} số ${e.documentNumber} ngày ${dmy(e.issuedOn)} của ${e.issuingBody}: ${e.summary} (${VERDICT_VI[e.verdict] ?? e.verdict})`,
            )
            .join('\n')
        : null,
      explanation: n.leaf ? (n.explanation ?? null) : null,
      suggested: n.leaf ? (n.suggested?.points ?? null) : null,
      round1: n.leaf ? (n.round1?.points ?? null) : n.totals.round1,
      round1Comment: n.leaf ? (n.round1?.comment ?? null) : null,
      round2: n.leaf ? (n.round2?.points ?? null) : n.totals.round2,
      round2Comment: n.leaf ? (n.round2?.comment ?? null) : null,
      council: n.leaf ? (n.council?.points ?? null) : null,
      final: n.leaf ? (n.finalPoints ?? null) : n.totals.final,
    };
    const row = ws.addRow(KEYS.map((k) => values[k]));
    row.getCell(1).numFmt = '@';
    row.alignment = { wrapText: true, vertical: 'top' };
    if (!n.leaf) {
      row.font = { bold: n.code.split('.').length === 1 };
    }
  }
  const total = ws.addRow(
    KEYS.map((k) =>
      k === 'title'
        ? 'Tổng cộng'
        : k === 'max'
          ? view.maxPoints
          : k === 'self'
            ? view.selfTotal
            : k === 'round1'
              ? view.achieved.round1
              : k === 'round2'
                ? view.achieved.round2
                : k === 'final'
                  ? view.achieved.final
                  : null,
    ),
  );
  total.font = { bold: true };
  const index = ws.addRow(
    KEYS.map((k) =>
      k === 'title' ? 'Chỉ số (%)' : k === 'self' ? view.index.self : k === 'final' ? view.index.final : null,
    ),
  );
  index.font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** One leaf row of an imported workbook. */
export interface ImportedRow {
  row: number;
  entry: EntryInput;
}

function cellValue(cell: ExcelJS.Cell): string | number | null {
  const v = cell.value;
  if (v === null || v === undefined) {
    return null;
  }
  if (typeof v === 'number' || typeof v === 'string') {
    return typeof v === 'string' ? v.trim() || null : v;
  }
  if (typeof v === 'object' && 'result' in v) {
    const r = v.result;
    return typeof r === 'number' || typeof r === 'string' ? r : null;
  }
  const text = cell.text?.trim();
  return text ? text : null;
}

const norm = (s: string) => s.normalize('NFC').trim().toLowerCase();

/**
 * Reads a filled workbook: finds the header row by its column titles, then every row whose code is a leaf
 * of `set`. Rows of parents (totals) and rows without a code are skipped; unknown codes are kept so the
 * validation reports them with their row.
 */
export async function parseSheetXlsx(
  buffer: Buffer,
  set: CriteriaSet,
): Promise<{ rows: ImportedRow[]; problems: EntryProblem[] }> {
  const fail = (messageVi: string, message: string): { rows: ImportedRow[]; problems: EntryProblem[] } => ({
    rows: [],
    problems: [{ index: -1, row: 0, code: '', field: 'code', reason: 'badWorkbook', message, messageVi }],
  });
  const wb = new (await loadExcelJs()).Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    return fail('Tệp không phải bảng tính .xlsx đọc được.', 'The file is not a readable .xlsx workbook.');
  }
  const ws = wb.worksheets[0];
  if (!ws) {
    return fail('Bảng tính không có trang nào.', 'The workbook has no sheet.');
  }
  let headerRow = 0;
  const columns: Partial<Record<'code' | 'self' | 'explanation', number>> = {};
  for (let r = 1; r <= Math.min(ws.rowCount, 30) && !headerRow; r++) {
    ws.getRow(r).eachCell((cell, col) => {
      const text = norm(String(cellValue(cell) ?? ''));
      if (text === norm(XLSX_COLUMNS.code)) {
        columns.code = col;
      } else if (text === norm(XLSX_COLUMNS.self)) {
        columns.self = col;
      } else if (text === norm(XLSX_COLUMNS.explanation)) {
        columns.explanation = col;
      }
    });
    if (columns.code && columns.self) {
      headerRow = r;
    }
  }
  if (!headerRow || !columns.code || !columns.self) {
    return fail(
      `Không tìm thấy dòng tiêu đề có cột "${XLSX_COLUMNS.code}" và "${XLSX_COLUMNS.self}".`,
      `No header row with the columns "${XLSX_COLUMNS.code}" and "${XLSX_COLUMNS.self}" was found.`,
    );
  }
  const parents = new Set(
    allNodes(set)
      .filter((n: CriterionNode) => !isLeaf(n))
      .map((n) => n.code),
  );
  const rows: ImportedRow[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const code = cellValue(row.getCell(columns.code));
    if (code === null || parents.has(String(code))) {
      continue;
    }
    const self = cellValue(row.getCell(columns.self));
    const explanation = columns.explanation ? cellValue(row.getCell(columns.explanation)) : null;
    rows.push({
      row: r,
      entry: {
        code: String(code),
        selfPoints: self,
        explanation: explanation === null ? null : String(explanation),
      },
    });
  }
  return { rows, problems: [] };
}
