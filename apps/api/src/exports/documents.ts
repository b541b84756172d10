/**
 * Document builders: ranking tables and the consolidated table (.xlsx), the decision's appendix (.docx and
 * .pdf), a unit's detailed result sheet (.xlsx) and the council minutes (.docx). Pure functions of the data
 * they are given (no database), so the same bytes come out of the API and of a report job.
 */
import { existsSync } from 'node:fs';
import { formatIndex, formatPoints } from '@lib/criteria';
import { AppError } from '@lib/common';
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { Consolidation, LeafDetail } from '../consolidation/consolidation.engine';

/** A frozen ranking row, as published. */
export interface PublishedRow {
  position: number;
  rank: number;
  tied: boolean;
  unitId: number;
  unitCode: string;
  unitName: string;
  indexHundredths: number;
  achievedMilli: number;
  maxMilli: number;
  classKey: string | null;
  className: string | null;
  fields: Array<{ code: string; title: string; achievedMilli: number; maxMilli: number; indexHundredths: number }>;
}

export interface PublishedTable {
  tableNo: number;
  group: string;
  groupName: string;
  /** "Bảng 1: Các cơ quan chuyên môn" */
  title: string;
  rows: PublishedRow[];
}

/** What the document builders need of a publication. */
export interface PublicationDoc {
  campaignName: string;
  year: number;
  revision: number;
  decisionNumber: string;
  /** yyyy-mm-dd */
  decisionDate: string;
  signerName: string;
  signerTitle: string | null;
  correctionReason: string | null;
  tables: PublishedTable[];
}

/** dd/mm/yyyy from yyyy-mm-dd. */
export function viDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

const num2 = (hundredths: number) => hundredths / 100;
const pts = (milli: number) => milli / 1000;

function header(ws: ExcelJS.Worksheet, values: string[]): void {
  const r = ws.addRow(values);
  r.font = { bold: true };
  r.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
}

