import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { makePdfFixtureSet, type PdfFixtureSet } from '../../../../test/fixtures/pdf/make-pdfs';
import { findSignatureDictionaries } from './signature-dictionary.parser';
import { parseSignedData, toArrayBuffer } from './signed-data';

/** pkijs's own parse of the whole SignedData, certificates included: what parseSignedData must equal. */
function plainParse(der: Buffer): pkijs.SignedData {
  const contentInfo = new pkijs.ContentInfo({ schema: asn1js.fromBER(toArrayBuffer(der)).result });
  return new pkijs.SignedData({ schema: contentInfo.content });
}

const derOf = (certificate: pkijs.CertificateSetItem) =>
  Buffer.from((certificate as pkijs.Certificate).toSchema().toBER()).toString('hex');

describe(parseSignedData.name, () => {
  let fixtures: PdfFixtureSet;

  beforeAll(async () => {
    fixtures = await makePdfFixtureSet();
  });

  it('should parse like pkijs, certificates included, and hand out a certificate parsed before for the same bytes', () => {
    const [first, second] = findSignatureDictionaries(fixtures.signedTwice).map((d) => d.contents!.bytes);

    const a = parseSignedData(first);
    const again = parseSignedData(Buffer.from(first));
    const other = parseSignedData(second);

    for (const [ours, der] of [
      [a, first],
      [other, second],
    ] as const) {
      const plain = plainParse(der);
      expect(ours.certificates?.map(derOf)).toEqual(plain.certificates?.map(derOf));
      expect(ours.certificates?.every((c) => c instanceof pkijs.Certificate)).toBe(true);
      expect(Buffer.from(ours.signerInfos[0].signature.valueBlock.valueHexView)).toEqual(
        Buffer.from(plain.signerInfos[0].signature.valueBlock.valueHexView),
      );
    }
    // The same bytes a second time: the very same objects, not a new parse.
    expect(again.certificates).toHaveLength(a.certificates!.length);
    again.certificates!.forEach((c, i) => expect(c).toBe(a.certificates![i]));
    // Two signers of one authority share their CA's certificate: one parsed object serves both.
    const shared = other.certificates!.filter((c) => a.certificates!.includes(c));
    expect(shared).toHaveLength(1);
    expect(shared.map(derOf)).toEqual(
      other.certificates!.map(derOf).filter((der) => a.certificates!.map(derOf).includes(der)),
    );
  });
});
