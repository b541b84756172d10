/**
 * Issue 18: verdicts a relying party can stand behind. Every variant is a real PDF signed with a PKI made
 * here (roots, an intermediate, personal and organisation certificates, expired, not-yet-valid, revoked,
 * weak), CRLs served by a local HTTP server, and checked twice: by the product's verifier and by poppler's
 * pdfsig with an NSS database trusting the test roots (the independent oracle). The table of both verdicts
 * is printed at the end. Where pdfsig cannot judge (it checks certificates at the time of the check, not at
 * the signing time, reads no CRL, and does not weigh key sizes or the end of a revision) the expected
 * pdfsig verdict is written down with the reason.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import {
  appendIncrementalUpdate,
  flipByteInSignedRange,
  makeUnsignedPdf,
  signPdf,
} from '../../../../test/fixtures/pdf/make-pdfs';
import { makeNssDb, runPdfsigTrusted, type TrustedOracleVerdict } from '../../../../test/fixtures/pdf/pdfsig-oracle';
import {
  freePort,
  issue,
  makeCrl,
  pem,
  startOcspResponder,
  toP12,
  type Entity,
  type OcspResponder,
} from '../../../../test/fixtures/pdf/relying-party-pki';
import { runPdfsig } from '../../../../test/fixtures/pdf/pdfsig-oracle';
import { addDocumentTimestamp, addSignatureTimestamp, makeTsa } from '../../../../test/fixtures/pdf/timestamps';
import { appendDss, fetchOcspResponse } from '../../../../test/fixtures/pdf/dss';
import {
  verifyPdfSignatures,
  type PdfSignatureVerdict,
  type VerifyPdfSignaturesOptions,
} from './pdf-signature-verifier';

const SIGNED_AT = new Date('2025-01-15T02:30:00Z');
/** UID (0.9.2342.19200300.100.1.1), where Vietnamese CAs write CMND:/CCCD: of a person and MST:/MNS: of an agency. */
const UID = '0.9.2342.19200300.100.1.1';

interface Variant {
  name: string;
  pdf: Buffer;
  options: VerifyPdfSignaturesOptions;
  expected: PdfSignatureVerdict;
  /** pdfsig's verdict when it differs from `expected`, with why. */
  pdfsig?: { verdict: TrustedOracleVerdict; because: string };
  /** A finding the product must state (a problem text). */
  says?: RegExp;
  /**
   * Each signature's classification, `kind:basis` in file order. pdfsig does not classify signers; what it can
   * confirm is the data we classify from: its "Signer Certificate Common Name" lines must name the same signers
   * in the same order.
   */
  kinds?: string[];
  /** A Vietnamese finding the product must state (what the screen shows). */
  saysVi?: RegExp;
  /** Which time source the first signature's checks must have used. */
  timeSource?: 'timestamp' | 'claimed';
  /** Which source must have answered the revocation check of every signature. */
  revocationSource?: 'embedded' | 'ocsp' | 'crl';
}

/** Signs with a ByteRange whose second range stops `short` bytes before the end of the revision. */
async function signShort(pdf: Buffer, p12: Buffer, short: number): Promise<Buffer> {
  let withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: 'Phe duyet',
    contactInfo: 'test@par-index.invalid',
    name: 'Nguyen Van An',
    location: 'Ha Noi',
    signingTime: SIGNED_AT,
  });
  while (withPlaceholder.at(-1) === 0x0a) {
    withPlaceholder = withPlaceholder.subarray(0, -1);
  }
  const text = withPlaceholder.toString('latin1');
  const placeholder = /\/ByteRange \[0 \/\*{10} \/\*{10} \/\*{10}\]/.exec(text)!;
  const contentsAt = text.indexOf('/Contents <', placeholder.index) + '/Contents '.length;
  const contentsEnd = text.indexOf('>', contentsAt) + 1;
  const range = [0, contentsAt, contentsEnd, withPlaceholder.length - contentsEnd - short];
  const written = `/ByteRange [${range.join(' ')}]`.padEnd(placeholder[0].length, ' ');
  const file = Buffer.from(withPlaceholder);
  file.write(written, placeholder.index, 'latin1');
  const signed = Buffer.concat([file.subarray(0, range[1]), file.subarray(range[2], range[2] + range[3])]);
  const cms = await new P12Signer(p12).sign(signed, SIGNED_AT);
  const hex = cms.toString('hex');
  file.write(hex.padEnd(contentsEnd - contentsAt - 2, '0'), contentsAt + 1, 'latin1');
  return file;
}

