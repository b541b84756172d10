/**
 * OCSP (RFC 6960) for the signer certificate: the responder named in its Authority Information Access, asked
 * over HTTP POST with a bounded timeout; the answer is believed only when signed by the issuer itself or by a
 * responder certificate the issuer delegated (issued by it, extended key usage OCSPSigning, valid now).
 * The same reading serves responses embedded in the PDF (DSS), so an offline check believes exactly what an
 * online one would.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { cryptoEngine } from './crypto-engine';

const OID = {
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  ocspMethod: '1.3.6.1.5.5.7.48.1',
  basicResponse: '1.3.6.1.5.5.7.48.1.1',
  extKeyUsage: '2.5.29.37',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
} as const;

/** Hashes a CertID may use (RFC 6960 answers with the request's, SHA-1 in practice). */
const CERT_ID_HASHES: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

/** What one OCSP response says about one certificate (RFC 6960 §2.2), once its signature was believed. */
export interface OcspAnswer {
  status: 'good' | 'revoked' | 'unknown';
  /** The revocationTime when status is 'revoked'. */
  revokedAt: Date | null;
  thisUpdate: Date;
  nextUpdate: Date | null;
}

/** The http(s) OCSP responder URLs of the certificate's AIA extension, in order. */
export function ocspUrls(cert: pkijs.Certificate): string[] {
  const parsed: unknown = cert.extensions?.find((e) => e.extnID === OID.authorityInfoAccess)?.parsedValue;
  if (!(parsed instanceof pkijs.InfoAccess)) {
    return [];
  }
  return parsed.accessDescriptions
    .filter((d) => d.accessMethod === OID.ocspMethod && d.accessLocation.type === 6)
    .map((d) => String(d.accessLocation.value))
    .filter((url) => /^https?:\/\//.test(url));
}

/** Answers by responder URL and certificate, kept until the responder's nextUpdate (per worker thread). */
const ocspCache = new Map<string, { answer: OcspAnswer; until: number }>();

/** Without nextUpdate a responder promises nothing about tomorrow: an answer is reused for a minute only. */
const UNDATED_ANSWER_TTL_MS = 60_000;

/** Asks `url` about `cert` (issued by `issuer`); throws (English, for the log) when no believable answer came. */
export async function fetchOcsp(
  url: string,
  cert: pkijs.Certificate,
  issuer: pkijs.Certificate,
  timeoutMs: number,
  refresh = false,
): Promise<OcspAnswer> {
  const key = `${url} ${fingerprint(issuer)} ${Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex')}`;
  const cached = ocspCache.get(key);
  if (!refresh && cached && cached.until > Date.now()) {
    return cached.answer;
  }
  const request = new pkijs.OCSPRequest();
  await request.createForCertificate(cert, { hashAlgorithm: 'SHA-1', issuerCertificate: issuer }, cryptoEngine);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
    body: Buffer.from(request.toSchema(true).toBER()),
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'error',
  });
  if (!response.ok) {
    throw new Error(`HTTP ${response.status}`);
  }
  const answer = await readOcspResponse(new Uint8Array(await response.arrayBuffer()), cert, issuer, new Date());
  ocspCache.set(key, { answer, until: answer.nextUpdate?.getTime() ?? Date.now() + UNDATED_ANSWER_TTL_MS });
  return answer;
}

/**
 * Reads an OCSPResponse (DER) about `cert`: responder status successful, a basic response whose signature
 * verifies with the issuer or its delegated responder, a SingleResponse for exactly this certificate, and not
 * stale at `now` (thisUpdate not ahead of it by more than clock skew). Throws with the reason otherwise.
 * `now` is the time of the check for a fresh answer; for an embedded one, the time it is judged at.
 */
