/**
 * What a relying party checks about a signer's certificate beyond the CMS signature (TT 15/2025/TT-BKHCN):
 * validity at the signing time, key strength, a trust path to the configured roots, and revocation status.
 * Each check answers a fact; {@link decideSignatureStatus} turns the facts into one per-signature status.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { ProblemParams, SignatureProblemCode } from './signature-problems';
import { cryptoEngine } from './crypto-engine';
import { fetchOcsp, ocspUrls, readOcspResponse } from './revocation-ocsp';

export { cryptoEngine };

/** A trust anchor: PEM text (one or more certificates), DER bytes, or an already parsed certificate. */
export type TrustAnchor = string | Uint8Array | pkijs.Certificate;

/** Splits PEM bundles; parses DER. Throws on anything that is not an X.509 certificate (a config error). */
export function parseTrustAnchor(anchor: TrustAnchor): pkijs.Certificate[] {
  if (anchor instanceof pkijs.Certificate) {
    return [anchor];
  }
  if (typeof anchor === 'string') {
    const blocks = [...anchor.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
    if (blocks.length === 0) {
      throw new Error('trust anchor: no PEM certificate found');
    }
    return blocks.map((block) => pkijs.Certificate.fromBER(Buffer.from(block[1].replace(/\s+/g, ''), 'base64')));
  }
  return [pkijs.Certificate.fromBER(anchor)];
}

/** The certificate's validity period compared with the signing time. */
export type CertificateValidity = 'valid' | 'expired' | 'notYetValid';

export type SignatureTrust = 'trusted' | 'untrusted' | 'notEvaluated';

/**
 * Revocation status of the signer certificate at the signing time: 'good' (a CRL from the issuer does not
 * list it), 'revoked' (revoked at or before the signing time), 'revokedAfterSigning' (revoked later: with only
 * the signer's claimed time nothing proves the signature came first), 'unknown' (no CRL could be fetched or
 * verified, or the certificate names none), 'offline' (checking is switched off), 'notChecked' (no trusted
 * path, so there is no issuer to check against).
 */
export type RevocationStatus = 'good' | 'revoked' | 'revokedAfterSigning' | 'unknown' | 'offline' | 'notChecked';

/**
 * Where the time the checks use comes from: a verified RFC 3161 timestamp, the signer's claimed signingTime,
 * or none (the check time).
 */
export type TimeSource = 'timestamp' | 'claimed' | 'none';

export interface PublicKeyInfo {
  /** 'RSA', 'ECDSA', or the key algorithm's OID. */
  algorithm: string;
  /** Modulus bits (RSA) or curve size (ECDSA); null when unknown. */
  bits: number | null;
  /** RSA ≥ 2048 or ECDSA ≥ 256 bits (TT 15/2025). */
  strong: boolean;
}

export interface RevocationOptions {
  /** No network: revocation is 'offline' (closed office networks). */
  offline?: boolean;
  /**
   * Revocation data the PDF itself carries (its DSS), DER; filled in by the verifier, not configured. Used
   * first, and also when offline: long-term validation needs no network.
   */
  embedded?: { ocsps: readonly Uint8Array[]; crls: readonly Uint8Array[] };
  /** Longest wait for one OCSP answer or CRL download. Default 5 s. */
  timeoutMs?: number;
  /**
   * Ask the responders and download the CRLs again instead of reusing answers cached until their nextUpdate: a
   * re-check asked for because a revocation became known must see it (answers fetched are cached again).
   */
  refresh?: boolean;
}

const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
  crlDistributionPoints: '2.5.29.31',
} as const;

const CURVE_BITS: Readonly<Record<string, number>> = {
  '1.2.840.10045.3.1.7': 256, // P-256
  '1.3.132.0.34': 384, // P-384
  '1.3.132.0.35': 521, // P-521
  '1.3.132.0.10': 256, // secp256k1
};

export function certificateValidityAt(cert: pkijs.Certificate, at: Date): CertificateValidity {
  if (at < cert.notBefore.value) {
    return 'notYetValid';
  }
  return at > cert.notAfter.value ? 'expired' : 'valid';
}

export function publicKeyInfo(cert: pkijs.Certificate): PublicKeyInfo {
  const spki = cert.subjectPublicKeyInfo;
  const oid = spki.algorithm.algorithmId;
  if (oid === OID.rsaEncryption || oid === OID.rsaPss) {
    const parsed = asn1js.fromBER(spki.subjectPublicKey.valueBlock.valueHexView);
    const key = parsed.offset === -1 ? undefined : new pkijs.RSAPublicKey({ schema: parsed.result });
    const modulus = key ? Buffer.from(key.modulus.valueBlock.valueHexView) : undefined;
    const bits = modulus ? bitLength(modulus) : null;
    return { algorithm: 'RSA', bits, strong: bits !== null && bits >= 2048 };
  }
  if (oid === OID.ecPublicKey) {
    const curve: unknown = spki.algorithm.algorithmParams;
    const bits = curve instanceof asn1js.ObjectIdentifier ? (CURVE_BITS[curve.valueBlock.toString()] ?? null) : null;
    return { algorithm: 'ECDSA', bits, strong: bits !== null && bits >= 256 };
  }
  return { algorithm: oid, bits: null, strong: false };
}