describe('relying-party verdicts (issue 18), checked against pdfsig with the test roots', () => {
  let dir: string;
  let nssDir: string;
  let server: Server;
  const crls = new Map<string, Buffer>();
  /** Requests the local server saw, by path: the offline variant must cause none. */
  const hits = new Map<string, number>();
  const responders: OcspResponder[] = [];
  let hanging: Entity;
  let hangingAnchors: VerifyPdfSignaturesOptions;
  let base = '';
  const variants: Variant[] = [];
  const table: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pades-'));
    nssDir = join(dir, 'nss');
    await writeFile(join(dir, '.keep'), '');
    server = createServer((req, res) => {
      hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1);
      if (req.url === '/hang') {
        return; // a responder that takes the request and never answers
      }
      const body = crls.get(req.url ?? '');
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/pkix-crl' });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const root = await issue({ cn: 'PAR Test Root CA', ca: true });
    const other = await issue({ cn: 'Unrelated Root CA', ca: true });
    const sub = await issue({ cn: 'PAR Test Sub CA', ca: true, issuer: root, crlUrl: `${base}/root.crl` });
    const crlUrl = `${base}/sub.crl`;
    const person = await issue({ cn: 'Nguyễn Văn An', issuer: sub, crlUrl });
    const org = await issue({ cn: 'UBND phường Yên Thanh', o: 'UBND phường Yên Thanh', issuer: sub, crlUrl });
    const expired = await issue({
      cn: 'Hết hạn',
      issuer: sub,
      crlUrl,
      notBefore: new Date('2022-01-01Z'),
      notAfter: new Date('2024-06-01Z'),
    });
    const notYet = await issue({ cn: 'Chưa hiệu lực', issuer: sub, crlUrl, notBefore: new Date('2025-06-01Z') });
    const revokedBefore = await issue({ cn: 'Thu hồi trước', issuer: sub, crlUrl });
    const revokedAfter = await issue({ cn: 'Thu hồi sau', issuer: sub, crlUrl });
    const weak = await issue({ cn: 'Khóa yếu', issuer: sub, crlUrl, bits: 1024 });
    const stranger = await issue({ cn: 'Người lạ', issuer: other, crlUrl: `${base}/other.crl` });
    const noCdp = await issue({ cn: 'Không có CRL', issuer: sub });
    const unreachable = await issue({ cn: 'CRL không tới được', issuer: sub, crlUrl: 'http://127.0.0.1:9/sub.crl' });
    const badCrl = await issue({ cn: 'CRL giả', issuer: sub, crlUrl: `${base}/forged.crl` });
    // Vietnamese public-CA profiles: a person with their citizen card number (and the employer's tax code), an
    // agency with its tax and budget codes under a name that is not its O (a department of the province).
    const personVn = await issue({
      cn: 'Trần Thị Bình',
      o: 'UBND phường Yên Thanh',
      issuer: sub,
      crlUrl,
      extraSubject: `${UID}=MST:0101234567-001, ${UID}=CCCD:001190012345`,
    });
    const agencyVn = await issue({
      cn: 'Sở Y tế',
      o: 'UBND tỉnh Nghệ An',
      issuer: sub,
      crlUrl,
      extraSubject: `${UID}=MST:2900325238, ${UID}=MNS:1047665`,
    });
    // ETSI EN 319 411-2 QCP-l (legal person) decides even when the names alone would read as a person.
    const sealByPolicy = await issue({
      cn: 'Văn phòng',
      o: 'UBND xã Đông Anh',
      issuer: sub,
      crlUrl,
      policies: ['0.4.0.194112.1.1'],
    });

    // OCSP (issue 18 item 3): `openssl ocsp` answering for the sub CA, signed by the CA itself or by a delegated
    // responder certificate (extended key usage OCSPSigning); a port where nothing listens; the local server's
    // /offline-ocsp path, which must never be asked when the check is offline.
    const ocspDir = join(dir, 'ocsp');
    const responderPort = await freePort();
    const ocspUrl = `http://127.0.0.1:${responderPort}/`;
    const delegatedPort = await freePort();
    const deadUrl = `http://127.0.0.1:${await freePort()}/`;
    const ocspGood = await issue({ cn: 'OCSP tốt', issuer: sub, ocspUrl });
    const ocspRevokedBefore = await issue({ cn: 'OCSP thu hồi trước', issuer: sub, ocspUrl });
    const ocspRevokedAfter = await issue({ cn: 'OCSP thu hồi sau', issuer: sub, ocspUrl });
    const ocspUnknown = await issue({ cn: 'OCSP không biết', issuer: sub, ocspUrl });
    const ocspDead = await issue({ cn: 'OCSP không trả lời', issuer: sub, ocspUrl: deadUrl });
    const ocspDeadCrlGood = await issue({ cn: 'OCSP chết, CRL tốt', issuer: sub, ocspUrl: deadUrl, crlUrl });
    hanging = await issue({ cn: 'OCSP treo', issuer: sub, ocspUrl: `${base}/hang` });
    hangingAnchors = { trustAnchors: [pem(root)], revocation: { timeoutMs: 300 } };
    const ocspOffline = await issue({ cn: 'OCSP ngoại tuyến', issuer: sub, ocspUrl: `${base}/offline-ocsp` });
    const responderCert = await issue({ cn: 'PAR Test OCSP', issuer: sub, extKeyUsages: ['1.3.6.1.5.5.7.3.9'] });
    const ocspDelegated = await issue({
      cn: 'OCSP ủy quyền',
      issuer: sub,
      ocspUrl: `http://127.0.0.1:${delegatedPort}/`,
    });
    const known = [
      { entity: ocspGood },
      { entity: ocspRevokedBefore, revokedAt: new Date('2024-12-01Z') },
      { entity: ocspRevokedAfter, revokedAt: new Date('2025-03-01Z') },
      { entity: ocspDelegated },
    ];
    responders.push(
      await startOcspResponder(join(ocspDir, 'direct'), sub, known, sub, responderPort),
      await startOcspResponder(join(ocspDir, 'delegated'), sub, known, responderCert, delegatedPort),
    );

    // RFC 3161 (issue 18 item 4): openssl ts as the TSA, its certificate under the test root (or another root).
    const timeStamping = ['1.3.6.1.5.5.7.3.8'];
    const tsa = await makeTsa(
      join(dir, 'tsa'),
      await issue({ cn: 'PAR Test TSA', issuer: sub, crlUrl, extKeyUsages: timeStamping }),
    );
    const strangeTsa = await makeTsa(
      join(dir, 'tsa-other'),
      await issue({ cn: 'Unrelated TSA', issuer: other, extKeyUsages: timeStamping }),
    );
    const revokedLater = await issue({ cn: 'Thu hồi sau dấu thời gian', issuer: sub, crlUrl: `${base}/later.crl` });
    const stampedThenRevoked = await addSignatureTimestamp(
      await signPdf(await makeUnsignedPdf(), await toP12(revokedLater), SIGNED_AT),
      tsa,
    );
    // Revoked after the token's time (openssl stamps with its clock, now): the token proves the signature came first.
    crls.set('/later.crl', await makeCrl(sub, [{ entity: revokedLater, at: new Date(Date.now() + 5_000) }]));

    crls.set(
      '/sub.crl',
      await makeCrl(sub, [
        { entity: revokedBefore, at: new Date('2024-12-01Z') },
        { entity: revokedAfter, at: new Date('2025-03-01Z') },
      ]),
    );
    crls.set('/root.crl', await makeCrl(root, []));
    crls.set('/other.crl', await makeCrl(other, []));
    crls.set('/forged.crl', await makeCrl({ ...sub, keys: other.keys }, []));
    await makeNssDb(nssDir, [pem(root)]);

    const unsigned = await makeUnsignedPdf();
    const sign = async (entity: Entity, pdf = unsigned): Promise<Buffer> =>
      signPdf(pdf, await toP12(entity), SIGNED_AT);
    const anchored: VerifyPdfSignaturesOptions = { trustAnchors: [pem(root)], revocation: { timeoutMs: 2_000 } };
    const good = await sign(person);
    const twice = await sign(org, good);

    // Long-term validation (issue 18 item 3): a signature whose CMS lacks the intermediate, with the sub CA,
    // the responder's answer and the sub CA's CRL (which also covers the TSA) kept in the DSS, then a document
    // timestamp over it all (PAdES-LTA) — checked offline.
    const leafOnly = async (entity: Entity, pdf?: Buffer): Promise<Buffer> =>
      signPdf(pdf ?? (await makeUnsignedPdf()), await toP12({ ...entity, chain: [] }), SIGNED_AT);
    const withoutIntermediate = await leafOnly(ocspGood);
    const subDer = Buffer.from(sub.cert.rawData);
    const ltv = await addDocumentTimestamp(
      appendDss(withoutIntermediate, {
        certs: [subDer],
        ocsps: [await fetchOcspResponse(join(dir, 'ocsp-client'), ocspUrl, ocspGood, sub)],
        crls: [crls.get('/sub.crl')!],
      }),
      tsa,
    );
    const ltvRevoked = await addDocumentTimestamp(
      appendDss(await sign(revokedBefore), { crls: [crls.get('/sub.crl')!] }),
      tsa,
    );

    const notAtSigning = 'pdfsig judges the certificate now (valid today), not at the signing time';
    const noCrl = 'pdfsig reads no CRL (NSS does not fetch them), so it cannot see the revocation';
    variants.push(
      {
        name: 'personal, trusted, CRL good',
        pdf: good,
        options: anchored,
        expected: 'valid',
        kinds: ['person:names'],
      },
      {
        name: 'organisation, trusted, CRL good',
        pdf: await sign(org),
        options: anchored,
        expected: 'valid',
        kinds: ['organisation:names'],
      },
      {
        name: 'person then organisation',
        pdf: twice,
        options: anchored,
        expected: 'valid',
        kinds: ['person:names', 'organisation:names'],
      },
      {
        name: 'personal certificate, Vietnamese profile (UID=CCCD, employer MST)',
        pdf: await sign(personVn),
        options: anchored,
        expected: 'valid',
        kinds: ['person:personalIdentifier'],
      },
      {
        name: 'organisation certificate, Vietnamese profile (UID=MST, MNS)',
        pdf: await sign(agencyVn),
        options: anchored,
        expected: 'valid',
        kinds: ['organisation:organisationIdentifier'],
      },
      {
        name: 'organisation certificate by policy (QCP-l)',
        pdf: await sign(sealByPolicy),
        options: anchored,
        expected: 'valid',
        kinds: ['organisation:policy'],
      },
      {
        name: 'two signatures: personal (CCCD) then organisation (MST)',
        pdf: await sign(agencyVn, await sign(personVn)),
        options: anchored,
        expected: 'valid',
        kinds: ['person:personalIdentifier', 'organisation:organisationIdentifier'],
      },
      {
        name: 'no trust anchors configured',
        pdf: good,
        options: {},
        expected: 'indeterminate',
        says: /no trust anchors/,
        pdfsig: { verdict: 'valid', because: 'pdfsig has the root in its NSS database; the product has none' },
      },
      {
        name: 'wrong chain (another root)',
        pdf: await sign(stranger),
        options: anchored,
        expected: 'indeterminate',
        says: /not trusted/,
      },
      {
        name: 'expired at signing',
        pdf: await sign(expired),
        options: anchored,
        expected: 'invalid',
        says: /expired at 2025-01-15/,
      },
      {
        name: 'not yet valid at signing',
        pdf: await sign(notYet),
        options: anchored,
        expected: 'invalid',
        says: /not yet valid/,
        pdfsig: { verdict: 'valid', because: notAtSigning },
      },
      {
        name: 'revoked before signing (CRL)',
        pdf: await sign(revokedBefore),
        options: anchored,
        expected: 'invalid',
        says: /revoked on 2024-12-01/,
        pdfsig: { verdict: 'valid', because: noCrl },
      },
      {
        name: 'revoked after signing, no timestamp (CRL)',
        pdf: await sign(revokedAfter),
        options: anchored,
        expected: 'indeterminate',
        says: /revoked on 2025-03-01/,
        pdfsig: { verdict: 'valid', because: noCrl },
      },
      {
        name: 'weak key (RSA 1024)',
        pdf: await sign(weak),
        options: anchored,
        expected: 'invalid',
        says: /weak key: RSA 1024/,
        pdfsig: { verdict: 'valid', because: 'NSS accepts RSA 1024 signatures; TT 15/2025 requires 2048' },
      },
      {
        name: 'short ByteRange (stops before its %%EOF)',
        pdf: await signShort(unsigned, await toP12(person), 12),
        options: anchored,
        expected: 'invalid',
        says: /short of the end of its own revision/,
        pdfsig: { verdict: 'modifiedAfterSigning', because: 'pdfsig only sees that the range does not reach the end' },
      },
      {
        name: 'CRL responder unreachable',
        pdf: await sign(unreachable),
        options: anchored,
        expected: 'indeterminate',
        says: /unavailable/,
        pdfsig: { verdict: 'valid', because: noCrl },
      },
      {
        name: 'certificate names no CRL',
        pdf: await sign(noCdp),
        options: anchored,
        expected: 'indeterminate',
        says: /no CRL distribution point/,
        pdfsig: { verdict: 'valid', because: noCrl },
      },
      {
        name: 'CRL signed by another key',
        pdf: await sign(badCrl),
        options: anchored,
        expected: 'indeterminate',
        says: /does not verify/,
        pdfsig: { verdict: 'valid', because: noCrl },
      },
      {
        name: 'offline setting',
        pdf: good,
        options: { ...anchored, revocation: { offline: true } },
        expected: 'indeterminate',
        pdfsig: { verdict: 'valid', because: 'pdfsig has no offline setting for CRLs: it never reads them' },
      },
      { name: 'byte changed after signing', pdf: flipByteInSignedRange(good), options: anchored, expected: 'invalid' },
      {
        name: 'incremental update after signing',
        pdf: appendIncrementalUpdate(good),
        options: anchored,
        expected: 'modifiedAfterSigning',
      },
      {
        name: 'person (expired) then organisation',
        pdf: await sign(org, await sign(expired)),
        options: anchored,
        expected: 'invalid',
      },
      { name: 'unsigned', pdf: unsigned, options: anchored, expected: 'unsigned' },
      {
        name: 'timestamped (signature timestamp, trusted TSA)',
        pdf: await addSignatureTimestamp(good, tsa),
        options: anchored,
        expected: 'valid',
        timeSource: 'timestamp',
      },
      {
        name: 'revoked after the timestamp (CRL)',
        pdf: stampedThenRevoked,
        options: anchored,
        expected: 'valid',
        timeSource: 'timestamp',
        says: /revoked on/,
      },
      {
        name: 'revoked before signing, timestamped (CRL)',
        pdf: await addSignatureTimestamp(await sign(revokedBefore), tsa),
        options: anchored,
        expected: 'invalid',
        says: /revoked on 2024-12-01/,
        pdfsig: { verdict: 'valid', because: noCrl },
      },
      {
        name: 'timestamp from a TSA outside the anchors',
        pdf: await addSignatureTimestamp(good, strangeTsa),
        options: anchored,
        expected: 'indeterminate',
        timeSource: 'claimed',
        says: /timestamp authority is not trusted/,
        pdfsig: { verdict: 'valid', because: 'pdfsig does not check signature timestamp tokens' },
      },
      {
        name: 'timestamp token over other bytes',
        pdf: await addSignatureTimestamp(good, tsa, { wrongImprint: true }),
        options: anchored,
        expected: 'invalid',
        says: /timestamp does not match/,
        pdfsig: { verdict: 'valid', because: 'pdfsig does not check signature timestamp tokens' },
      },
      {
        name: 'signature then document timestamp (DocTimeStamp)',
        pdf: await addDocumentTimestamp(good, tsa),
        options: anchored,
        expected: 'valid',
        pdfsig: {
          verdict: 'invalid',
          because: 'poppler 22.12 cannot check ETSI.RFC3161 ("Unable to validate this type of signature")',
        },
      },
      {
        // pdfsig agrees, but only because it never validates a document timestamp (see the variant above).
        name: 'document timestamp, a stamped byte changed',
        pdf: flipByteInSignedRange(await addDocumentTimestamp(good, tsa)),
        options: anchored,
        expected: 'invalid',
      },
      {
        name: 'LTV: intermediate, OCSP and CRL in the DSS, document timestamp; offline',
        pdf: ltv,
        options: { ...anchored, revocation: { offline: true } },
        expected: 'valid',
        revocationSource: 'embedded',
        pdfsig: {
          verdict: 'invalid',
          because: 'poppler 22.12 cannot check the document timestamp (ETSI.RFC3161) that protects the DSS',
        },
      },
      {
        // pdfsig agrees only because it cannot check the document timestamp; it reads no CRL, DSS or not.
        name: 'LTV: revoked before signing per the CRL in the DSS; offline',
        pdf: ltvRevoked,
        options: { ...anchored, revocation: { offline: true } },
        expected: 'invalid',
        says: /revoked on 2024-12-01/,
      },
      {
        name: 'intermediate missing from the signature (no DSS, no folder)',
        pdf: withoutIntermediate,
        options: anchored,
        expected: 'indeterminate',
        says: /not trusted/,
      },
      {
        name: 'intermediate from the configured folder',
        pdf: withoutIntermediate,
        options: { ...anchored, intermediates: [pem(sub)] },
        expected: 'valid',
        revocationSource: 'ocsp',
        pdfsig: {
          verdict: 'indeterminate',
          because: 'pdfsig knows only its NSS database, not the configured intermediates folder',
        },
      },
      {
        name: 'OCSP good (responder is the issuer)',
        pdf: await sign(ocspGood),
        options: anchored,
        expected: 'valid',
        revocationSource: 'ocsp',
      },
      {
        name: 'OCSP good (delegated responder)',
        pdf: await sign(ocspDelegated),
        options: anchored,
        expected: 'valid',
        revocationSource: 'ocsp',
      },
      {
        name: 'revoked before signing (OCSP)',
        pdf: await sign(ocspRevokedBefore),
        options: anchored,
        expected: 'invalid',
        says: /revoked on 2024-12-01/,
      },
      {
        name: 'revoked after signing, no timestamp (OCSP)',
        pdf: await sign(ocspRevokedAfter),
        options: anchored,
        expected: 'indeterminate',
        says: /revoked on 2025-03-01/,
        pdfsig: {
          verdict: 'invalid',
          because: 'pdfsig asks OCSP about today: revoked now; with only a claimed time the product cannot tell',
        },
      },
      {
        name: 'OCSP responder does not know the certificate',
        pdf: await sign(ocspUnknown),
        options: anchored,
        expected: 'indeterminate',
        says: /does not know/,
      },
      {
        name: 'OCSP responder unreachable',
        pdf: await sign(ocspDead),
        options: anchored,
        expected: 'indeterminate',
        says: /OCSP responder .* unavailable/,
        saysVi: /không kiểm tra được trạng thái thu hồi/,
      },
      {
        name: 'OCSP responder unreachable, CRL good',
        pdf: await sign(ocspDeadCrlGood),
        options: anchored,
        expected: 'valid',
        revocationSource: 'crl',
        pdfsig: {
          verdict: 'indeterminate',
          because: 'pdfsig stops at the failed OCSP request; it does not fall back to the CRL',
        },
      },
      {
        name: 'offline setting, certificate with an OCSP responder',
        pdf: await sign(ocspOffline),
        options: { ...anchored, revocation: { offline: true } },
        expected: 'indeterminate',
        pdfsig: { verdict: 'indeterminate', because: 'pdfsig asks the responder, which answers 404' },
      },
    );
    // Some forty RSA keys and two dozen signed PDFs: minutes on a loaded 2-core machine.
  }, 300_000);

  afterAll(async () => {
    // The closing note's table: variant, product verdict, pdfsig verdict.
    process.stdout.write(
      `\n| variant | expected | product | pdfsig | why they differ |\n|---|---|---|---|---|\n${table.join('\n')}\n`,
    );
    await Promise.all(responders.map((r) => r.stop()));
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('should give every variant its expected verdict and agree with pdfsig or explain why not', async () => {
    expect(variants.length).toBeGreaterThanOrEqual(31);
    const seen: Array<[string, string, string]> = [];
    const wanted: Array<[string, string, string]> = [];
    for (const v of variants) {
      const path = join(dir, `${variants.indexOf(v)}.pdf`);
      await writeFile(path, v.pdf);
      const asked = hits.get('/offline-ocsp') ?? 0;
      const ours = await verifyPdfSignatures(path, v.options);
      // Offline means no network call at all, not a failed one.
      expect({ name: v.name, asked: (hits.get('/offline-ocsp') ?? 0) - asked }).toEqual({ name: v.name, asked: 0 });
      const oracle = await runPdfsigTrusted(path, nssDir);
      table.push(`| ${v.name} | ${v.expected} | ${ours.verdict} | ${oracle.verdict} | ${v.pdfsig?.because ?? ''} |`);
      seen.push([v.name, ours.verdict, oracle.verdict]);
      wanted.push([v.name, v.expected, v.pdfsig?.verdict ?? v.expected]);
      // Every finding comes coded, with its Vietnamese text (what a Vietnamese screen shows instead of `problems`).
      for (const s of ours.signatures) {
        expect(s.findings.map((f) => f.en)).toEqual(s.problems);
        expect(s.findings.filter((f) => !/[ăâđêôơưáàảãạéèíìóòúùýỳ]/i.test(f.vi))).toEqual([]);
      }
      if (v.kinds) {
        const signers = [...(await runPdfsig(path)).output.matchAll(/Signer Certificate Common Name: (.*)/g)];
        expect({
          name: v.name,
          kinds: ours.signatures.map((s) => `${s.signerKind}:${s.signerKindBasis}`),
          pdfsigSigners: signers.map((m) => m[1].trim()),
        }).toEqual({ name: v.name, kinds: v.kinds, pdfsigSigners: ours.signatures.map((s) => s.signerName) });
      }
      if (v.saysVi) {
        expect({ name: v.name, vi: ours.signatures.flatMap((s) => s.findings.map((f) => f.vi)).join(' | ') }).toEqual({
          name: v.name,
          vi: expect.stringMatching(v.saysVi),
        });
      }
      if (v.timeSource) {
        expect({ name: v.name, timeSource: ours.signatures[0]?.timeSource }).toEqual({
          name: v.name,
          timeSource: v.timeSource,
          ...(ours.signatures[0]?.timeSource !== v.timeSource && { problems: ours.signatures[0]?.problems }),
        });
      }
      if (v.revocationSource) {
        expect({ name: v.name, sources: ours.signatures.map((s) => s.revocationSource) }).toEqual({
          name: v.name,
          sources: ours.signatures.map(() => v.revocationSource),
        });
      }
      if (v.says) {
        expect({ name: v.name, problems: ours.signatures.flatMap((s) => s.problems).join(' | ') }).toEqual({
          name: v.name,
          problems: expect.stringMatching(v.says),
        });
      }
    }
    expect(seen).toEqual(wanted);
  });

  it('should give up on a responder that never answers after the configured timeout (indeterminate)', async () => {
    const pdf = await signPdf(await makeUnsignedPdf(), await toP12(hanging), SIGNED_AT);

    const result = await verifyPdfSignatures(pdf, hangingAnchors);

    expect(result.verdict).toBe('indeterminate');
    expect(result.signatures[0].revocation).toBe('unknown');
    expect(result.signatures[0].problems.join(' | ')).toMatch(/OCSP responder .*\/hang unavailable: .*timeout/i);
    expect(result.signatures[0].findings.map((f) => f.vi).join(' | ')).toMatch(
      /không kiểm tra được trạng thái thu hồi/,
    );
  });
});
