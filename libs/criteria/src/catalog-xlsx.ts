/**
 * Criteria sets as Excel sheets in the usual Vietnamese layout:
 *
 *   STT/Mã | Lĩnh vực/Tiêu chí/TCTP | Điểm tối đa | Hướng dẫn chấm/Cách tính | Tài liệu kiểm chứng | Cơ quan thẩm định
 *
 * The official appendices arrive like this, so importing is a dry run first: the tree, the totals and
 * every problem with its row number; on any error nothing is imported. The header row is found by its
 * names (diacritics and case ignored), anywhere in the first 30 rows, so title rows above it are fine.
 * An optional column "Quy tắc (JSON)" carries the exact rule (written by the export) and wins over the
 * guidance text; an optional sheet "Thông tin" carries the set's key, title and flags.
 */
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '@lib/common';
import { milliToNumber, parsePoints, type Milli } from './points';
import { hasErrors, problem } from './problems';
import { serializeRule } from './rule-schema';
import { ruleToText } from './rule-text';
import { fmtPts } from './rules';
import { allNodes } from './tree';
import { areaKey } from './routing-suggestion';
import { validateCriteriaSet } from './validate';
import type { AdjustmentBlock, CriteriaSet, LoadResult, Problem } from './types';
import {
  META_SHEET,
  REQUIRED,
  XLSX_HEADERS,
  cellText,
  headerKind,
  readMeta,
  type ColumnKey,
} from './catalog-xlsx/cells';
import { resolveAreasAndRules } from './catalog-xlsx/resolve';
import type { XlsxRoutingContext } from './catalog-xlsx/routing';
import { readRows, type SheetRows } from './catalog-xlsx/rows';

export { XLSX_HEADERS } from './catalog-xlsx/cells';
export type { XlsxRoutingContext } from './catalog-xlsx/routing';

/** Options of {@link importCriteriaXlsx}. */
export interface XlsxImportOptions {
  /** Set key when the workbook has no "Thông tin" sheet (e.g. from the file name). */
  key?: string;
  title?: string;
  sample?: boolean;
  unitGroup?: string;
  /** Declared total when the sheet has no "Tổng" row (default: 100 points). */
  totalPoints?: Milli;
  /** Resolve the appraiser column against a campaign's content areas and organisations, and check routing. */
  routing?: XlsxRoutingContext;
  /** Worksheet name or 1-based index (default: the first sheet that is not "Thông tin"). */
  sheet?: string | number;
}

/** A dry run's outcome: the set when there is no error, always the problems (with rows). */
export type XlsxImportResult = LoadResult<CriteriaSet> & { headerRow?: number };

/** Problems that only follow from an unreadable max (counted as 0): not worth repeating. */
const CASCADE = new Set(['invalid-max', 'points-out-of-range', 'best-below-max', 'checklist-sum-mismatch']);

/** A step's outcome: its value, or the refusal that ends the import before any row is read. */
type Step<T> = { value: T } | { refused: XlsxImportResult };

function refuse(p: Problem): { refused: XlsxImportResult } {
  return { refused: { ok: false, problems: [p] } };
}

async function loadWorkbook(data: ArrayBuffer | Uint8Array): Promise<Step<ExcelJS.Workbook>> {
  const wb = new (await loadExcelJs()).Workbook();
  try {
    // ExcelJS's typings want its own Buffer type; a Uint8Array view is what it reads.
    await wb.xlsx.load((data instanceof Uint8Array ? data : new Uint8Array(data)) as unknown as ArrayBuffer);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return refuse(
      problem('invalid-xlsx', {}, `Không đọc được tệp Excel: ${msg}`, `Cannot read the Excel file: ${msg}`),
    );
  }
  return { value: wb };
}

