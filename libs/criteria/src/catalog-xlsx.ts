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
import ExcelJS from 'exceljs';
import { milliToNumber, parsePoints, type Milli } from './points';
import { hasErrors, problem } from './problems';
import { parseRule, serializeRule } from './rule-schema';
import { normalizeVi, parseRuleText, ruleToText } from './rule-text';
import { fmtPts } from './rules';
import { allNodes, codeSegments, parentCode } from './tree';
import { validateCriteriaSet } from './validate';
import type { AdjustmentBlock, CriteriaSet, CriterionNode, LoadResult, Problem, ScoringRule } from './types';

type ColumnKey = 'code' | 'title' | 'maxPoints' | 'guidance' | 'evidence' | 'appraiser' | 'ruleJson';

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

const REQUIRED: readonly ColumnKey[] = ['code', 'title', 'maxPoints'];

/** Which column a header names, or undefined. Order matters: "Mã tiêu chí" is a code, not a title. */
function headerKind(text: string): ColumnKey | undefined {
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
function cellText(v: ExcelJS.CellValue): string {
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
function cellValue(v: ExcelJS.CellValue): ExcelJS.CellValue {
  if (v && typeof v === 'object' && !(v instanceof Date) && 'result' in v) {
    return (v as { result?: ExcelJS.CellValue }).result ?? null;
  }
  return v;
}

/** Routing context for the "Cơ quan thẩm định" column: lets it name a content area or the appraising organisations. */
export interface XlsxRoutingContext {
  contentAreas: readonly { code: string; name: string; appraisers: readonly string[] }[];
  organisations: readonly { code: string; name: string; shortName?: string }[];
}

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

const META_SHEET = 'Thông tin';
/** Problems that only follow from an unreadable max (counted as 0): not worth repeating. */
const CASCADE = new Set(['invalid-max', 'points-out-of-range', 'best-below-max', 'checklist-sum-mismatch']);
const BONUS = /^(t|thuong|diem thuong)$/;
const PENALTY = /^(p|tru|diem tru)$/;
const ROMAN = /^(?:[ivxlc]+|phan [ivxlc]+|[a-h])\.?$/;

function resolveArea(
  text: string,
  inherited: string | undefined,
  ctx: XlsxRoutingContext | undefined,
): { area?: string; error?: { vi: string; en: string } } {
  if (!ctx) {
    return { area: text };
  }
  const n = normalizeVi(text);
  const direct = ctx.contentAreas.find((a) => a.code === text || normalizeVi(a.name) === n);
  if (direct) {
    return { area: direct.code };
  }
  const pieces = text
    .split(/[+,;\n]/)
    .map((p) => p.trim())
    .filter(Boolean);
  const orgs: string[] = [];
  for (const p of pieces) {
    const pn = normalizeVi(p);
    const org = ctx.organisations.find(
      (o) => o.code === p || normalizeVi(o.name) === pn || (o.shortName && normalizeVi(o.shortName) === pn),
    );
    if (!org) {
      return {
        error: {
          vi: `"${p}" không phải nội dung thẩm định hay cơ quan thẩm định đã biết.`,
          en: `"${p}" is neither a known content area nor a known appraiser.`,
        },
      };
    }
    orgs.push(org.code);
  }
  const want = [...new Set(orgs)].sort().join(',');
  const candidates = ctx.contentAreas.filter((a) => [...new Set(a.appraisers)].sort().join(',') === want);
  if (inherited && candidates.some((c) => c.code === inherited)) {
    return { area: inherited };
  }
  if (candidates.length === 1) {
    return { area: candidates[0].code };
  }
  if (candidates.length === 0) {
    return {
      error: {
        vi: `Không có nội dung thẩm định nào do đúng "${text}" thẩm định.`,
        en: `No content area is appraised by exactly "${text}".`,
      },
    };
  }
  return {
    error: {
      vi: `"${text}" thẩm định nhiều nội dung (${candidates.map((c) => c.name).join('; ')}): ghi tên nội dung ở dòng lĩnh vực hoặc dòng này.`,
      en: `"${text}" appraises several content areas (${candidates.map((c) => c.code).join(', ')}): name the content area on this row or its field row.`,
    },
  };
}

function readMeta(wb: ExcelJS.Workbook): Record<string, string> {
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

/**
 * Import (dry run) a criteria set from an .xlsx buffer. Returns the set only when there is no error;
 * otherwise every problem, each with its 1-based row (and the column name as `field`).
 */
export async function importCriteriaXlsx(
  data: ArrayBuffer | Uint8Array,
  options: XlsxImportOptions = {},
): Promise<XlsxImportResult> {
  const wb = new ExcelJS.Workbook();
  try {
    // ExcelJS's typings want its own Buffer type; a Uint8Array view is what it reads.
    await wb.xlsx.load((data instanceof Uint8Array ? data : new Uint8Array(data)) as unknown as ArrayBuffer);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      problems: [problem('invalid-xlsx', {}, `Không đọc được tệp Excel: ${msg}`, `Cannot read the Excel file: ${msg}`)],
    };
  }
  const sheets = wb.worksheets.filter((w) => w.name !== META_SHEET);
  const ws =
    typeof options.sheet === 'string'
      ? wb.getWorksheet(options.sheet)
      : typeof options.sheet === 'number'
        ? wb.worksheets[options.sheet - 1]
        : sheets[0];
  if (!ws) {
    return {
      ok: false,
      problems: [
        problem(
          'missing-sheet',
          {},
          'Không tìm thấy trang tính chứa bộ tiêu chí.',
          'No worksheet with the criteria was found.',
        ),
      ],
    };
  }
  const problems: Problem[] = [];

  // 1. Header row: the row (of the first 30) that names the most known columns.
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
    return {
      ok: false,
      problems: [
        problem(
          'missing-header',
          {},
          `Không tìm thấy dòng tiêu đề cột (${REQUIRED.map((k) => XLSX_HEADERS[k]).join(' | ')}).`,
          `No header row found (${REQUIRED.map((k) => XLSX_HEADERS[k]).join(' | ')}).`,
        ),
      ],
    };
  }
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

  const get = (row: ExcelJS.Row, k: ColumnKey): ExcelJS.CellValue =>
    columns[k] === undefined ? null : cellValue(row.getCell(columns[k]).value);

  // 2. Rows → nodes, attached to the nearest existing ancestor by code.
  const meta = readMeta(wb);
  const byCode = new Map<string, CriterionNode>();
  const roots: CriterionNode[] = [];
  let declaredTotal: Milli | undefined;
  let totalRow: number | undefined;
  const blocks: { bonus?: AdjustmentBlock; penalty?: AdjustmentBlock } = {};
  let currentBlock: 'bonus' | 'penalty' | undefined;
  const ruleTexts = new Map<CriterionNode, { text?: string; json?: string; row: number }>();
  const areaTexts = new Map<CriterionNode, string>();

  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const rawCode = get(row, 'code');
    const code = cellText(rawCode).replace(/\.$/, '');
    const title = cellText(get(row, 'title'));
    const maxRaw = get(row, 'maxPoints');
    const maxText = cellText(maxRaw);
    if (!code && !title && !maxText) {
      continue;
    }
    const at = (field: ColumnKey) => ({ code: code || undefined, row: r, field: XLSX_HEADERS[field] });
    const parseMax = (): Milli | undefined => {
      if (!maxText) {
        problems.push(problem('missing-points', at('maxPoints'), 'Thiếu điểm tối đa.', 'Max points are missing.'));
        return undefined;
      }
      const m = parsePoints(typeof maxRaw === 'number' ? maxRaw : maxText);
      if (m === undefined) {
        problems.push(
          problem(
            'invalid-points',
            at('maxPoints'),
            `Ô điểm tối đa chứa "${maxText}", không phải số (tối đa 3 chữ số thập phân).`,
            `The max-points cell holds "${maxText}", not a number (at most 3 decimals).`,
          ),
        );
      }
      return m;
    };
    const nCode = normalizeVi(code);
    const nTitle = normalizeVi(title);
    if (!code && /^tong( cong| diem| so)?\b/.test(nTitle)) {
      declaredTotal = parseMax();
      totalRow = r;
      continue;
    }
    // Bonus / penalty blocks: a header row "T"/"P" (or "Điểm thưởng"/"Điểm trừ") then items T.1, P.1…
    if (BONUS.test(nCode) || PENALTY.test(nCode) || (!code && /^diem (thuong|tru)\b/.test(nTitle))) {
      currentBlock = BONUS.test(nCode) || /^diem thuong/.test(nTitle) ? 'bonus' : 'penalty';
      const cap = maxText ? parseMax() : undefined;
      blocks[currentBlock] = { ...(cap !== undefined ? { cap } : {}), items: [] };
      continue;
    }
    if (currentBlock && /^[tp]\.\d+$/.test(nCode)) {
      const p = parseMax();
      if (p !== undefined) {
        const area = cellText(get(row, 'appraiser'));
        blocks[currentBlock]!.items.push({ code, title, points: p, ...(area ? { contentArea: area } : {}) });
      }
      continue;
    }
    if (!code) {
      problems.push(
        problem(
          'missing-code',
          at('code'),
          'Dòng có nội dung nhưng thiếu mã (STT/Mã).',
          'The row has content but no code (STT/Mã).',
        ),
      );
      continue;
    }
    if (ROMAN.test(nCode)) {
      problems.push(
        problem(
          'section-row',
          at('code'),
          `Dòng phần "${code}" được bỏ qua (chỉ là tiêu đề nhóm).`,
          `Section row "${code}" skipped (a heading only).`,
          'warning',
        ),
      );
      continue;
    }
    if (typeof rawCode === 'number' && code.includes('.')) {
      problems.push(
        problem(
          'numeric-code',
          at('code'),
          `Mã "${code}" được lưu dạng số; Excel biến 1.10 thành 1.1 — hãy định dạng cột mã là văn bản.`,
          `Code "${code}" is stored as a number; Excel turns 1.10 into 1.1 — format the code column as text.`,
          'warning',
        ),
      );
    }
    if (!codeSegments(code)) {
      problems.push(
        problem(
          'invalid-code',
          at('code'),
          `Mã "${code}" phải có dạng 1, 1.1, 1.1.1…`,
          `Code "${code}" must look like 1, 1.1, 1.1.1…`,
        ),
      );
      continue;
    }
    if (!title) {
      problems.push(problem('missing-title', at('title'), 'Thiếu tên tiêu chí.', 'The title is missing.'));
    }
    currentBlock = undefined;
    const node: CriterionNode = { code, title, maxPoints: parseMax() ?? 0, children: [], source: { row: r } };
    const evidence = cellText(get(row, 'evidence'));
    if (evidence) {
      node.evidenceHint = evidence;
    }
    ruleTexts.set(node, {
      text: cellText(get(row, 'guidance')) || undefined,
      json: cellText(get(row, 'ruleJson')) || undefined,
      row: r,
    });
    const area = cellText(get(row, 'appraiser'));
    if (area) {
      areaTexts.set(node, area);
    }
    if (byCode.has(code)) {
      // Keep the node so validation reports the duplicate with both rows.
      problems.push(
        problem(
          'duplicate-code',
          at('code'),
          `Mã "${code}" bị trùng (đã có ở dòng ${byCode.get(code)!.source?.row}).`,
          `Code "${code}" is duplicated (first at row ${byCode.get(code)!.source?.row}).`,
        ),
      );
    } else {
      byCode.set(code, node);
    }
    let p = parentCode(code);
    while (p !== undefined && !byCode.has(p)) {
      p = parentCode(p);
    }
    (p === undefined ? roots : byCode.get(p)!.children).push(node);
  }

  // 3. Content areas (inherited downwards) and rules (leaves only).
  const resolveTree = (node: CriterionNode, inherited: string | undefined) => {
    const text = areaTexts.get(node);
    let area = inherited;
    if (text) {
      const res = resolveArea(text, inherited, options.routing);
      if (res.error) {
        problems.push(
          problem(
            'unknown-appraiser',
            { code: node.code, row: node.source?.row, field: XLSX_HEADERS.appraiser },
            res.error.vi,
            res.error.en,
          ),
        );
      } else {
        area = res.area;
      }
    }
    if (area) {
      node.contentArea = area;
      if (!text) {
        node.contentAreaInherited = true;
      }
    }
    const rt = ruleTexts.get(node)!;
    if (node.children.length === 0) {
      let rule: ScoringRule | undefined;
      if (rt.json) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(rt.json);
        } catch {
          problems.push(
            problem(
              'invalid-rule-json',
              { code: node.code, row: rt.row, field: XLSX_HEADERS.ruleJson },
              'Ô quy tắc (JSON) không phải JSON hợp lệ.',
              'The rule (JSON) cell is not valid JSON.',
            ),
          );
        }
        if (parsed !== undefined) {
          rule = parseRule(parsed, { code: node.code, row: rt.row }, problems, XLSX_HEADERS.ruleJson);
        }
        if (rt.text && rule && rt.text !== ruleToText(rule, node.maxPoints)) {
          node.guidance = rt.text;
        }
      } else {
        const res = parseRuleText(rt.text, node.maxPoints);
        rule = res.rule;
        if (!res.recognised) {
          problems.push(
            problem(
              'rule-not-recognised',
              { code: node.code, row: rt.row, field: XLSX_HEADERS.guidance },
              'Không nhận ra cách tính điểm; tiêu chí được chấm theo thực tế (manual).',
              'The scoring text was not recognised; the leaf is scored manually.',
              'warning',
            ),
          );
        }
        if (rt.text && rt.text !== ruleToText(res.rule, node.maxPoints)) {
          node.guidance = rt.text;
        }
      }
      if (rule) {
        node.rule = rule;
      }
    } else if (rt.text) {
      node.guidance = rt.text;
    }
    node.children.forEach((c) => resolveTree(c, area));
  };
  roots.forEach((n) => resolveTree(n, undefined));

  const sample = options.sample ?? (meta.sample !== undefined ? meta.sample === 'true' : false);
  const totalFromMeta = meta.totalPoints ? parsePoints(meta.totalPoints) : undefined;
  const set: CriteriaSet = {
    key: options.key ?? meta.key ?? '',
    title: options.title ?? meta.title ?? ws.name,
    sample,
    totalPoints: declaredTotal ?? totalFromMeta ?? options.totalPoints ?? 100_000,
    nodes: roots,
  };
  for (const f of ['notice', 'source', 'version', 'unitGroup'] as const) {
    const v = f === 'unitGroup' ? (options.unitGroup ?? meta[f]) : meta[f];
    if (v) {
      set[f] = v;
    }
  }
  if (blocks.bonus) {
    set.bonus = blocks.bonus;
  }
  if (blocks.penalty) {
    set.penalty = blocks.penalty;
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

  const routing = options.routing
    ? new Map(options.routing.contentAreas.map((a) => [a.code, a.appraisers]))
    : undefined;
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
  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return hasErrors(problems) ? { ok: false, problems, headerRow } : { ok: true, value: set, problems, headerRow };
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
  const wb = new ExcelJS.Workbook();
  wb.creator = 'par-index';
  const ws = wb.addWorksheet('Bộ tiêu chí', { views: [{ state: 'frozen', ySplit: set.notice ? 3 : 2 }] });
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
    const area =
      n.contentArea && !n.contentAreaInherited ? (options.contentAreaNames?.get(n.contentArea) ?? n.contentArea) : '';
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
    b.items.forEach((i) => ws.addRow([i.code, i.title, milliToNumber(i.points), '', '', i.contentArea ?? '']));
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