/** Bảng xếp hạng: one worksheet per table; index and sub-indexes as numbers with 2 decimals. */
export async function rankingsXlsx(pub: PublicationDoc): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'par-index';
  for (const t of pub.tables) {
    const ws = wb.addWorksheet(`Bảng ${t.tableNo}`);
    ws.addRow([`${t.title} — Chỉ số CCHC năm ${pub.year}`]).font = { bold: true };
    ws.addRow([`Kèm theo Quyết định số ${pub.decisionNumber} ngày ${viDate(pub.decisionDate)}`]);
    const fieldTitles = t.rows[0]?.fields.map((f) => `Lĩnh vực ${f.code} (%)`) ?? [];
    header(ws, ['STT', 'Cơ quan, đơn vị', 'Chỉ số CCHC (%)', 'Xếp hạng', 'Xếp loại', ...fieldTitles]);
    for (const r of t.rows) {
      const row = ws.addRow([
        r.position,
        r.unitName,
        num2(r.indexHundredths),
        r.rank,
        r.className ?? '',
        ...r.fields.map((f) => num2(f.indexHundredths)),
      ]);
      row.getCell(3).numFmt = '0.00';
      r.fields.forEach((_, i) => (row.getCell(6 + i).numFmt = '0.00'));
    }
    ws.getColumn(2).width = 42;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Bảng tổng hợp: per unit self vs appraised vs final, index, class, rank and flags; one sheet per group. */
export async function consolidationXlsx(c: Consolidation): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'par-index';
  for (const t of c.tables) {
    const ws = wb.addWorksheet(`Bảng ${t.tableNo}`);
    ws.addRow([`Bảng tổng hợp kết quả thẩm định — ${t.groupName} — ${c.campaignName}`]).font = { bold: true };
    const fieldCodes = t.units[0]?.fields.map((f) => f.code) ?? [];
    header(ws, [
      'Xếp hạng',
      'Mã',
      'Cơ quan, đơn vị',
      'Điểm tối đa',
      'Tự chấm',
      'Thẩm định lần 1',
      'Thẩm định lần 2',
      'Điểm cuối',
      'Điểm thưởng',
      'Điểm trừ',
      'Chỉ số tự chấm (%)',
      'Chỉ số (%)',
      'Xếp loại',
      ...fieldCodes.map((f) => `Lĩnh vực ${f} (%)`),
      'Thẩm định thấp hơn nhiều',
      'Thiếu tài liệu kiểm chứng',
      'Xung đột lợi ích',
      'Giải trình đang mở',
    ]);
    for (const u of t.units) {
      const row = ws.addRow([
        u.rank,
        u.unitCode,
        u.unitName,
        pts(u.maxMilli),
        pts(u.selfMilli),
        pts(u.round1Milli),
        pts(u.round2Milli),
        pts(u.finalLeavesMilli),
        pts(u.bonusMilli),
        pts(u.penaltyMilli),
        num2(u.selfIndexHundredths),
        num2(u.indexHundredths),
        u.className ?? '',
        ...u.fields.map((f) => num2(f.indexHundredths)),
        u.flags.appraisedMuchLower.join(', '),
        u.flags.missingEvidence.join(', '),
        u.flags.conflictsOfInterest.join(', '),
        u.flags.openClarifications,
      ]);
      for (let i = 4; i <= 12 + fieldCodes.length + 1; i++) {
        if (i !== 13) {
          row.getCell(i).numFmt = '0.00';
        }
      }
    }
    ws.getColumn(3).width = 40;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Kết quả chi tiết của một đơn vị: per leaf self, appraised, council, final and comments. */
export async function unitResultXlsx(
  campaignName: string,
  unitName: string,
  leaves: LeafDetail[],
  summary: { indexHundredths: number; rank: number; className: string | null } | null,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Kết quả chi tiết');
  ws.addRow([`Kết quả chấm điểm Chỉ số CCHC — ${unitName}`]).font = { bold: true };
  ws.addRow([campaignName]);
  if (summary) {
    ws.addRow([
      `Chỉ số: ${formatIndex(summary.indexHundredths)} — Xếp hạng: ${summary.rank} — Xếp loại: ${summary.className ?? ''}`,
    ]);
  }
  header(ws, [
    'Mã',
    'Tiêu chí',
    'Điểm tối đa',
    'Tự chấm',
    'Giải thích',
    'Thẩm định lần 1',
    'Nhận xét lần 1',
    'Thẩm định lần 2',
    'Nhận xét lần 2',
    'Hội đồng',
    'Lý do điều chỉnh',
    'Điểm cuối',
  ]);
  const p = (v: number | null) => (v === null ? null : pts(v));
  for (const l of leaves) {
    const row = ws.addRow([
      l.code,
      l.title,
      pts(l.maxMilli),
      l.survey ? 'Khảo sát' : p(l.selfMilli),
      l.explanation ?? '',
      p(l.round1Milli),
      l.round1Comment ?? '',
      p(l.round2Milli),
      l.round2Comment ?? '',
      p(l.councilMilli),
      l.councilReason ?? '',
      p(l.finalMilli),
    ]);
    for (const i of [3, 4, 6, 8, 10, 12]) {
      row.getCell(i).numFmt = '0.00';
    }
  }
  ws.getColumn(2).width = 60;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const thin = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const borders = { top: thin, bottom: thin, left: thin, right: thin };

function cell(text: string, opts: { bold?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) {
  return new TableCell({
    borders,
    children: [
      new Paragraph({
        alignment: opts.align,
        children: [new TextRun({ text, bold: opts.bold, font: 'Times New Roman', size: 24 })],
      }),
    ],
  });
}

function docTable(head: string[], body: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({
        tableHeader: true,
        children: head.map((h) => cell(h, { bold: true, align: AlignmentType.CENTER })),
      }),
      ...body.map(
        (r) =>
          new TableRow({
            children: r.map((v, i) => cell(v, { align: i === 1 ? AlignmentType.LEFT : AlignmentType.CENTER })),
          }),
      ),
    ],
  });
}

const para = (text: string, opts: { bold?: boolean; italics?: boolean; center?: boolean; heading?: boolean } = {}) =>
  new Paragraph({
    alignment: opts.center ? AlignmentType.CENTER : undefined,
    heading: opts.heading ? HeadingLevel.HEADING_2 : undefined,
    spacing: { after: 120 },
    children: [new TextRun({ text, bold: opts.bold, italics: opts.italics, font: 'Times New Roman', size: 26 })],
  });

function appendixRows(t: PublishedTable): string[][] {
  return t.rows.map((r) => [
    String(r.position),
    r.unitName,
    formatIndex(r.indexHundredths),
    r.tied ? `${r.rank} (đồng hạng)` : String(r.rank),
    r.className ?? '',
  ]);
}

const APPENDIX_HEAD = ['STT', 'Cơ quan, đơn vị', 'Chỉ số CCHC (%)', 'Xếp hạng', 'Xếp loại'];

/** Phụ lục của Quyết định công bố: the two (or more) ranking tables. */
export async function appendixDocx(pub: PublicationDoc): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [
    para('PHỤ LỤC', { bold: true, center: true }),
    para(`KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${pub.year}`, { bold: true, center: true }),
    para(
      `(Kèm theo Quyết định số ${pub.decisionNumber} ngày ${viDate(pub.decisionDate)}${pub.revision > 1 ? ` — bản đính chính lần ${pub.revision - 1}` : ''})`,
      { italics: true, center: true },
    ),
  ];
  if (pub.correctionReason) {
    children.push(para(`Lý do đính chính: ${pub.correctionReason}`, { italics: true }));
  }
  for (const t of pub.tables) {
    children.push(para(t.title, { bold: true, heading: true }));
    children.push(docTable(APPENDIX_HEAD, appendixRows(t)));
    children.push(para(''));
  }
  children.push(para(`${pub.signerTitle ?? ''}`.trim() || 'NGƯỜI KÝ', { bold: true }));
  children.push(para(pub.signerName, { bold: true }));
  const doc = new Document({
    creator: 'par-index',
    title: `Phụ lục Quyết định ${pub.decisionNumber}`,
    sections: [{ properties: { page: { size: { orientation: PageOrientation.PORTRAIT } } }, children }],
  });
  return Packer.toBuffer(doc);
}

