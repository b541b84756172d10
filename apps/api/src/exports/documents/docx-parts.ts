/** Table cells, tables and paragraphs for the .docx documents (bordered, Vietnamese administrative style). */
import {
  AlignmentType,
  BorderStyle,
  HeadingLevel,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';

const thin = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const borders = { top: thin, bottom: thin, left: thin, right: thin };

export function cell(
  text: string,
  opts: { bold?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {},
) {
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

export function docTable(head: string[], body: string[][]): Table {
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

export const para = (
  text: string,
  opts: { bold?: boolean; italics?: boolean; center?: boolean; heading?: boolean } = {},
) =>
  new Paragraph({
    alignment: opts.center ? AlignmentType.CENTER : undefined,
    heading: opts.heading ? HeadingLevel.HEADING_2 : undefined,
    spacing: { after: 120 },
    children: [new TextRun({ text, bold: opts.bold, italics: opts.italics, font: 'Times New Roman', size: 26 })],
  });
