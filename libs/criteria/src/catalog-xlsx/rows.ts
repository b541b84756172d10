/**
 * The sheet's rows below the header, read one by one: the total row, bonus/penalty blocks and their items,
 * and criteria rows, each criterion attached to the nearest existing ancestor by code. Rule and appraiser
 * texts are kept aside for the next step (they depend on the tree: leaves only, areas inherited downwards).
 */
import type ExcelJS from 'exceljs';
import { parsePoints, type Milli } from '../points';
import { problem } from '../problems';
import { normalizeVi } from '../rule-text';
import { codeSegments, parentCode } from '../tree';
import type { AdjustmentBlock, CriterionNode, Problem } from '../types';
import { XLSX_HEADERS, cellText, cellValue, type ColumnKey } from './cells';

const BONUS = /^(t|thuong|diem thuong)$/;
const PENALTY = /^(p|tru|diem tru)$/;
const ROMAN = /^(?:[ivxlc]+|phan [ivxlc]+|[a-h])\.?$/;

/** What the rows hold, before content areas and rules are resolved. */
export interface SheetRows {
  roots: CriterionNode[];
  byCode: Map<string, CriterionNode>;
  declaredTotal?: Milli;
  totalRow?: number;
  blocks: { bonus?: AdjustmentBlock; penalty?: AdjustmentBlock };
  ruleTexts: Map<CriterionNode, { text?: string; json?: string; row: number }>;
  areaTexts: Map<CriterionNode, string>;
}

type Get = (row: ExcelJS.Row, k: ColumnKey) => ExcelJS.CellValue;

/** One row's cells as read, with the code and title normalised for matching. */
interface RowCells {
  r: number;
  row: ExcelJS.Row;
  rawCode: ExcelJS.CellValue;
  code: string;
  title: string;
  maxRaw: ExcelJS.CellValue;
  maxText: string;
  nCode: string;
  nTitle: string;
}

function readCells(row: ExcelJS.Row, r: number, get: Get): RowCells {
  const rawCode = get(row, 'code');
  const code = cellText(rawCode).replace(/\.$/, '');
  const title = cellText(get(row, 'title'));
  const maxRaw = get(row, 'maxPoints');
  return {
    r,
    row,
    rawCode,
    code,
    title,
    maxRaw,
    maxText: cellText(maxRaw),
    nCode: normalizeVi(code),
    nTitle: normalizeVi(title),
  };
}

function at(c: RowCells, field: ColumnKey) {
  return { code: c.code || undefined, row: c.r, field: XLSX_HEADERS[field] };
}

/** The row's max points; reports a missing or unreadable cell. */
function readMax(c: RowCells, problems: Problem[]): Milli | undefined {
  if (!c.maxText) {
    problems.push(problem('missing-points', at(c, 'maxPoints'), 'Thiếu điểm tối đa.', 'Max points are missing.'));
    return undefined;
  }
  const m = parsePoints(typeof c.maxRaw === 'number' ? c.maxRaw : c.maxText);
  if (m === undefined) {
    problems.push(
      problem(
        'invalid-points',
        at(c, 'maxPoints'),
        `Ô điểm tối đa chứa "${c.maxText}", không phải số (tối đa 3 chữ số thập phân).`,
        `The max-points cell holds "${c.maxText}", not a number (at most 3 decimals).`,
      ),
    );
  }
  return m;
}

function isTotalRow(c: RowCells): boolean {
  return !c.code && /^tong( cong| diem| so)?\b/.test(c.nTitle);
}

/** A bonus/penalty block's header row: "T"/"P" or "Điểm thưởng"/"Điểm trừ"; its items follow as T.1, P.1… */
function blockHeaderKind(c: RowCells): 'bonus' | 'penalty' | undefined {
  if (BONUS.test(c.nCode) || PENALTY.test(c.nCode) || (!c.code && /^diem (thuong|tru)\b/.test(c.nTitle))) {
    return BONUS.test(c.nCode) || /^diem thuong/.test(c.nTitle) ? 'bonus' : 'penalty';
  }
  return undefined;
}

function addBlockItem(block: AdjustmentBlock, c: RowCells, get: Get, problems: Problem[]): void {
  const p = readMax(c, problems);
  if (p !== undefined) {
    const area = cellText(get(c.row, 'appraiser'));
    block.items.push({ code: c.code, title: c.title, points: p, ...(area ? { contentArea: area } : {}) });
  }
}

