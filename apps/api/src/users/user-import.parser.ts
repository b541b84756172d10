import { AppError, loadExcelJs } from '@lib/common';

/**
 * Reads the bulk-import sheet (CSV in UTF-8, or .xlsx) into rows keyed by column, with the row number a
 * person sees in Excel (the header is row 1). Headers are matched in Vietnamese or English, ignoring case.
 */
export const IMPORT_COLUMNS = ['username', 'fullName', 'email', 'organisationCode', 'roles'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

export interface ImportRow {
  row: number;
  cells: Record<ImportColumn, string>;
}

export const MAX_IMPORT_ROWS = 5000;

const HEADER_ALIASES: Record<ImportColumn, string[]> = {
  username: ['username', 'tên đăng nhập', 'ten dang nhap', 'tài khoản'],
  fullName: ['họ tên', 'họ và tên', 'ho ten', 'ho va ten', 'full name', 'fullname', 'name'],
  email: ['email', 'e-mail', 'thư điện tử'],
  organisationCode: ['mã tổ chức', 'ma to chuc', 'mã đơn vị', 'organisation code', 'organization code', 'organisation'],
  roles: ['vai trò', 'vai tro', 'roles', 'role'],
};
const REQUIRED: ImportColumn[] = ['username', 'fullName', 'organisationCode', 'roles'];

const normaliseHeader = (h: string) => h.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');

const invalidFile = (code: string, vi: string, en: string, details?: Record<string, unknown>) =>
  new AppError('invalid', code, vi, en, details);

export async function parseUserImport(buffer: Buffer): Promise<ImportRow[]> {
  const table = isZip(buffer) ? await readXlsx(buffer) : readCsv(buffer);
  return toRows(table);
}

function isZip(buffer: Buffer): boolean {
  return buffer.length >= 4 && buffer.readUInt32BE(0) === 0x504b0304;
}

/** [row number, cells] pairs; the first is the header. */
type Table = Array<[number, string[]]>;

async function readXlsx(buffer: Buffer): Promise<Table> {
  const workbook = new (await loadExcelJs()).Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw invalidFile('IMPORT_FILE_UNREADABLE', 'Không đọc được tệp .xlsx.', 'The .xlsx file cannot be read.');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) {
    return [];
  }
  const table: Table = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      cells.push(row.getCell(c).text ?? '');
    }
    table.push([rowNumber, cells]);
  });
  return table;
}

function readCsv(buffer: Buffer): Table {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw new AppError(
      'unsupported',
      'IMPORT_FILE_TYPE',
      'Tệp phải là .xlsx hoặc CSV mã hoá UTF-8.',
      'The file must be .xlsx or CSV encoded in UTF-8.',
    );
  }
  text = text.replace(/^\uFEFF/, '');
  const records = parseCsv(text, detectDelimiter(text));
  return records.map((cells, i) => [i + 1, cells] as [number, string[]]);
}

/** Excel in a Vietnamese locale saves CSV with ";" — take whichever separator the header line uses most. */
function detectDelimiter(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/** RFC 4180: quoted fields may hold separators, doubled quotes and line breaks. */
function parseCsv(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === delimiter) {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') {
        i++;
      }
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else {
      field += ch;
    }
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

function toRows(table: Table): ImportRow[] {
  const [header, ...body] = table;
  if (!header) {
    throw invalidFile('IMPORT_EMPTY', 'Tệp không có dữ liệu.', 'The file has no rows.');
  }
  const index = new Map<ImportColumn, number>();
  header[1].forEach((name, i) => {
    const normalised = normaliseHeader(name);
    const column = IMPORT_COLUMNS.find((c) => HEADER_ALIASES[c].includes(normalised));
    if (column && !index.has(column)) {
      index.set(column, i);
    }
  });
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (missing.length > 0) {
    throw invalidFile(
      'IMPORT_HEADER_MISSING',
      `Dòng tiêu đề (dòng ${header[0]}) thiếu cột: ${missing.map((c) => HEADER_ALIASES[c][0]).join(', ')}.`,
      `The header (row ${header[0]}) lacks the columns: ${missing.join(', ')}.`,
      { missing },
    );
  }
  const rows = body
    .map(([row, cells]) => ({
      row,
      cells: Object.fromEntries(
        IMPORT_COLUMNS.map((c) => [c, index.has(c) ? (cells[index.get(c)!] ?? '').normalize('NFC').trim() : '']),
      ) as Record<ImportColumn, string>,
    }))
    .filter((r) => Object.values(r.cells).some((v) => v !== ''));
  if (rows.length === 0) {
    throw invalidFile('IMPORT_EMPTY', 'Tệp không có dòng dữ liệu nào.', 'The file has no data rows.');
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    throw invalidFile(
      'IMPORT_TOO_MANY_ROWS',
      `Mỗi lần nhập tối đa ${MAX_IMPORT_ROWS} dòng.`,
      `At most ${MAX_IMPORT_ROWS} rows per import.`,
    );
  }
  return rows;
}
