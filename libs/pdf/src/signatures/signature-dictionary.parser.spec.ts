import { byteRangeNames } from '../../../../test/fixtures/pdf/hostile-pdfs';
import { makeDoublySignedPdf } from '../../../../test/fixtures/pdf/make-pdfs';
import { buildRawPdf, onePageObjects } from '../../../../test/fixtures/pdf/raw-pdf';
import { findSignatureDictionaries, type ScanStats } from './signature-dictionary.parser';

const fresh = (): ScanStats => ({ candidates: 0, objectsParsed: 0, bytesParsed: 0, bytesSearchedBack: 0 });

describe(findSignatureDictionaries.name, () => {
  /**
   * The first version parsed the enclosing object once per `/ByteRange` token: for one object holding n names
   * that is n parses of an object of size ~11n — quadratic (5,000 names: 9 s of blocked event loop). Now
   * every byte is parsed at most once and backward searches never overlap, whatever n is.
   */
  it('should do work linear in the file size for an object of thousands of /ByteRange names', () => {
    for (const count of [5_000, 50_000]) {
      const pdf = byteRangeNames(count);
      const stats = fresh();

      expect(findSignatureDictionaries(pdf, stats)).toEqual([]);

      expect(stats).toMatchObject({ candidates: count, objectsParsed: 1 });
      expect(stats.bytesParsed).toBeLessThan(pdf.length);
      expect(stats.bytesSearchedBack).toBeLessThan(pdf.length);
    }
  });

  it('should stay linear when the names sit outside any object, and when each sits in its own object', () => {
    const loose = Buffer.concat([buildRawPdf(onePageObjects()), Buffer.from(' /ByteRange'.repeat(20_000), 'latin1')]);
    const statsLoose = fresh();
    findSignatureDictionaries(loose, statsLoose);
    expect(statsLoose.bytesSearchedBack).toBeLessThan(loose.length);

    const separate = buildRawPdf([...onePageObjects(), ...Array.from({ length: 5_000 }, () => '<< /ByteRange 1 >>')]);
    const statsSeparate = fresh();
    const found = findSignatureDictionaries(separate, statsSeparate);
    expect(found).toHaveLength(5_000);
    expect(statsSeparate.objectsParsed).toBe(5_000);
    expect(statsSeparate.bytesParsed + statsSeparate.bytesSearchedBack).toBeLessThan(separate.length);
  });

  it('should find every /ByteRange name among sparse slashes, dense slashes and at the very end', () => {
    const sparse = Buffer.alloc(300_000, 0x61);
    for (let at = 0; at < sparse.length; at += 256) {
      sparse[at] = 0x2f; // a slash now and then, as in compressed data
    }
    const dense = Buffer.alloc(200_000, 0x2f); // past 1,024 slashes in 64 KiB: the native search takes over
    const pdf = Buffer.concat([sparse, Buffer.from('/ByteRange '), dense, Buffer.from(' /ByteRange/ByteRange')]);
    const stats = fresh();

    findSignatureDictionaries(pdf, stats);

    expect(stats.candidates).toBe(3);
  });

  it('should read both signature dictionaries of a doubly signed PDF with exact /Contents offsets', async () => {
    const pdf = await makeDoublySignedPdf();

    const found = findSignatureDictionaries(pdf);

    expect(found.map((d) => [d.subFilter, d.type, d.problems.map((p) => p.en)])).toEqual([
      ['adbe.pkcs7.detached', 'Sig', []],
      ['adbe.pkcs7.detached', 'Sig', []],
    ]);
    for (const d of found) {
      expect(d.byteRange![1]).toBe(d.contents!.start);
      expect(d.byteRange![2]).toBe(d.contents!.end);
    }
  });

  it('should report an object with a duplicate key as one unreadable dictionary', () => {
    const pdf = buildRawPdf([
      ...onePageObjects(),
      '<< /Type /Sig /ByteRange [0 1 2 3] /ByteRange [0 1 2 3] /Contents <00> >>',
    ]);

    expect(findSignatureDictionaries(pdf)).toEqual([
      expect.objectContaining({
        byteRange: null,
        problems: [
          expect.objectContaining({ code: 'dictionaryUnreadable', en: expect.stringMatching(/duplicate key/) }),
        ],
      }),
    ]);
  });
});
