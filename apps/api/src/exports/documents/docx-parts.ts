/** Table cells, tables and paragraphs for the .docx documents (bordered, Vietnamese administrative style). */
import { loadDocx, type Docx } from '@lib/common';
import type { AlignmentType, Paragraph, Table, TableCell } from 'docx';

type Alignment = (typeof AlignmentType)[keyof typeof AlignmentType];

/** The parts, made with docx as {@link loadDocx} loads it on first use (see @lib/common's heavy-libraries). */
export interface DocxParts {
  docx: Docx;
  docTable: (head: string[], body: string[][]) => Table;
  para: (text: string, opts?: { bold?: boolean; italics?: boolean; center?: boolean; heading?: boolean }) => Paragraph;
}

export async function docxParts(): Promise<DocxParts> {
  const docx = await loadDocx();
  const {
    AlignmentType: Align,
    BorderStyle,
    HeadingLevel,
    Paragraph: P,
    Table: T,
    TableCell: C,
    TableRow,
    TextRun,
  } = docx;
  const thin = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const borders = { top: thin, bottom: thin, left: thin, right: thin };

  const cell = (text: string, opts: { bold?: boolean; align?: Alignment } = {}): TableCell =>
    new C({
      borders,
      children: [
        new P({
          alignment: opts.align,
          children: [new TextRun({ text, bold: opts.bold, font: 'Times New Roman', size: 24 })],
        }),
      ],
    });

  const docTable: DocxParts['docTable'] = (head, body) =>
    new T({
      width: { size: 100, type: docx.WidthType.PERCENTAGE },
      rows: [
        new TableRow({
          tableHeader: true,
          children: head.map((h) => cell(h, { bold: true, align: Align.CENTER })),
        }),
        ...body.map(
          (r) =>
            new TableRow({
              children: r.map((v, i) => cell(v, { align: i === 1 ? Align.LEFT : Align.CENTER })),
            }),
        ),
      ],
    });

  const para: DocxParts['para'] = (text, opts = {}) =>
    new P({
      alignment: opts.center ? Align.CENTER : undefined,
      heading: opts.heading ? HeadingLevel.HEADING_2 : undefined,
      spacing: { after: 120 },
      children: [new TextRun({ text, bold: opts.bold, italics: opts.italics, font: 'Times New Roman', size: 26 })],
    });

  return { docx, docTable, para };
}
