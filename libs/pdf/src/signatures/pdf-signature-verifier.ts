import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  cryptoEngine,
  decideSignatureStatus,
  parseTrustAnchor,
  type CertificateValidity,
  type PublicKeyInfo,
  type RevocationOptions,
  type RevocationSource,
  type RevocationStatus,
  type SignatureStatus,
  type SignatureTrust,
  type TimeSource,
  type TrustAnchor,
} from './certificate-checks';
import { findSignatureDictionaries, type SignatureDictionary } from './signature-dictionary.parser';
import { type ProblemParams, type SignatureProblem, type SignatureProblemCode } from './signature-problems';
import { checkByteRange, type SignedRangeDigest } from './byte-range-check';
import { classifySigner, type SignerKind, type SignerKindBasis } from './signer-kind';
import { signatureTimestampToken, verifyTimestampToken, type TimestampInfo } from './timestamp-token';
import { addProblem, checkCertificate, subjectAttribute } from './report-checks';
import { verifyDocumentTimestamp } from './document-timestamp';
import { readDss } from './dss';
import { findSignerCertificate, parseSignedData, toArrayBuffer, type ParsedCms } from './signed-data';

export type {
  CertificateValidity,
  SignedRangeDigest,
  TrustAnchor,
  PublicKeyInfo,
  RevocationOptions,
  RevocationSource,
  RevocationStatus,
  SignatureStatus,
  SignatureProblem,
  SignatureTrust,
  SignerKind,
  SignerKindBasis,
  TimeSource,
  TimestampInfo,
};

/**
 * 'valid': every check holds (integrity, certificate valid at signing time, strong key, trusted path, not
 * revoked). 'invalid': a check failed. 'modifiedAfterSigning': all signatures hold but bytes were appended
 * after the last one. 'indeterminate': integrity holds but trust or revocation could not be established (no
 * anchors, untrusted path, CRL unreachable, offline) — a warning for the appraiser, not a refusal.
 */
/**
 * The verifier's version: part of a stored verdict's key (with the file hash and the trust configuration). Bump it
 * when a change to the checks can change a verdict: every stored verdict then becomes stale and the reports process
 * re-checks them at its next start (apps/api/src/evidence/recheck).
 */
export const PDF_VERIFIER_VERSION = 'pades-2026.11';

export type PdfSignatureVerdict = 'valid' | 'modifiedAfterSigning' | 'invalid' | 'indeterminate' | 'unsigned';

export interface VerifyPdfSignaturesOptions {
  /**
   * Roots (and optionally intermediates) to chain signer certificates to: for Vietnam the Ban Cơ yếu
   * Chính phủ root and the national public root, supplied by the operator. Absent or empty: every signature
   * gets trust 'notEvaluated' ("trust not evaluated").
   */
  trustAnchors?: readonly TrustAnchor[];
  /** Refuse to load files larger than this when given a path, in bytes. Default 64 MiB. */
  maxBytes?: number;
  /** How the signer certificates' revocation is checked (CRL from their distribution points, or offline). */
  revocation?: RevocationOptions;
  /**
   * Intermediate CA certificates (a configured folder): they help build paths but are not trusted by
   * themselves, unlike `trustAnchors`. The CMS's certificates and the PDF's DSS are used as well.
   */
  intermediates?: readonly TrustAnchor[];
  /** The digests of signed ranges the caller already has; asked only for a ByteRange that passed its checks. */
  signedRangeDigest?: SignedRangeDigest;
  /**
   * CMS blobs the caller already parsed (with {@link parseSignedData}, e.g. while the file was being read): a
   * signature whose /Contents decodes to exactly `der` takes `signedData` instead of parsing the same bytes again.
   */
  parsedCms?: readonly ParsedCms[];
}