/** The sheet asked for (by name or 1-based index), else the first that is not "Thông tin". */
function pickCriteriaSheet(wb: ExcelJS.Workbook, sheet: string | number | undefined): Step<ExcelJS.Worksheet> {
  const sheets = wb.worksheets.filter((w) => w.name !== META_SHEET);
  const ws =
    typeof sheet === 'string'
      ? wb.getWorksheet(sheet)
      : typeof sheet === 'number'
        ? wb.worksheets[sheet - 1]
        : sheets[0];
  if (!ws) {
    return refuse(
      problem(
        'missing-sheet',
        {},
        'Không tìm thấy trang tính chứa bộ tiêu chí.',
        'No worksheet with the criteria was found.',
      ),
    );
  }
  return { value: ws };
}

type Header = { headerRow: number; columns: Partial<Record<ColumnKey, number>> };

/** The header row: the row (of the first 30) that names the most known columns, at least two. */
function findHeaderRow(ws: ExcelJS.Worksheet): Step<Header> {
  let headerRow = 0;
  let columns: Partial<Record<ColumnKey, number>> = {};
  for (let r = 1; r <= Math.min(30, ws.rowCount); r++) {
    const found: Partial<Record<ColumnKey, number>> = {};
    ws.getRow(r).eachCell((cell, col) => {
      const k = headerKind(cellText(cell.value));
      if (k && found[k] === undefined) {
        found[k] = col;
      }
    });
    if (Object.keys(found).length > Object.keys(columns).length && Object.keys(found).length >= 2) {
      columns = found;
      headerRow = r;
    }
  }
  if (!headerRow) {
    return refuse(
      problem(
        'missing-header',
        {},
        `Không tìm thấy dòng tiêu đề cột (${REQUIRED.map((k) => XLSX_HEADERS[k]).join(' | ')}).`,
        `No header row found (${REQUIRED.map((k) => XLSX_HEADERS[k]).join(' | ')}).`,
      ),
    );
  }
  return { value: { headerRow, columns } };
}

/** The required columns are errors when missing; a missing appraiser column only a warning. */
function checkColumns({ headerRow, columns }: Header, problems: Problem[]): void {
  for (const k of REQUIRED) {
    if (columns[k] === undefined) {
      problems.push(
        problem(
          'missing-column',
          { row: headerRow, field: XLSX_HEADERS[k] },
          `Thiếu cột "${XLSX_HEADERS[k]}" ở dòng tiêu đề.`,
          `Column "${XLSX_HEADERS[k]}" is missing from the header row.`,
        ),
      );
    }
  }
  if (columns.appraiser === undefined) {
    problems.push(
      problem(
        'missing-column',
        { row: headerRow, field: XLSX_HEADERS.appraiser },
        `Không có cột "${XLSX_HEADERS.appraiser}": nội dung thẩm định phải có ở mọi tiêu chí lá.`,
        `No "${XLSX_HEADERS.appraiser}" column: every leaf still needs a content area.`,
        'warning',
      ),
    );
  }
}

/** The set from the rows, the "Thông tin" sheet and the options (options win, then the sheet, then defaults). */
function assembleSet(
  rows: SheetRows,
  meta: Record<string, string>,
  options: XlsxImportOptions,
  sheetName: string,
  problems: Problem[],
): CriteriaSet {
  const sample = options.sample ?? (meta.sample !== undefined ? meta.sample === 'true' : false);
  const totalFromMeta = meta.totalPoints ? parsePoints(meta.totalPoints) : undefined;
  const set: CriteriaSet = {
    key: options.key ?? meta.key ?? '',
    title: options.title ?? meta.title ?? sheetName,
    sample,
    totalPoints: rows.declaredTotal ?? totalFromMeta ?? options.totalPoints ?? 100_000,
    nodes: rows.roots,
  };
  for (const f of ['notice', 'source', 'version', 'unitGroup'] as const) {
    const v = f === 'unitGroup' ? (options.unitGroup ?? meta[f]) : meta[f];
    if (v) {
      set[f] = v;
    }
  }
  if (rows.blocks.bonus) {
    set.bonus = rows.blocks.bonus;
  }
  if (rows.blocks.penalty) {
    set.penalty = rows.blocks.penalty;
  }
  if (!set.key) {
    problems.push(
      problem(
        'missing-key',
        { field: 'key' },
        'Thiếu key của bộ tiêu chí (trang "Thông tin" hoặc tham số).',
        'The set has no key (sheet "Thông tin" or an option).',
      ),
    );
  }
  return set;
}

