/**
 * The organisations sheet a secretariat keeps in Excel, read and checked row by row: Mã | Tên | Tên ngắn | Tên khác
 * (";"-separated) | Loại/Nhóm | Đơn vị tiền thân (codes, ";"-separated). Every problem is collected with its Excel
 * row number and a sentence in Vietnamese saying what to fix, so one dry run lists them all; nothing here writes.
 */
import { AppError, loadExcelJs, normaliseName } from '@lib/common';

export const ORGANISATION_COLUMNS = ['code', 'name', 'shortName', 'aliases', 'group', 'predecessors'] as const;
export type OrganisationColumn = (typeof ORGANISATION_COLUMNS)[number];

/** Headers in their normal form (libs/common normaliseName: no accents, lower case, punctuation as spaces). */
const HEADERS: Record<OrganisationColumn, string[]> = {
  code: ['ma', 'ma don vi', 'ma co quan', 'code'],
  name: ['ten', 'ten don vi', 'ten day du', 'ten co quan', 'name'],
  shortName: ['ten ngan', 'ten rut gon', 'ten viet tat', 'short name'],
  aliases: ['ten khac', 'ten goi khac', 'aliases'],
  group: ['loai nhom', 'loai', 'nhom', 'nhom don vi', 'group', 'unit group'],
  predecessors: ['don vi tien than', 'tien than', 'predecessors'],
};
/** The Vietnamese header each column is reported by. */
export const COLUMN_TITLES: Record<OrganisationColumn, string> = {
  code: 'Mã',
  name: 'Tên',
  shortName: 'Tên ngắn',
  aliases: 'Tên khác',
  group: 'Loại/Nhóm',
  predecessors: 'Đơn vị tiền thân',
};

/** "Loại/Nhóm" values that mean an appraising office (not assessed, no unit group). */
const APPRAISER = new Set(['co quan tham dinh', 'tham dinh', 'appraiser']);
const CODE = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const MAX_ORGANISATION_ROWS = 2000;
/** How far down the header may sit under title rows. */
const HEADER_SEARCH_ROWS = 10;

export interface OrganisationImportRow {
  row: number;
  code: string;
  name: string;
  shortName: string | null;
  aliases: string[];
  /** The unit group it is assessed in; null for an appraising office. */
  unitGroup: string | null;
  predecessors: string[];
}

export interface OrganisationImportProblem {
  row: number;
  column: OrganisationColumn | null;
  code: string;
  message: string;
  messageVi: string;
}

const fileError = (code: string, vi: string, en: string) => new AppError('invalid', code, vi, en);

/** The first worksheet as [Excel row number, cell texts] pairs. */
async function readSheet(buffer: Buffer): Promise<Array<[number, string[]]>> {
  const workbook = new (await loadExcelJs()).Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw fileError(
      'IMPORT_FILE_UNREADABLE',
      'Không đọc được tệp: hãy lưu lại bằng Excel hoặc LibreOffice dưới dạng .xlsx rồi chọn lại.',
      'The file cannot be read as .xlsx: save it as .xlsx and choose it again.',
    );
  }
  const sheet = workbook.worksheets[0];
  const table: Array<[number, string[]]> = [];
  sheet?.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      cells.push((row.getCell(c).text ?? '').normalize('NFC').trim());
    }
    table.push([rowNumber, cells]);
  });
  return table;
}

/** The column of each header, from the first row (of the first few) that has both Mã and Tên. */
function findHeader(table: Array<[number, string[]]>): { at: number; index: Map<OrganisationColumn, number> } {
  for (const [at, cells] of table.slice(0, HEADER_SEARCH_ROWS)) {
    const index = new Map<OrganisationColumn, number>();
    cells.forEach((cell, i) => {
      const h = normaliseName(cell);
      const column = ORGANISATION_COLUMNS.find((c) => HEADERS[c].includes(h));
      if (column && !index.has(column)) {
        index.set(column, i);
      }
    });
    if (index.has('code') && index.has('name')) {
      return { at, index };
    }
  }
  throw fileError(
    'IMPORT_HEADER_MISSING',
    'Không thấy dòng tiêu đề có cột "Mã" và "Tên". Các cột: Mã | Tên | Tên ngắn | Tên khác | Loại/Nhóm | Đơn vị tiền thân.',
    'No header row with "Mã" and "Tên". Columns: Mã | Tên | Tên ngắn | Tên khác | Loại/Nhóm | Đơn vị tiền thân.',
  );
}

/** A unit group code from what a person typed: "Xã, phường" → "xa-phuong"; an appraising office → null. */
function groupOf(text: string): string | null | undefined {
  const plain = normaliseName(text);
  if (!plain || APPRAISER.has(plain)) {
    return null;
  }
  const code = plain.replace(/ /g, '-');
  return CODE.test(code) ? code : undefined;
}