/** Whether the row is a criterion: it has a code of the form 1, 1.1…; section headings and blanks are reported. */
function isCriterionRow(c: RowCells, problems: Problem[]): boolean {
  if (!c.code) {
    problems.push(
      problem(
        'missing-code',
        at(c, 'code'),
        'Dòng có nội dung nhưng thiếu mã (STT/Mã).',
        'The row has content but no code (STT/Mã).',
      ),
    );
    return false;
  }
  if (ROMAN.test(c.nCode)) {
    problems.push(
      problem(
        'section-row',
        at(c, 'code'),
        `Dòng phần "${c.code}" được bỏ qua (chỉ là tiêu đề nhóm).`,
        `Section row "${c.code}" skipped (a heading only).`,
        'warning',
      ),
    );
    return false;
  }
  if (typeof c.rawCode === 'number' && c.code.includes('.')) {
    problems.push(
      problem(
        'numeric-code',
        at(c, 'code'),
        `Mã "${c.code}" được lưu dạng số; Excel biến 1.10 thành 1.1 — hãy định dạng cột mã là văn bản.`,
        `Code "${c.code}" is stored as a number; Excel turns 1.10 into 1.1 — format the code column as text.`,
        'warning',
      ),
    );
  }
  if (!codeSegments(c.code)) {
    problems.push(
      problem(
        'invalid-code',
        at(c, 'code'),
        `Mã "${c.code}" phải có dạng 1, 1.1, 1.1.1…`,
        `Code "${c.code}" must look like 1, 1.1, 1.1.1…`,
      ),
    );
    return false;
  }
  return true;
}

/** A criterion node from the row, attached under the nearest ancestor already read. */
function addCriterion(out: SheetRows, c: RowCells, get: Get, problems: Problem[]): void {
  const { code, title, r, row } = c;
  if (!title) {
    problems.push(problem('missing-title', at(c, 'title'), 'Thiếu tên tiêu chí.', 'The title is missing.'));
  }
  const node: CriterionNode = { code, title, maxPoints: readMax(c, problems) ?? 0, children: [], source: { row: r } };
  const evidence = cellText(get(row, 'evidence'));
  if (evidence) {
    node.evidenceHint = evidence;
  }
  out.ruleTexts.set(node, {
    text: cellText(get(row, 'guidance')) || undefined,
    json: cellText(get(row, 'ruleJson')) || undefined,
    row: r,
  });
  const area = cellText(get(row, 'appraiser'));
  if (area) {
    out.areaTexts.set(node, area);
  }
  if (out.byCode.has(code)) {
    // Keep the node so validation reports the duplicate with both rows.
    problems.push(
      problem(
        'duplicate-code',
        at(c, 'code'),
        `Mã "${code}" bị trùng (đã có ở dòng ${out.byCode.get(code)!.source?.row}).`,
        `Code "${code}" is duplicated (first at row ${out.byCode.get(code)!.source?.row}).`,
      ),
    );
  } else {
    out.byCode.set(code, node);
  }
  let p = parentCode(code);
  while (p !== undefined && !out.byCode.has(p)) {
    p = parentCode(p);
  }
  (p === undefined ? out.roots : out.byCode.get(p)!.children).push(node);
}

/** Read every row under the header into nodes, blocks and the declared total. */
export function readRows(
  ws: ExcelJS.Worksheet,
  headerRow: number,
  columns: Partial<Record<ColumnKey, number>>,
  problems: Problem[],
): SheetRows {
  const get: Get = (row, k) => (columns[k] === undefined ? null : cellValue(row.getCell(columns[k]).value));
  const out: SheetRows = { roots: [], byCode: new Map(), blocks: {}, ruleTexts: new Map(), areaTexts: new Map() };
  let currentBlock: 'bonus' | 'penalty' | undefined;
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const c = readCells(ws.getRow(r), r, get);
    if (!c.code && !c.title && !c.maxText) {
      continue;
    }
    if (isTotalRow(c)) {
      out.declaredTotal = readMax(c, problems);
      out.totalRow = r;
      continue;
    }
    const blockKind = blockHeaderKind(c);
    if (blockKind) {
      currentBlock = blockKind;
      const cap = c.maxText ? readMax(c, problems) : undefined;
      out.blocks[currentBlock] = { ...(cap !== undefined ? { cap } : {}), items: [] };
      continue;
    }
    if (currentBlock && /^[tp]\.\d+$/.test(c.nCode)) {
      addBlockItem(out.blocks[currentBlock]!, c, get, problems);
      continue;
    }
    if (!isCriterionRow(c, problems)) {
      continue;
    }
    currentBlock = undefined;
    addCriterion(out, c, get, problems);
  }
  return out;
}