/** The set's validation problems, less those the rows already reported; a total mismatch points at the total row. */
function addValidationProblems(
  set: CriteriaSet,
  totalRow: number | undefined,
  routingContext: XlsxRoutingContext | undefined,
  problems: Problem[],
): void {
  const routing = routingContext ? new Map(routingContext.contentAreas.map((a) => [a.code, a.appraisers])) : undefined;
  const unreadable = new Set(problems.filter((p) => p.field === XLSX_HEADERS.maxPoints).map((p) => p.row));
  for (const p of validateCriteriaSet(set, { routing })) {
    // A max already reported as unreadable need not be reported again as "not above 0".
    if (CASCADE.has(p.kind) && unreadable.has(p.row)) {
      continue;
    }
    // The builder already reported duplicates with both rows.
    if (p.kind === 'duplicate-code' && p.row !== undefined) {
      continue;
    }
    if (p.kind === 'total-mismatch' && totalRow !== undefined) {
      p.row = totalRow;
    }
    problems.push(p);
  }
}

/**
 * Import (dry run) a criteria set from an .xlsx buffer. Returns the set only when there is no error;
 * otherwise every problem, each with its 1-based row (and the column name as `field`).
 */
export async function importCriteriaXlsx(
  data: ArrayBuffer | Uint8Array,
  options: XlsxImportOptions = {},
): Promise<XlsxImportResult> {
  const loaded = await loadWorkbook(data);
  if ('refused' in loaded) {
    return loaded.refused;
  }
  const sheet = pickCriteriaSheet(loaded.value, options.sheet);
  if ('refused' in sheet) {
    return sheet.refused;
  }
  const header = findHeaderRow(sheet.value);
  if ('refused' in header) {
    return header.refused;
  }
  const { headerRow } = header.value;
  const problems: Problem[] = [];
  checkColumns(header.value, problems);
  const rows = readRows(sheet.value, headerRow, header.value.columns, problems);
  resolveAreasAndRules(rows, options.routing, problems);
  const set = assembleSet(rows, readMeta(loaded.value), options, sheet.value.name, problems);
  if (!options.routing) {
    keyContentAreas(set);
  }
  addValidationProblems(set, rows.totalRow, options.routing, problems);
  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return hasErrors(problems) ? { ok: false, problems, headerRow } : { ok: true, value: set, problems, headerRow };
}

/**
 * Outside a campaign the "Cơ quan thẩm định" column holds appraisers' names ("Phòng Nội vụ + Phòng Tư pháp"):
 * each distinct wording becomes a content area key (its slug) and the wording is kept by key, for the routing
 * editor to suggest organisations from and for the export to write back.
 */
function keyContentAreas(set: CriteriaSet): void {
  const names: Record<string, string> = {};
  const key = (text: string | undefined) => {
    if (!text) {
      return text;
    }
    const k = areaKey(text);
    if (k !== text) {
      names[k] = text;
    }
    return k;
  };
  for (const n of allNodes(set)) {
    n.contentArea = key(n.contentArea);
  }
  for (const i of [...(set.bonus?.items ?? []), ...(set.penalty?.items ?? [])]) {
    i.contentArea = key(i.contentArea);
  }
  if (Object.keys(names).length) {
    set.contentAreaNames = names;
  }
}

/** Options of {@link exportCriteriaXlsx}. */
export interface XlsxExportOptions {
  /** Write content-area names instead of codes (not re-importable without the same routing context). */
  contentAreaNames?: ReadonlyMap<string, string>;
  /** Leave out the machine-readable rule column (the sheet is then re-imported from the guidance text). */
  omitRuleJson?: boolean;
}

