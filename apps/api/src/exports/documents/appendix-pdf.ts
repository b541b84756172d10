import { loadPdfKit } from '@lib/common';
import { pdfFontPath } from './pdf-font';
import { APPENDIX_HEAD, appendixRows, viDate, type PublicationDoc } from './publication-doc';

/** The appendix as PDF (pdfkit, with the font of {@link pdfFontPath} embedded so diacritics survive). */
export async function appendixPdf(pub: PublicationDoc, fontPath: string = pdfFontPath()): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
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
