import { deflateSync } from 'node:zlib';
import { corruptFlateStream, flateBomb } from '../../../../test/fixtures/pdf/hostile-pdfs';
import { buildRawPdf, flateStream, onePageObjects } from '../../../../test/fixtures/pdf/raw-pdf';
import { MalformedPdfError, PdfTooComplexError } from '../errors';
import { scanRawPdf } from './raw-scan';

const LIMITS = { maxStreamBytes: 64 * 1024 * 1024, maxTotalInflatedBytes: 256 * 1024 * 1024 };

describe(scanRawPdf.name, () => {
  it('should find risk names in plain objects, with #xx escapes decoded, and not mistake /JSON for /JS', () => {
    const pdf = buildRawPdf([
      ...onePageObjects('flags', '/OpenAction 6 0 R /Names << /EmbeddedFiles 7 0 R >> '),
      '<< /S /Launch /F (calc.exe) /J#53ON true >>',
      '<< /Names [] >>',
    ]);

    expect(scanRawPdf(pdf, LIMITS).flags).toEqual(['EmbeddedFile', 'Launch', 'OpenAction']);
    const escaped = buildRawPdf([...onePageObjects('esc', '/AA 6 0 R '), '<< /S /JavaScript /J#53 (x) >>']);
    expect(scanRawPdf(escaped, LIMITS).flags).toEqual(['JS', 'JavaScript']);
  });

  it('should find risk names hidden in a compressed object stream', () => {
    const objects = onePageObjects('objstm');
    objects.push(
      flateStream(Buffer.from('7 0 << /S /JavaScript /JS (app.alert(1)) >>', 'latin1'), '/Type /ObjStm /N 1 /First 4 '),
    );

    expect(scanRawPdf(buildRawPdf(objects), LIMITS).flags).toEqual(['JS', 'JavaScript']);
  });

  it('should inflate every FlateDecode stream and count what it inflated', () => {
    const objects = onePageObjects('count');
    objects[3] = flateStream(Buffer.alloc(100_000, 0x20));

    expect(scanRawPdf(buildRawPdf(objects), LIMITS)).toMatchObject({ streams: 1, inflatedBytes: 100_000 });
  });

  it('should refuse data that does not inflate as malformed, unless the file is encrypted (ciphertext)', () => {
    expect(() => scanRawPdf(corruptFlateStream(), LIMITS)).toThrow(MalformedPdfError);
    const encrypted = Buffer.from(
      corruptFlateStream().toString('latin1').replace('/Root 1 0 R', '/Root 1 0 R /Encrypt 9 0 R'),
      'latin1',
    );
    expect(scanRawPdf(encrypted, LIMITS).encryptMentioned).toBe(true);
  });

  it('should refuse a decompression bomb in a content stream and in an object stream without inflating it whole', async () => {
    for (const where of ['content', 'objectStream'] as const) {
      const bomb = await flateBomb(256 * 1024 * 1024, where);
      expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
      expect(() => scanRawPdf(bomb, LIMITS)).toThrow(PdfTooComplexError);
    }
  });

  it('should refuse many streams that together pass the per-file budget', () => {
    const objects = onePageObjects('many streams');
    for (let i = 0; i < 5; i++) {
      objects.push({ dict: '<< /Filter /FlateDecode >>', data: deflateSync(Buffer.alloc(60 * 1024 * 1024)) });
    }

    expect(() => scanRawPdf(buildRawPdf(objects), LIMITS)).toThrow(PdfTooComplexError);
  });
});
