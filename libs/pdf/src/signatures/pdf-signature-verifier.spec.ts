import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import {
  FIXTURE_SIGNER,
  getTestPki,
  makePdfFixtureSet,
  type PdfFixtureSet,
} from '../../../../test/fixtures/pdf/make-pdfs';
import { runPdfsig } from '../../../../test/fixtures/pdf/pdfsig-oracle';
import { verifyPdfSignatures, type PdfSignaturesResult, type PdfSignatureVerdict } from './pdf-signature-verifier';
import { findSignatureDictionaries } from './signature-dictionary.parser';
import { parseSignedData } from './signed-data';

/** Rewrites the first signature's ByteRange numbers in place, keeping the dictionary's length. */
function rewriteByteRange(pdf: Buffer, change: (range: number[]) => number[]): Buffer {
  const text = pdf.toString('latin1');
  const match = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(text);
  if (!match) {
    throw new Error('no ByteRange');
  }
  const replacement = `/ByteRange [${change(match.slice(1).map(Number)).join(' ')}]`;
  if (replacement.length > match[0].length) {
    throw new Error('replacement too long');
  }
  const copy = Buffer.from(pdf);
  copy.write(replacement.padEnd(match[0].length, ' '), match.index, 'latin1');
  return copy;
}

describe(verifyPdfSignatures.name, () => {
  let dir: string;
  let fixtures: PdfFixtureSet;

  async function fixturePath(name: keyof PdfFixtureSet): Promise<string> {
    const path = join(dir, `${name}.pdf`);
    await writeFile(path, fixtures[name]);
    return path;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pdf-sig-'));
    fixtures = await makePdfFixtureSet();
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('verdicts without trust anchors, integrity checked against poppler pdfsig -nocert', () => {
    // [fixture, our verdict, pdfsig's integrity-only verdict]: without anchors a sound signature is
    // 'indeterminate' (trust not established), which pdfsig -nocert, judging integrity alone, calls valid.
    const cases: Array<[keyof PdfFixtureSet, PdfSignatureVerdict, string]> = [
      ['signed', 'indeterminate', 'valid'],
      ['signedTwice', 'indeterminate', 'valid'],
      ['flipped', 'invalid', 'invalid'],
      ['appended', 'modifiedAfterSigning', 'modifiedAfterSigning'],
      ['unsigned', 'unsigned', 'unsigned'],
      ['badByteRange', 'invalid', 'invalid'],
    ];

    it.each(cases)('should find %s %s (pdfsig: %s)', async (name, expected, integrity) => {
      const path = await fixturePath(name);

      const ours = await verifyPdfSignatures(path);
      const oracle = await runPdfsig(path);

      expect(ours.verdict).toBe(expected);
      expect({ fixture: name, pdfsig: oracle.verdict }).toEqual({ fixture: name, pdfsig: integrity });
    });
  });

  it('should read signer name, organisation, signing time and digest from a valid signature', async () => {
    const result = await verifyPdfSignatures(fixtures.signed);

    expect(result.signatures).toEqual([
      expect.objectContaining({
        index: 0,
        signerName: FIXTURE_SIGNER.name,
        signerOrganisation: FIXTURE_SIGNER.organisation,
        signerKind: 'person',
        signerKindBasis: 'names',
        signingTime: FIXTURE_SIGNER.signingTime.toISOString(),
        digestAlgorithm: 'SHA-256',
        subFilter: 'adbe.pkcs7.detached',
        byteRangeValid: true,
        coversWholeFile: true,
        digestMatches: true,
        signatureValid: true,
        trust: 'notEvaluated',
        certificateValidity: 'valid',
        publicKey: { algorithm: 'RSA', bits: 2048, strong: true },
        revocation: 'notChecked',
        timeSource: 'claimed',
        status: 'indeterminate',
        problems: ['note: no trust anchors are configured: trust not evaluated'],
      }),
    ]);
    const [a, b, c, d] = result.signatures[0].byteRange;
    expect(a).toBe(0);
    expect(c + d).toBe(fixtures.signed.length);
    expect(fixtures.signed.toString('latin1', b, b + 1)).toBe('<');
    expect(fixtures.signed.toString('latin1', c - 1, c)).toBe('>');
  });

  it('should report both signatures of a doubly signed PDF, only the last one covering the file', async () => {
    const result = await verifyPdfSignatures(fixtures.signedTwice);

    expect(result.signatures.map((s) => [s.signerName, s.coversWholeFile, s.signatureValid])).toEqual([
      [FIXTURE_SIGNER.name, false, true],
      [FIXTURE_SIGNER.organisation, true, true],
    ]);
  });

  it("should take a caller's parse of a /Contents for exactly those bytes, and parse any other itself", async () => {
    const [first, second] = findSignatureDictionaries(fixtures.signedTwice).map((d) => d.contents!.bytes);
    const secondParsed = parseSignedData(second);
    const signer = (r: PdfSignaturesResult) => r.signatures.map((s) => s.signerName);
    const without = await verifyPdfSignatures(fixtures.signedTwice);
    // The second signature's parse handed over for the first's bytes: the verifier takes it, so the first
    // signature now reads as the second's signer — the parse is used, not made again.
    const taken = await verifyPdfSignatures(fixtures.signedTwice, {
      parsedCms: [{ der: first, signedData: secondParsed }],
    });
    const otherBytes = Buffer.from(first);
    otherBytes[otherBytes.length - 1] ^= 1;
    const ignored = await verifyPdfSignatures(fixtures.signedTwice, {
      parsedCms: [{ der: otherBytes, signedData: secondParsed }],
    });

    expect(signer(without)[0]).not.toEqual(signer(without)[1]);
    expect(signer(taken)).toEqual([signer(without)[1], signer(without)[1]]);
    expect(signer(ignored)).toEqual(signer(without));
  });

  it('should tell a changed signed byte (digest) from a broken signature', async () => {
    const result = await verifyPdfSignatures(fixtures.flipped);

    expect(result.signatures[0]).toMatchObject({ digestMatches: false, signatureValid: true, coversWholeFile: true });
  });

  it('should keep the signature valid but not covering the file when bytes were appended', async () => {
    const result = await verifyPdfSignatures(fixtures.appended);

    expect(result.signatures[0]).toMatchObject({
      digestMatches: true,
      signatureValid: true,
      coversWholeFile: false,
      byteRangeValid: true,
    });
  });

  it('should be invalid when the ByteRange gap is not exactly the /Contents string', async () => {
    const shifted = rewriteByteRange(fixtures.signed, ([a, b, c, d]) => [a, b - 1, c, d]);

    const result = await verifyPdfSignatures(shifted);

    expect(result.verdict).toBe('invalid');
    expect(result.signatures[0].byteRangeValid).toBe(false);
    expect(result.signatures[0].problems.join()).toMatch(/not exactly the \/Contents/);
  });

  it('should be invalid when the ByteRange reaches past the end of the file', async () => {
    const longer = rewriteByteRange(fixtures.signed, ([a, b, c, d]) => [a, b, c, d + 10]);

    const result = await verifyPdfSignatures(longer);

    expect(result.verdict).toBe('invalid');
    expect(result.signatures[0].problems.join()).toMatch(/past the end of the file/);
  });

  it('should ignore "/ByteRange" text inside a string: the PDF stays unsigned', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.catalog.set(PDFName.of('Note'), PDFString.of('/ByteRange [0 10 20 30] /Contents <00>'));
    const pdf = Buffer.from(await doc.save({ useObjectStreams: false }));

    const result = await verifyPdfSignatures(pdf);

    expect(result).toEqual({ verdict: 'unsigned', signatures: [] });
  });

  describe('trust', () => {
    it('should be trusted with the test CA as anchor', async () => {
      const result = await verifyPdfSignatures(fixtures.signedTwice, { trustAnchors: [getTestPki().caCertPem] });

      expect(result.signatures.map((s) => s.trust)).toEqual(['trusted', 'trusted']);
      // The fixture certificates name no CRL: revocation cannot be established, so not yet 'valid'.
      expect(result.signatures.map((s) => s.revocation)).toEqual(['unknown', 'unknown']);
      expect(result.verdict).toBe('indeterminate');
    });

    it('should be trusted with the anchor given as DER bytes', async () => {
      const pem = getTestPki().caCertPem;
      const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');

      const result = await verifyPdfSignatures(fixtures.signed, { trustAnchors: [der] });

      expect(result.signatures[0].trust).toBe('trusted');
    });

    it('should be untrusted with another CA as anchor: indeterminate, not valid', async () => {
      const result = await verifyPdfSignatures(fixtures.signed, { trustAnchors: [getTestPki().otherCaCertPem] });

      expect(result.verdict).toBe('indeterminate');
      expect(result.signatures[0].trust).toBe('untrusted');
      expect(result.signatures[0].problems.join()).toMatch(/not trusted/);
    });

    it('should be notEvaluated without anchors', async () => {
      const result = await verifyPdfSignatures(fixtures.signed, { trustAnchors: [] });

      expect(result.signatures[0].trust).toBe('notEvaluated');
    });
  });
});
