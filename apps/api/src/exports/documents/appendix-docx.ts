import type { Paragraph, Table } from 'docx';
import { docxParts } from './docx-parts';
import { APPENDIX_HEAD, appendixRows, viDate, type PublicationDoc } from './publication-doc';

/** Phụ lục của Quyết định công bố: the two (or more) ranking tables. */
export async function appendixDocx(pub: PublicationDoc): Promise<Buffer> {
  const { docx, docTable, para } = await docxParts();
  const { Document, Packer, PageOrientation } = docx;
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