export interface PdfSignatureReport {
  /** 0-based, in file order. */
  index: number;
  /** Signer certificate subject CN, null when absent or unreadable. */
  signerName: string | null;
  /** Signer certificate subject O. */
  signerOrganisation: string | null;
  /** An agency's signature or a person's, from the signer certificate ({@link classifySigner}); null without one. */
  signerKind: SignerKind | null;
  /** Which of the classification's rules decided. */
  signerKindBasis: SignerKindBasis | null;
  /** ISO 8601 UTC from the signed attribute signingTime (claimed by the signer), null when absent. */
  signingTime: string | null;
  /** "SHA-256" etc., null when unknown. */
  digestAlgorithm: string | null;
  /** /SubFilter, e.g. "adbe.pkcs7.detached". */
  subFilter: string | null;
  /** As written in the file; [0, 0, 0, 0] when it could not be read. */
  byteRange: [number, number, number, number];
  /** The ByteRange is well formed: integers, a = 0, no overlap, gap = exactly /Contents, inside the file. */
  byteRangeValid: boolean;
  /** c + d equals the file size: nothing was appended after this signature. */
  coversWholeFile: boolean;
  /** The CMS messageDigest equals the hash of the signed ranges. */
  digestMatches: boolean;
  /** The signature over the signed attributes verifies with the signer certificate's public key. */
  signatureValid: boolean;
  /** Chain to the configured anchors at the signing time. */
  trust: SignatureTrust;
  /** The signer certificate's validity period at the signing time; null without a signer certificate. */
  certificateValidity: CertificateValidity | null;
  /** The signer's key and whether it is strong enough (RSA ≥ 2048, ECDSA ≥ 256). */
  publicKey: PublicKeyInfo | null;
  /** The signer certificate's revocation status at the signing time. */
  revocation: RevocationStatus;
  /** Which source answered: the PDF's DSS, OCSP, a CRL; null when none did. Absent in verdicts stored before. */
  revocationSource?: RevocationSource | null;
  /**
   * Which time the checks used: a verified RFC 3161 timestamp's, the signer's claimed signingTime, or none (the
   * time of the check). Deadline rules read {@link trustedTime}, and say which source it came from.
   */
  timeSource: TimeSource;
  /** The time the checks used (ISO 8601): the timestamp's when one verified, else the claimed signingTime. */
  trustedTime?: string | null;
  /** The signature's own RFC 3161 token (or, for a document timestamp, the token itself); null without one. */
  timestamp?: TimestampInfo | null;
  /** This entry is a /DocTimeStamp (its "signer" is the time-stamping authority), not a signature. */
  documentTimestamp?: boolean;
  /**
   * When the verifier ran (ISO 8601): the time of this verdict, and the check time when timeSource is 'none'.
   * Null only in verdicts stored before it was recorded.
   */
  checkedAt: string | null;
  /** This signature alone: 'invalid' (a check failed), 'indeterminate' (trust/revocation unknown), 'valid'. */
  status: SignatureStatus;
  /** Human-readable findings, English ("note: " ones do not decide the status), for logs and English mode. */
  problems: string[];
  /** The same findings with their codes and Vietnamese texts ({@link SIGNATURE_PROBLEMS}): what a screen shows. */
  findings: SignatureProblem[];
}

export interface PdfSignaturesResult {
  verdict: PdfSignatureVerdict;
  signatures: PdfSignatureReport[];
}

const OID = {
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  rsaEncryption: '1.2.840.113549.1.1.1',
  commonName: '2.5.4.3',
  organisation: '2.5.4.10',
} as const;

/** Digest OIDs we accept: WebCrypto name (for pkijs) and Node name (for hashing the ranges). */
const DIGESTS: Readonly<Record<string, { name: string; node: string }>> = {
  '1.3.14.3.2.26': { name: 'SHA-1', node: 'sha1' },
  '2.16.840.1.101.3.4.2.1': { name: 'SHA-256', node: 'sha256' },
  '2.16.840.1.101.3.4.2.2': { name: 'SHA-384', node: 'sha384' },
  '2.16.840.1.101.3.4.2.3': { name: 'SHA-512', node: 'sha512' },
};