function bitLength(unsignedBigEndian: Buffer): number {
  let i = 0;
  while (i < unsignedBigEndian.length && unsignedBigEndian[i] === 0) {
    i++;
  }
  return i === unsignedBigEndian.length
    ? 0
    : (unsignedBigEndian.length - i - 1) * 8 + unsignedBigEndian[i].toString(2).length;
}

/** The certificate path from the signer to an anchor, at `checkDate`; null with the reason when there is none. */
export async function buildTrustPath(
  signerCert: pkijs.Certificate,
  certificates: readonly pkijs.Certificate[],
  anchors: readonly pkijs.Certificate[],
  checkDate: Date,
): Promise<{ path: pkijs.Certificate[] } | { path: null; reason: string }> {
  // pkijs builds the path from the last certificate in `certs`: the signer's.
  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: [...anchors],
    certs: [...certificates.filter((c) => c !== signerCert), signerCert],
    checkDate,
  });
  try {
    const result = await engine.verify({}, cryptoEngine);
    return result.result && result.certificatePath
      ? { path: result.certificatePath }
      : { path: null, reason: result.resultMessage };
  } catch (error: unknown) {
    const message =
      typeof error === 'object' && error !== null && 'resultMessage' in error
        ? String(error.resultMessage)
        : errorMessage(error);
    return { path: null, reason: message };
  }
}

/** Downloaded CRLs by URL, kept until their nextUpdate (per worker thread). */
const crlCache = new Map<string, { crl: pkijs.CertificateRevocationList; until: number }>();

/** Where a revocation answer came from: the PDF's own DSS, an OCSP responder, or a CRL download. */
export type RevocationSource = 'embedded' | 'ocsp' | 'crl';

export interface RevocationResult {
  status: RevocationStatus;
  /** Null when no source answered (unknown, offline, not checked). */
  source: RevocationSource | null;
}

/**
 * The signer certificate's status at `signingTime` (TT 15/2025: OCSP or the latest CRL): first the OCSP
 * responders of its AIA, then the CRLs of its distribution points, each answer verified with the issuer's key
 * (the next certificate on the trusted path) and each request bounded by `timeoutMs`. A source that cannot
 * answer is noted and the next one asked; when none answers the status is 'unknown' (indeterminate).
 */
export async function checkRevocation(
  cert: pkijs.Certificate,
  issuer: pkijs.Certificate,
  signingTime: Date,
  opts: RevocationOptions,
  note: (code: SignatureProblemCode, params?: ProblemParams) => void,
): Promise<RevocationResult> {
  const embedded = await embeddedStatus(cert, issuer, signingTime, opts.embedded, note);
  if (embedded) {
    return { status: embedded, source: 'embedded' };
  }
  if (opts.offline) {
    return { status: 'offline', source: null };
  }
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const responders = ocspUrls(cert);
  const urls = crlUrls(cert);
  if (responders.length === 0 && urls.length === 0) {
    note('noCrlDistributionPoint');
    return { status: 'unknown', source: null };
  }
  for (const url of responders) {
    try {
      const answer = await fetchOcsp(url, cert, issuer, timeoutMs, opts.refresh);
      if (answer.status === 'unknown') {
        note('ocspUnknown', { url });
        continue;
      }
      return { status: revokedOrGood(answer.revokedAt, answer.status, signingTime, note), source: 'ocsp' };
    } catch (error: unknown) {
      note('ocspUnavailable', { url, detail: errorMessage(error) });
    }
  }
  for (const url of urls) {
    let crl: pkijs.CertificateRevocationList;
    try {
      crl = await fetchCrl(url, issuer, timeoutMs, opts.refresh);
    } catch (error: unknown) {
      note('crlUnavailable', { url, detail: errorMessage(error) });
      continue;
    }
    const entry = crl.revokedCertificates?.find((r) => r.userCertificate.isEqual(cert.serialNumber));
    return {
      status: revokedOrGood(entry?.revocationDate.value ?? null, entry ? 'revoked' : 'good', signingTime, note),
      source: 'crl',
    };
  }
  return { status: 'unknown', source: null };
}

/**
 * The status the PDF's own revocation data gives: an OCSP response or a CRL about this certificate that
 * verifies with the issuer's key. Stale data still counts (it was kept for later checks, which is the point);
 * data about other certificates, or that does not verify, is passed over silently — a DSS holds data for
 * every certificate of every signature.
 */