export async function readOcspResponse(
  der: Uint8Array,
  cert: pkijs.Certificate,
  issuer: pkijs.Certificate,
  now: Date,
  opts: { allowStale?: boolean } = {},
): Promise<OcspAnswer> {
  const response = pkijs.OCSPResponse.fromBER(der);
  const responseStatus = response.responseStatus.valueBlock.valueDec;
  if (responseStatus !== 0) {
    throw new Error(`the responder answered status ${responseStatus} (not successful)`);
  }
  if (!response.responseBytes || response.responseBytes.responseType !== OID.basicResponse) {
    throw new Error('the response is not a basic OCSP response');
  }
  const basic = pkijs.BasicOCSPResponse.fromBER(response.responseBytes.response.valueBlock.valueHexView);
  await verifyResponder(basic, issuer, now);

  for (const single of basic.tbsResponseData.responses) {
    const expected = new pkijs.CertID();
    const hashAlgorithm = CERT_ID_HASHES[single.certID.hashAlgorithm.algorithmId];
    if (!hashAlgorithm) {
      continue;
    }
    await expected.createForCertificate(cert, { hashAlgorithm, issuerCertificate: issuer }, cryptoEngine);
    if (!single.certID.isEqual(expected)) {
      continue;
    }
    const skewMs = 5 * 60_000;
    if (single.thisUpdate.getTime() > now.getTime() + skewMs) {
      throw new Error(`thisUpdate ${single.thisUpdate.toISOString()} is in the future`);
    }
    if (!opts.allowStale && single.nextUpdate && single.nextUpdate.getTime() < now.getTime() - skewMs) {
      throw new Error(`stale: nextUpdate ${single.nextUpdate.toISOString()} has passed`);
    }
    return { ...certStatus(single), thisUpdate: single.thisUpdate, nextUpdate: single.nextUpdate ?? null };
  }
  throw new Error('the response does not speak of this certificate');
}

/** certStatus CHOICE: good [0] NULL, revoked [1] RevokedInfo (revocationTime first), unknown [2] NULL. */
function certStatus(single: pkijs.SingleResponse): Pick<OcspAnswer, 'status' | 'revokedAt'> {
  const choice = single.certStatus as asn1js.BaseBlock;
  const tag = choice.idBlock.tagNumber;
  if (choice.idBlock.tagClass === 3 && tag === 1) {
    const first: unknown = (choice as asn1js.Constructed).valueBlock.value?.[0];
    const revokedAt = first instanceof asn1js.GeneralizedTime ? first.toDate() : null;
    return { status: 'revoked', revokedAt };
  }
  return { status: tag === 0 ? 'good' : 'unknown', revokedAt: null };
}

/**
 * The response must be signed by the issuer (responderID names it) or by a certificate in the response that
 * the issuer issued for OCSP signing and that is valid at `now` (RFC 6960 §4.2.2.2).
 */
async function verifyResponder(basic: pkijs.BasicOCSPResponse, issuer: pkijs.Certificate, now: Date): Promise<void> {
  const responderId: unknown = basic.tbsResponseData.responderID;
  const names = (c: pkijs.Certificate): boolean =>
    responderId instanceof pkijs.RelativeDistinguishedNames
      ? c.subject.isEqual(responderId)
      : responderId instanceof asn1js.OctetString &&
        createHash('sha1')
          .update(c.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)
          .digest()
          .equals(Buffer.from(responderId.valueBlock.valueHexView));
  const tbs = basic.tbsResponseData.tbsView;
  const signedBy = (c: pkijs.Certificate): Promise<boolean> =>
    cryptoEngine.verifyWithPublicKey(tbs, basic.signature, c.subjectPublicKeyInfo, basic.signatureAlgorithm);

  if (names(issuer)) {
    if (await signedBy(issuer)) {
      return;
    }
    throw new Error('the response signature does not verify with the issuer key');
  }
  for (const delegate of (basic.certs ?? []).filter(names)) {
    if (!delegate.issuer.isEqual(issuer.subject) || !(await delegate.verify(issuer, cryptoEngine))) {
      continue;
    }
    if (!extendedKeyUsages(delegate).includes(OID.ocspSigning)) {
      throw new Error('the responder certificate is not for OCSP signing');
    }
    if (now < delegate.notBefore.value || now > delegate.notAfter.value) {
      throw new Error('the responder certificate is outside its validity period');
    }
    if (await signedBy(delegate)) {
      return;
    }
    throw new Error('the response signature does not verify with the responder key');
  }
  throw new Error('the responder is neither the issuer nor delegated by it');
}

function extendedKeyUsages(cert: pkijs.Certificate): string[] {
  const parsed: unknown = cert.extensions?.find((e) => e.extnID === OID.extKeyUsage)?.parsedValue;
  return parsed instanceof pkijs.ExtKeyUsage ? parsed.keyPurposes : [];
}

function fingerprint(cert: pkijs.Certificate): string {
  return createHash('sha256')
    .update(Buffer.from(cert.toSchema(true).toBER()))
    .digest('hex');
}