/** CMS-based SubFilters (ISO 32000-1 §12.8.3.3, ETSI EN 319 142). Others are reported, not verified. */
const SUPPORTED_SUBFILTERS = new Set(['adbe.pkcs7.detached', 'ETSI.CAdES.detached']);

const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Detects and verifies every signature dictionary in a PDF (research §2.3 step 6).
 *
 * Per signature: the ByteRange must be four integers with a = 0, a gap that is exactly the /Contents hex
 * string, no overlap, nothing past the end of the file and nothing short of the end of its own revision (the
 * first %%EOF after /Contents); the CMS SignedData must be detached, its
 * `messageDigest` must equal the hash of the two signed ranges (declared digest algorithm), and the signature
 * over the signed attributes must verify with the signer certificate. Signer CN/O come from that
 * certificate, the signing time from the signed `signingTime` attribute (a claim of the signer; no timestamp
 * token is evaluated). At that time (or now when absent) the signer certificate must be within its validity
 * period, its key strong enough, chained to the trust anchors, and not revoked (CRL).
 *
 * Verdict: 'unsigned' with no signature dictionary; 'invalid' when any signature's status is 'invalid';
 * 'modifiedAfterSigning' when none is but the last signature does not reach the end of the file;
 * 'indeterminate' when some signature's trust or revocation could not be established; else 'valid'.
 *
 * The PDF is read into memory (bounded by `maxBytes`); run {@link checkPdf} first so only files that
 * already passed the size limit and the structural check get here.
 */
export async function verifyPdfSignatures(
  pathOrBuffer: string | Buffer,
  opts: VerifyPdfSignaturesOptions = {},
): Promise<PdfSignaturesResult> {
  const pdf =
    typeof pathOrBuffer === 'string'
      ? await readBounded(pathOrBuffer, opts.maxBytes ?? DEFAULT_MAX_BYTES)
      : pathOrBuffer;
  const anchors = (opts.trustAnchors ?? []).flatMap(parseTrustAnchor);
  const dss = readDss(pdf);
  const extraCertificates = [
    ...(opts.intermediates ?? []).flatMap(parseTrustAnchor),
    ...dss.certs.flatMap((der) => {
      try {
        return [pkijs.Certificate.fromBER(der)];
      } catch {
        return []; // an unreadable DSS certificate helps no path
      }
    }),
  ];
  const revocation: RevocationOptions = { ...opts.revocation, embedded: { ocsps: dss.ocsps, crls: dss.crls } };
  const dictionaries = findSignatureDictionaries(pdf).sort((x, y) => x.byteRangeOffset - y.byteRangeOffset);

  const signatures: PdfSignatureReport[] = [];
  for (const [index, dictionary] of dictionaries.entries()) {
    const report = await verifyOne(
      pdf,
      dictionary,
      index,
      anchors,
      revocation,
      extraCertificates,
      opts.signedRangeDigest,
      opts.parsedCms ?? [],
    );
    report.status = decideSignatureStatus(report);
    signatures.push(report);
  }
  return { verdict: decideVerdict(signatures), signatures };
}

function decideVerdict(signatures: readonly PdfSignatureReport[]): PdfSignatureVerdict {
  if (signatures.length === 0) {
    return 'unsigned';
  }
  if (signatures.some((s) => s.status === 'invalid')) {
    return 'invalid';
  }
  const last = signatures.reduce((a, b) => (b.byteRange[2] + b.byteRange[3] > a.byteRange[2] + a.byteRange[3] ? b : a));
  if (!last.coversWholeFile) {
    return 'modifiedAfterSigning';
  }
  return signatures.some((s) => s.status === 'indeterminate') ? 'indeterminate' : 'valid';
}