async function embeddedStatus(
  cert: pkijs.Certificate,
  issuer: pkijs.Certificate,
  signingTime: Date,
  embedded: RevocationOptions['embedded'],
  note: (code: SignatureProblemCode, params?: ProblemParams) => void,
): Promise<RevocationStatus | null> {
  for (const der of embedded?.ocsps ?? []) {
    try {
      const answer = await readOcspResponse(der, cert, issuer, new Date(), { allowStale: true });
      if (answer.status !== 'unknown') {
        return revokedOrGood(answer.revokedAt, answer.status, signingTime, note);
      }
    } catch {
      // Not about this certificate, or not believable: the next source decides.
    }
  }
  for (const der of embedded?.crls ?? []) {
    try {
      const crl = pkijs.CertificateRevocationList.fromBER(der);
      if (!crl.issuer.isEqual(cert.issuer) || !(await crl.verify({ issuerCertificate: issuer }, cryptoEngine))) {
        continue;
      }
      const entry = crl.revokedCertificates?.find((r) => r.userCertificate.isEqual(cert.serialNumber));
      return revokedOrGood(entry?.revocationDate.value ?? null, entry ? 'revoked' : 'good', signingTime, note);
    } catch {
      // Unreadable CRL: the next source decides.
    }
  }
  return null;
}

/** 'revoked' at or before the signing time; 'revokedAfterSigning' later (the signature may have come first). */
export function revokedOrGood(
  revokedAt: Date | null,
  status: 'good' | 'revoked',
  signingTime: Date,
  note: (code: SignatureProblemCode, params?: ProblemParams) => void,
): RevocationStatus {
  if (status === 'good') {
    return 'good';
  }
  // A revocation without a readable time counts as before the signature: nothing shows the signature came first.
  const at = revokedAt ?? new Date(0);
  note('certificateRevoked', { at: at.toISOString() });
  return at <= signingTime ? 'revoked' : 'revokedAfterSigning';
}

function crlUrls(cert: pkijs.Certificate): string[] {
  const ext = cert.extensions?.find((e) => e.extnID === OID.crlDistributionPoints);
  const parsed: unknown = ext?.parsedValue;
  if (!(parsed instanceof pkijs.CRLDistributionPoints)) {
    return [];
  }
  return parsed.distributionPoints.flatMap((dp) =>
    Array.isArray(dp.distributionPoint)
      ? dp.distributionPoint
          .filter((name) => name.type === 6 && typeof name.value === 'string' && /^https?:\/\//.test(name.value))
          .map((name) => name.value as string)
      : [],
  );
}

async function fetchCrl(
  url: string,
  issuer: pkijs.Certificate,
  timeoutMs: number,
  refresh = false,
): Promise<pkijs.CertificateRevocationList> {
  const cached = crlCache.get(url);
  if (!refresh && cached && cached.until > Date.now()) {
    return cached.crl;
  }
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  if (!response.ok) {
    throw new Error(`HTTP ${response.status}`);
  }
  const body = Buffer.from(await response.arrayBuffer());
  const text = body.toString('latin1');
  const der = text.includes('-----BEGIN X509 CRL-----')
    ? Buffer.from(text.replace(/-----[^-]+-----|\s/g, ''), 'base64')
    : body;
  const crl = pkijs.CertificateRevocationList.fromBER(der);
  if (!(await crl.verify({ issuerCertificate: issuer }, cryptoEngine))) {
    throw new Error('its signature does not verify with the issuer certificate');
  }
  // Kept until the issuer promises the next one; without nextUpdate, for a minute.
  crlCache.set(url, { crl, until: crl.nextUpdate?.value.getTime() ?? Date.now() + 60_000 });
  return crl;
}

/** Per-signature status: 'invalid' beats 'indeterminate' beats 'valid'. */
export type SignatureStatus = 'valid' | 'invalid' | 'indeterminate';

/** The facts {@link decideSignatureStatus} weighs, as the report carries them. */
export interface SignatureFacts {
  byteRangeValid: boolean;
  digestMatches: boolean;
  signatureValid: boolean;
  certificateValidity: CertificateValidity | null;
  publicKey: PublicKeyInfo | null;
  trust: SignatureTrust;
  revocation: RevocationStatus;
  timeSource: TimeSource;
  /** The signature's own timestamp token, when it carries one. */
  timestamp?: { status: 'valid' | 'untrusted' | 'invalid' } | null;
}

export function decideSignatureStatus(s: SignatureFacts): SignatureStatus {
  if (!s.byteRangeValid || !s.digestMatches || !s.signatureValid) {
    return 'invalid';
  }
  if (s.certificateValidity !== 'valid' || !s.publicKey?.strong || s.revocation === 'revoked') {
    return 'invalid';
  }
  if (s.timestamp?.status === 'invalid') {
    return 'invalid';
  }
  // Revoked after a trusted timestamp: the token proves the signature existed while the certificate was good.
  const notRevoked =
    s.revocation === 'good' || (s.revocation === 'revokedAfterSigning' && s.timeSource === 'timestamp');
  return s.trust === 'trusted' && notRevoked && s.timestamp?.status !== 'untrusted' ? 'valid' : 'indeterminate';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
