import { pdfText } from '../../../../../test/support/pdf-text';
import { appendixPdf } from './appendix-pdf';
import { pdfFontPath } from './pdf-font';
import type { PublicationDoc } from './publication-doc';

const PUB: PublicationDoc = {
  campaignName: 'Chỉ số CCHC năm 2023',
  year: 2023,
  revision: 1,
  decisionNumber: '123/QĐ-UBND',
  decisionDate: '2024-04-15',
  signerName: 'Nguyễn Thị Hồng Hạnh',
  signerTitle: 'CHỦ TỊCH',
  correctionReason: null,
  tables: [
    {
      tableNo: 1,
      group: 'agency',
      groupName: 'Cơ quan chuyên môn',
      title: 'Bảng 1: Các cơ quan chuyên môn',
      rows: [
        {
          position: 1,
          rank: 1,
          tied: false,
          unitId: 1,
          unitCode: 'vh-tt',
          unitName: 'Phòng Văn hóa và Thông tin',
          indexHundredths: 9125,
          achievedMilli: 91250,
          maxMilli: 100000,
          classKey: 'excellent',
          className: 'Xuất sắc',
          fields: [],
        },
      ],
    },
  ],
};

describe(appendixPdf.name, () => {
  it('should embed the npm DejaVu font so Vietnamese diacritics read back exactly', async () => {
    expect(pdfFontPath()).toMatch(/node_modules\/dejavu-fonts-ttf\/ttf\/DejaVuSans\.ttf$/);

    const text = await pdfText(await appendixPdf(PUB));

    for (const expected of [
      'KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023',
      'Bảng 1: Các cơ quan chuyên môn',
      'Phòng Văn hóa và Thông tin',
      'Xuất sắc',
      'Nguyễn Thị Hồng Hạnh',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('should use FONT_PATH when it is set, and refuse a missing one with a sentence naming the variable', () => {
    expect(() => pdfFontPath('/nonexistent/font.ttf')).toThrow(/FONT_PATH/);
  });
});