/** Candidate TrueType fonts with Vietnamese glyphs (Debian fonts-dejavu-core first). */
export const PDF_FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
];

/** The first font that exists, or a clear error naming what to install. */
export function findPdfFont(candidates: readonly string[] = PDF_FONT_CANDIDATES): string {
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new AppError(
      'unavailable',
      'PDF_FONT_MISSING',
      `Không tìm thấy phông chữ tiếng Việt để tạo PDF (đã thử: ${candidates.join(', ')}). Cài gói fonts-dejavu-core.`,
      `No font with Vietnamese glyphs for PDF output (tried: ${candidates.join(', ')}). Install fonts-dejavu-core.`,
    );
  }
  return found;
}

/** The appendix as PDF (pdfkit, embedded DejaVu Sans so diacritics survive). */
export function appendixPdf(pub: PublicationDoc, fontPath: string = findPdfFont()): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Phụ lục ${pub.decisionNumber}` } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('vi', fontPath);
    doc.font('vi');
    doc.fontSize(13).text('PHỤ LỤC', { align: 'center' });
    doc.text(`KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${pub.year}`, { align: 'center' });
    doc
      .fontSize(10)
      .text(
        `(Kèm theo Quyết định số ${pub.decisionNumber} ngày ${viDate(pub.decisionDate)}${pub.revision > 1 ? ` — bản đính chính lần ${pub.revision - 1}` : ''})`,
        { align: 'center' },
      );
    if (pub.correctionReason) {
      doc.text(`Lý do đính chính: ${pub.correctionReason}`);
    }
    const cols = [40, 230, 90, 80, 70];
    const x0 = doc.page.margins.left;
    const drawRow = (values: string[]) => {
      if (doc.y > doc.page.height - 80) {
        doc.addPage();
      }
      const y = doc.y;
      let x = x0;
      values.forEach((v, i) => {
        doc.text(v, x + 3, y + 3, { width: cols[i] - 6, align: i === 1 ? 'left' : 'center', lineBreak: false });
        x += cols[i];
      });
      doc
        .rect(
          x0,
          y,
          cols.reduce((a, b) => a + b, 0),
          18,
        )
        .stroke();
      doc.x = x0;
      doc.y = y + 18;
    };
    for (const t of pub.tables) {
      doc.moveDown();
      doc.fontSize(12).text(t.title, x0);
      doc.moveDown(0.3);
      doc.fontSize(10);
      drawRow(APPENDIX_HEAD);
      appendixRows(t).forEach(drawRow);
    }
    doc.moveDown(2);
    doc.fontSize(11).text(pub.signerTitle ?? '', x0, doc.y, { align: 'right' });
    doc.text(pub.signerName, { align: 'right' });
    doc.end();
  });
}

/** What the minutes need of a council session. */
export interface MinutesDoc {
  campaignName: string;
  sequence: number;
  heldOn: string;
  location: string | null;
  status: string;
  conclusions: string | null;
  members: Array<{ fullName: string; position: string | null; role: string }>;
  adjustments: Array<{
    unitName: string;
    criterionCode: string;
    previousMilli: number | null;
    councilMilli: number;
    reason: string;
    proposedBy: string;
  }>;
  agenda: Consolidation;
}

const ROLE_NAMES: Record<string, string> = {
  chair: 'Chủ tịch Hội đồng',
  vice_chair: 'Phó Chủ tịch Hội đồng',
  member: 'Thành viên',
  secretary: 'Thư ký',
};

/** Biên bản họp Hội đồng thẩm định. */
export async function minutesDocx(m: MinutesDoc): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [
    para('BIÊN BẢN HỌP HỘI ĐỒNG THẨM ĐỊNH', { bold: true, center: true }),
    para(`Kết quả xác định Chỉ số cải cách hành chính — ${m.campaignName}`, { center: true }),
    para(`Phiên họp số ${m.sequence}, ngày ${viDate(m.heldOn)}${m.location ? `, tại ${m.location}` : ''}.`),
    para('I. THÀNH PHẦN', { bold: true }),
    docTable(
      ['STT', 'Họ và tên', 'Chức vụ', 'Nhiệm vụ trong Hội đồng'],
      m.members.map((x, i) => [String(i + 1), x.fullName, x.position ?? '', ROLE_NAMES[x.role] ?? x.role]),
    ),
    para('II. NỘI DUNG: xem xét bảng tổng hợp kết quả thẩm định', { bold: true }),
  ];
  for (const t of m.agenda.tables) {
    children.push(para(`Bảng ${t.tableNo}: ${t.groupName}`, { bold: true }));
    children.push(
      docTable(
        ['Xếp hạng', 'Cơ quan, đơn vị', 'Tự chấm', 'Điểm cuối', 'Chỉ số (%)', 'Xếp loại'],
        t.units.map((u) => [
          String(u.rank),
          u.unitName,
          formatPoints(u.selfMilli),
          formatPoints(u.achievedMilli),
          formatIndex(u.indexHundredths),
          u.className ?? '',
        ]),
      ),
    );
  }
  children.push(para('III. ĐIỀU CHỈNH CỦA HỘI ĐỒNG', { bold: true }));
  if (m.adjustments.length === 0) {
    children.push(para('Hội đồng thống nhất với kết quả thẩm định, không điều chỉnh.'));
  } else {
    children.push(
      docTable(
        ['STT', 'Đơn vị', 'Tiêu chí', 'Điểm trước', 'Điểm Hội đồng', 'Lý do', 'Người đề xuất'],
        m.adjustments.map((a, i) => [
          String(i + 1),
          a.unitName,
          a.criterionCode,
          a.previousMilli === null ? '' : formatPoints(a.previousMilli),
          formatPoints(a.councilMilli),
          a.reason,
          a.proposedBy,
        ]),
      ),
    );
  }
  children.push(para('IV. KẾT LUẬN', { bold: true }));
  children.push(para(m.conclusions ?? (m.status === 'approved' ? 'Hội đồng thông qua kết quả.' : 'Chưa thông qua.')));
  const chair = m.members.find((x) => x.role === 'chair');
  const secretary = m.members.find((x) => x.role === 'secretary');
  children.push(
    para(`THƯ KÝ: ${secretary?.fullName ?? ''}        CHỦ TỊCH HỘI ĐỒNG: ${chair?.fullName ?? ''}`, { bold: true }),
  );
  return Packer.toBuffer(new Document({ creator: 'par-index', sections: [{ children }] }));
}