async function verifyOne(
  pdf: Buffer,
  dictionary: SignatureDictionary,
  index: number,
  anchors: readonly pkijs.Certificate[],
  revocationOptions: RevocationOptions,
  extraCertificates: readonly pkijs.Certificate[],
  signedRangeDigest: SignedRangeDigest | undefined,
  parsedCms: readonly ParsedCms[],
): Promise<PdfSignatureReport> {
  const report: PdfSignatureReport = {
    index,
    signerName: null,
    signerOrganisation: null,
    signerKind: null,
    signerKindBasis: null,
    signingTime: null,
    digestAlgorithm: null,
    subFilter: dictionary.subFilter,
    byteRange: dictionary.byteRange ?? [0, 0, 0, 0],
    byteRangeValid: false,
    coversWholeFile: false,
    digestMatches: false,
    signatureValid: false,
    trust: 'notEvaluated',
    certificateValidity: null,
    publicKey: null,
    revocation: 'notChecked',
    revocationSource: null,
    timeSource: 'none',
    trustedTime: null,
    timestamp: null,
    documentTimestamp: false,
    checkedAt: new Date().toISOString(),
    status: 'invalid',
    problems: dictionary.problems.map((p) => p.en),
    findings: [...dictionary.problems],
  };
  const note = (code: SignatureProblemCode, params?: ProblemParams): void => addProblem(report, code, params);
  const range = dictionary.byteRange;
  if (range && dictionary.contents) {
    const rangeProblems = checkByteRange(range, dictionary.contents, pdf);
    for (const p of rangeProblems) {
      note(p.code, p.params);
    }
    report.byteRangeValid = rangeProblems.length === 0;
    report.coversWholeFile = report.byteRangeValid && range[2] + range[3] === pdf.length;
  }
  if (dictionary.type === 'DocTimeStamp') {
    return verifyDocumentTimestamp(pdf, dictionary, report, anchors, revocationOptions, extraCertificates);
  }
  if (dictionary.type !== null && dictionary.type !== 'Sig') {
    note('typeNotSig', { type: dictionary.type });
    return report;
  }
  if (dictionary.subFilter === null || !SUPPORTED_SUBFILTERS.has(dictionary.subFilter)) {
    note('subFilterUnsupported', { subFilter: dictionary.subFilter ?? '(none)' });
    return report;
  }
  if (!dictionary.contents) {
    return report;
  }

  let signedData: pkijs.SignedData;
  try {
    const contents = dictionary.contents.bytes;
    signedData = parsedCms.find((p) => Buffer.compare(p.der, contents) === 0)?.signedData ?? parseSignedData(contents);
  } catch (error: unknown) {
    note('cmsUnparsable', { detail: errorMessage(error) });
    return report;
  }
  if (signedData.signerInfos.length !== 1) {
    note('signerInfoCount', { count: signedData.signerInfos.length });
    if (signedData.signerInfos.length === 0) {
      return report;
    }
  }
  if (signedData.encapContentInfo.eContent) {
    note('cmsNotDetached');
    return report;
  }
  const signerInfo = signedData.signerInfos[0];
  const certificates = [
    ...(signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate),
    ...extraCertificates,
  ];
  const signerCert = findSignerCertificate(signerInfo, certificates);
  if (signerCert) {
    report.signerName = subjectAttribute(signerCert, OID.commonName);
    report.signerOrganisation = subjectAttribute(signerCert, OID.organisation);
    const classification = classifySigner(signerCert);
    report.signerKind = classification.kind;
    report.signerKindBasis = classification.basis;
  } else {
    note('signerCertificateMissing');
  }
  const signingTime = readSigningTime(signerInfo);
  report.signingTime = signingTime?.toISOString() ?? null;
  report.timeSource = signingTime ? 'claimed' : 'none';

  const digest = DIGESTS[signerInfo.digestAlgorithm.algorithmId];
  if (!digest) {
    note('digestUnsupported', { oid: signerInfo.digestAlgorithm.algorithmId });
    return report;
  }
  report.digestAlgorithm = digest.name;
  if (digest.name === 'SHA-1') {
    note('digestSha1');
  }
  if (signerCert) {
    // Checked even when the ByteRange is broken: it tells the appraiser whether the CMS itself is genuine.
    if (signerInfo.signedAttrs) {
      report.signatureValid = await verifySignerSignature(
        signerInfo.signedAttrs.encodedValue,
        signerInfo,
        signerCert,
        digest.name,
        note,
      );
    }
    const token = signatureTimestampToken(signerInfo);
    let stampedAt: Date | null = null;
    if (token) {
      const stamp = await verifyTimestampToken(token, [signerInfo.signature.valueBlock.valueHexView], anchors, note, {
        checkTrust: true,
      });
      report.timestamp = stamp.info;
      stampedAt = stamp.info.status === 'valid' && stamp.info.time ? new Date(stamp.info.time) : null;
    }
    if (stampedAt) {
      report.timeSource = 'timestamp';
    }
    const at = stampedAt ?? signingTime;
    report.trustedTime = at?.toISOString() ?? null;
    await checkCertificate(report, signerCert, certificates, anchors, at ?? new Date(), revocationOptions);
  }
  if (!report.byteRangeValid || !range) {
    return report;
  }

  const signedBytes = [pdf.subarray(range[0], range[0] + range[1]), pdf.subarray(range[2], range[2] + range[3])];
  if (!signerInfo.signedAttrs) {
    // No signed attributes: the signature is directly over the content, so both checks are one.
    note('noSignedAttributes');
    if (signerCert) {
      report.signatureValid = await verifySignerSignature(
        toArrayBuffer(Buffer.concat(signedBytes)),
        signerInfo,
        signerCert,
        digest.name,
        note,
      );
    }
    report.digestMatches = report.signatureValid;
    return report;
  }
  const known = await signedRangeDigest?.(range, digest.node);
  const rangeDigest = known
    ? Buffer.from(known)
    : signedBytes.reduce((hash, part) => hash.update(part), createHash(digest.node)).digest();
  const attributes = signerInfo.signedAttrs.attributes;
  const messageDigest: unknown = attributes.find((a) => a.type === OID.messageDigest)?.values[0];
  if (!attributes.some((a) => a.type === OID.contentType)) {
    note('contentTypeMissing');
  }
  if (!(messageDigest instanceof asn1js.OctetString)) {
    note('messageDigestMissing');
  } else {
    report.digestMatches = Buffer.from(messageDigest.valueBlock.valueHexView).equals(rangeDigest);
    if (!report.digestMatches) {
      note('digestMismatch');
    }
  }
  return report;
}