/**
 * Export a criteria set to .xlsx in the layout {@link importCriteriaXlsx} reads (plus a "Thông tin" sheet
 * with the set's metadata and a "Quy tắc (JSON)" column), so export → import gives the same set.
 */
export async function exportCriteriaXlsx(set: CriteriaSet, options: XlsxExportOptions = {}): Promise<Uint8Array> {
  const wb = new (await loadExcelJs()).Workbook();
  wb.creator = 'par-index';
  const ws = wb.addWorksheet('Bộ tiêu chí', { views: [{ state: 'frozen', ySplit: set.notice ? 3 : 2 }] });
  // The sheet's own wording of an area (imported outside a campaign) re-imports to the same key.
  const areaName = (code: string) => options.contentAreaNames?.get(code) ?? set.contentAreaNames?.[code] ?? code;
  const keys: ColumnKey[] = [
    'code',
    'title',
    'maxPoints',
    'guidance',
    'evidence',
    'appraiser',
    ...(options.omitRuleJson ? [] : (['ruleJson'] as ColumnKey[])),
  ];
  const widths: Record<ColumnKey, number> = {
    code: 10,
    title: 60,
    maxPoints: 12,
    guidance: 50,
    evidence: 40,
    appraiser: 24,
    ruleJson: 30,
  };
  ws.columns = keys.map((k) => ({ key: k, width: widths[k] }));
  ws.addRow([set.title]).font = { bold: true, size: 13 };
  if (set.notice) {
    ws.addRow([set.notice]).font = { italic: true, color: { argb: 'FFB00020' } };
  }
  const header = ws.addRow(keys.map((k) => XLSX_HEADERS[k]));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  ws.getColumn(1).numFmt = '@';

  for (const n of allNodes(set)) {
    const leaf = n.children.length === 0;
    const area = n.contentArea && !n.contentAreaInherited ? areaName(n.contentArea) : '';
    const values: Record<ColumnKey, string | number> = {
      code: n.code,
      title: n.title,
      maxPoints: milliToNumber(n.maxPoints),
      guidance: n.guidance ?? (leaf && n.rule ? ruleToText(n.rule, n.maxPoints) : ''),
      evidence: n.evidenceHint ?? '',
      appraiser: area,
      ruleJson: leaf && n.rule ? JSON.stringify(serializeRule(n.rule)) : '',
    };
    const row = ws.addRow(keys.map((k) => values[k]));
    row.getCell(1).value = n.code; // keep codes as text: "1.10" must not become 1.1
    row.alignment = { vertical: 'top', wrapText: true };
    if (!leaf) {
      row.font = { bold: n.code.indexOf('.') < 0 };
    }
  }
  const block = (b: AdjustmentBlock | undefined, code: string, title: string) => {
    if (!b) {
      return;
    }
    const head = ws.addRow([code, title, b.cap !== undefined ? milliToNumber(b.cap) : '']);
    head.font = { bold: true };
    b.items.forEach((i) =>
      ws.addRow([i.code, i.title, milliToNumber(i.points), '', '', i.contentArea ? areaName(i.contentArea) : '']),
    );
  };
  block(set.bonus, 'T', 'Điểm thưởng');
  block(set.penalty, 'P', 'Điểm trừ');
  ws.addRow(['', 'Tổng điểm', milliToNumber(set.totalPoints)]).font = { bold: true };

  const meta = wb.addWorksheet(META_SHEET);
  const m: [string, string][] = [
    ['key', set.key],
    ['title', set.title],
    ['sample', String(set.sample)],
    ['totalPoints', fmtPts(set.totalPoints).replace(',', '.')],
  ];
  for (const f of ['notice', 'source', 'version', 'unitGroup'] as const) {
    if (set[f]) {
      m.push([f, set[f]]);
    }
  }
  m.forEach((r) => meta.addRow(r));
  meta.getColumn(1).width = 14;
  meta.getColumn(2).width = 80;
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf);
}
