import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SIGNATURE_PROBLEMS, signatureProblem, type SignatureProblemCode } from './signature-problems';

/** Every value any text is built from; `detail` is what pkijs or fetch would say, in English. */
const PARAMS = {
  detail: 'No valid certificate paths found because the issuer could not be fetched',
  start: 5,
  end: 1200,
  size: 1100,
  gapStart: 10,
  gapEnd: 20,
  revisionEnd: 1212,
  type: 'DocTimeStamp',
  subFilter: 'adbe.x509.rsa_sha1',
  count: 2,
  oid: '1.2.3.4',
  at: '2025-01-15T02:30:00.000Z',
  algorithm: 'RSA',
  bits: 1024,
  url: 'http://ca.example.vn/sub.crl',
};

/** Short English words that are not Vietnamese syllables: one of them means an English sentence got through. */
const ENGLISH = new Set([
  'the',
  'is',
  'are',
  'was',
  'were',
  'not',
  'of',
  'and',
  'or',
  'at',
  'by',
  'be',
  'could',
  'with',
]);
const VIETNAMESE_LETTER = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;
/** Technical tokens an English text may share with the Vietnamese one (names, not sentences). */
const TOKENS = new Set(['rsa', 'sha', 'crl', 'cms', 'pdf', 'utc', 'ocsp']);

/** Whole words (Vietnamese letters included, so "toán" is not "to"), lower case, the values filled in left out. */
function words(text: string): string[] {
  const withoutValues = Object.values(PARAMS)
    .map(String)
    .sort((a, b) => b.length - a.length) // 'adbe.x509…' before 5
    .reduce<string>((t, v) => t.split(v).join(' '), text);
  return (withoutValues.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => /\p{L}/u.test(w));
}

const SOURCES = [
  'pdf-signature-verifier.ts',
  'byte-range-check.ts',
  'certificate-checks.ts',
  'revocation-ocsp.ts',
  'timestamp-token.ts',
  'report-checks.ts',
  'document-timestamp.ts',
  'signature-dictionary.parser.ts',
].map((f) => readFileSync(join(__dirname, f), 'utf8'));

describe('signature problems (issue 18 item 2: no English reaches a Vietnamese screen)', () => {
  const codes = Object.keys(SIGNATURE_PROBLEMS) as SignatureProblemCode[];

  it.each(codes)('should give %s a Vietnamese text without an English sentence', (code) => {
    const { vi, en } = signatureProblem(code, PARAMS);

    expect(vi.length).toBeGreaterThan(10);
    expect(vi).toMatch(VIETNAMESE_LETTER);
    expect(vi).not.toContain(PARAMS.detail);
    expect(vi).not.toMatch(/undefined|NaN|\[object/);
    const viWords = words(vi);
    expect({ code, english: viWords.filter((w) => ENGLISH.has(w)) }).toEqual({ code, english: [] });
    // No word of the English text (beyond names like RSA, CRL) appears in the Vietnamese one.
    const shared = words(en).filter((w) => w.length >= 3 && viWords.includes(w) && !TOKENS.has(w));
    expect({ code, shared }).toEqual({ code, shared: [] });
  });

  it('should cover exactly the codes the verifier emits, and the verifier should emit nothing uncoded', () => {
    const used = new Set(
      SOURCES.flatMap((source) => [
        ...source.matchAll(/(?:note|signatureProblem|addProblem)\((?:report, )?'(\w+)'/g),
        ...source.matchAll(/code: '(\w+)'/g),
        ...source.matchAll(/'(certificateExpired|certificateNotYetValid)'/g),
      ]).map((m) => m[1]),
    );
    expect([...used].sort()).toEqual([...codes].sort());
    // A finding written as a bare string would have no Vietnamese text.
    for (const source of SOURCES) {
      expect(source).not.toMatch(/problems\.push\(\s*[`'"]/);
    }
  });

  it('should keep the English line with the library detail for the log', () => {
    expect(signatureProblem('chainNotTrusted', PARAMS).en).toBe(
      `note: certificate chain not trusted: ${PARAMS.detail}`,
    );
    expect(signatureProblem('certificateExpired', PARAMS).vi).toBe(
      'Chứng thư số của người ký đã hết hạn tại thời điểm ký (15/01/2025 02:30 UTC).',
    );
  });
});