async function verifySignerSignature(
  data: ArrayBuffer,
  signerInfo: pkijs.SignerInfo,
  signerCert: pkijs.Certificate,
  digestName: string,
  note: (code: SignatureProblemCode, params?: ProblemParams) => void,
): Promise<boolean> {
  try {
    // Same call as pkijs SignedData.verify: with plain rsaEncryption the hash comes from digestAlgorithm.
    const hash = signerInfo.signatureAlgorithm.algorithmId === OID.rsaEncryption ? digestName : undefined;
    const ok = await cryptoEngine.verifyWithPublicKey(
      data,
      signerInfo.signature,
      signerCert.subjectPublicKeyInfo,
      signerInfo.signatureAlgorithm,
      hash,
    );
    if (!ok) {
      note('signatureNotVerified');
    }
    return ok;
  } catch (error: unknown) {
    note('signatureUncheckable', { detail: errorMessage(error) });
    return false;
  }
}

function readSigningTime(signerInfo: pkijs.SignerInfo): Date | null {
  const value: unknown = signerInfo.signedAttrs?.attributes.find((a) => a.type === OID.signingTime)?.values[0];
  if (value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime) {
    const date = value.toDate();
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
}

async function readBounded(path: string, maxBytes: number): Promise<Buffer> {
  const { size } = await stat(path);
  if (size > maxBytes) {
    throw new RangeError(`PDF of ${size} bytes is over the verifier limit of ${maxBytes}`);
  }
  return readFile(path);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