const splitList = (text: string): string[] =>
  text
    .split(/[;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Parse and check the sheet. Problems are per row and column; the rows without a problem come back as well, so
 * the preview shows what would be written. Codes already in the authority are not a problem (they are updated).
 */
export async function parseOrganisationSheet(buffer: Buffer): Promise<{
  rows: OrganisationImportRow[];
  problems: OrganisationImportProblem[];
  /** Group key → the name as the sheet wrote it ("Xã, đặc khu" → xa-dac-khu): the group's name until renamed. */
  groupNames: Map<string, string>;
}> {
  const groupNames = new Map<string, string>();
  const table = await readSheet(buffer);
  const { at, index } = findHeader(table);
  const body = table.filter(([row, cells]) => row > at && cells.some(Boolean));
  if (body.length === 0) {
    throw fileError(
      'IMPORT_EMPTY',
      'Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.',
      'The file has no data rows under its header.',
    );
  }
  if (body.length > MAX_ORGANISATION_ROWS) {
    throw fileError(
      'IMPORT_TOO_MANY_ROWS',
      `Mỗi lần nhập tối đa ${MAX_ORGANISATION_ROWS} dòng: hãy chia tệp.`,
      `At most ${MAX_ORGANISATION_ROWS} rows per import: split the file.`,
    );
  }
  const rows: OrganisationImportRow[] = [];
  const problems: OrganisationImportProblem[] = [];
  const firstRowOf = new Map<string, number>();
  for (const [row, cells] of body) {
    const cell = (c: OrganisationColumn) => (index.has(c) ? (cells[index.get(c)!] ?? '') : '');
    const before = problems.length;
    const report = (column: OrganisationColumn | null, code: string, vi: string, en: string) =>
      problems.push({ row, column, code, messageVi: vi, message: en });

    const code = cell('code').toLowerCase();
    if (!code) {
      report('code', 'CODE_MISSING', 'Thiếu mã đơn vị (cột Mã).', 'The code is missing.');
    } else if (!CODE.test(code)) {
      report(
        'code',
        'CODE_INVALID',
        `Mã "${code}" không hợp lệ: chỉ dùng chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới (tối đa 64 ký tự).`,
        `The code "${code}" is invalid: lower-case letters, digits, . _ - (at most 64).`,
      );
    } else if (firstRowOf.has(code)) {
      report(
        'code',
        'CODE_DUPLICATE',
        `Mã "${code}" trùng với dòng ${firstRowOf.get(code)}: mỗi đơn vị một dòng, hãy xoá hoặc đổi mã một dòng.`,
        `The code "${code}" repeats row ${firstRowOf.get(code)}.`,
      );
    } else {
      firstRowOf.set(code, row);
    }
    const name = cell('name');
    if (!name) {
      report('name', 'NAME_MISSING', 'Thiếu tên đơn vị (cột Tên).', 'The name is missing.');
    } else if (name.length > 255) {
      report('name', 'NAME_TOO_LONG', 'Tên dài quá 255 ký tự: hãy rút gọn.', 'The name is longer than 255.');
    }
    const shortName = cell('shortName');
    if (shortName.length > 255) {
      report('shortName', 'NAME_TOO_LONG', 'Tên ngắn dài quá 255 ký tự.', 'The short name is longer than 255.');
    }
    const aliases = splitList(cell('aliases'));
    if (aliases.length > 20 || aliases.some((a) => a.length > 255)) {
      report(
        'aliases',
        'ALIASES_INVALID',
        'Tối đa 20 tên khác, mỗi tên tối đa 255 ký tự, cách nhau bằng dấu ";".',
        'At most 20 other names of at most 255 characters, separated by ";".',
      );
    }
    const unitGroup = groupOf(cell('group'));
    if (unitGroup === undefined) {
      report(
        'group',
        'GROUP_INVALID',
        `Loại/Nhóm "${cell('group')}" không dùng được: ghi tên nhóm đơn vị (ví dụ "Xã, phường") hoặc "Cơ quan thẩm định".`,
        `The group "${cell('group')}" cannot be used: a unit group name or "Cơ quan thẩm định".`,
      );
    }
    const predecessors = splitList(cell('predecessors')).map((p) => p.toLowerCase());
    const badCodes = predecessors.filter((p) => !CODE.test(p));
    if (badCodes.length) {
      report(
        'predecessors',
        'PREDECESSOR_INVALID',
        `Mã tiền thân không hợp lệ: ${badCodes.join(', ')} (ghi mã đơn vị cũ, cách nhau bằng dấu ";").`,
        `Invalid predecessor codes: ${badCodes.join(', ')}.`,
      );
    } else if (predecessors.includes(code)) {
      report(
        'predecessors',
        'PREDECESSOR_SELF',
        'Một đơn vị không thể là tiền thân của chính nó: bỏ mã của nó khỏi cột Đơn vị tiền thân.',
        'A unit cannot be its own predecessor.',
      );
    } else if (new Set(predecessors).size !== predecessors.length) {
      report(
        'predecessors',
        'PREDECESSOR_DUPLICATE',
        'Một mã tiền thân được ghi hai lần: bỏ bớt.',
        'A predecessor code is listed twice.',
      );
    } else if (predecessors.length && unitGroup === null) {
      report(
        'predecessors',
        'PREDECESSORS_NEED_UNIT_GROUP',
        'Chỉ đơn vị được đánh giá (có Loại/Nhóm) mới có đơn vị tiền thân: ghi nhóm hoặc bỏ các mã tiền thân.',
        'Only an assessed unit (with a group) has predecessors.',
      );
    }
    if (problems.length === before) {
      rows.push({ row, code, name, shortName: shortName || null, aliases, unitGroup: unitGroup ?? null, predecessors });
      if (unitGroup && cell('group').trim() !== unitGroup && !groupNames.has(unitGroup)) {
        groupNames.set(unitGroup, cell('group').trim());
      }
    }
  }
  return { rows, problems, groupNames };
}
