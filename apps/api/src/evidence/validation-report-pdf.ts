/**
 * The validation report as a one-page Vietnamese PDF (issue 18 item 7), with the same pdfkit and embedded font as
 * the publication appendix. A page cannot hold the certificates themselves: each is named by its subject and
 * SHA-256 fingerprint, and the JSON report carries the PEM.
 */
import { X509Certificate } from 'node:crypto';
import { loadPdfKit } from '@lib/common';
import type { ValidationReport } from './validation-report';

function certificateLine(pem: string): string {
  try {
    const cert = new X509Certificate(pem);
    return `${cert.subject.replace(/\n/g, ', ')} — SHA-256 ${cert.fingerprint256}`;
  } catch {
    return 'Chứng thư số không đọc được';
  }
}

export async function validationReportPdf(report: ValidationReport, fontPath: string): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: report.title } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('vi', fontPath);
    doc.font('vi');
    // Two signatures (a person, then the agency) are the usual case; more get smaller type to stay on one page.
    const size = report.signatures.length > 2 ? 7 : 8.5;
    const x0 = doc.page.margins.left;
    const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    const labelWidth = 150;

    doc.fontSize(14).text(report.title.toUpperCase(), { align: 'center' });
    doc.moveDown(0.5);
    doc.fontSize(size + 1);
    doc.text(`Văn bản: ${report.document} — tệp ${report.filename}`);
    // On a line of its own: 64 hex digits do not wrap, and after a label they would run past the margin.
    doc.text('Mã băm SHA-256 của tệp:');
    doc.text(report.sha256);
    doc.text(`Thời điểm kiểm tra: ${report.verifiedAtText}`);
    doc.fontSize(size + 2).text(`Kết luận chung: ${report.conclusion}`);
    if (report.signatures.length === 0) {
      doc
        .moveDown()
        .fontSize(size + 1)
        .text('Tệp không có chữ ký số.');
    }
    for (const s of report.signatures) {
      doc.moveDown(0.6);
      doc.fontSize(size + 2).text(`Chữ ký ${s.index + 1}`, x0);
      doc.fontSize(size);
      for (const field of s.fields) {
        const y = doc.y + 2;
        doc.text(field.label, x0, y, { width: labelWidth - 6 });
        const afterLabel = doc.y;
        doc.text(field.value, x0 + labelWidth, y, { width: width - labelWidth });
        doc.y = Math.max(doc.y, afterLabel);
      }
      doc.x = x0;
      for (const finding of s.findings) {
        doc.text(`• ${finding}`, x0 + labelWidth, doc.y + 1, { width: width - labelWidth });
      }
      doc.x = x0;
      doc.fontSize(size - 1);
      s.certificates.forEach((pem, i) => {
        doc.text(`${i === 0 ? 'Chứng thư người ký' : 'Chứng thư kèm theo'}: ${certificateLine(pem)}`, x0, doc.y + 1, {
          width,
        });
      });
    }
    doc.moveDown();
    doc.fontSize(size - 1).text('Chứng thư số đầy đủ có trong báo cáo dạng JSON.', x0, doc.y, { width });
    doc.end();
  });
}
