/**
 * RFC 3161 time-stamp tokens: a signature's (the unsigned attribute signatureTimeStampToken, over the
 * signature value) and a document's (/Type /DocTimeStamp, over the ByteRange). A token is believed when its
 * message imprint is the hash of what it stamps, its CMS signature verifies with the TSA certificate it
 * carries, that certificate is for time-stamping (extended key usage timeStamping) and it chains to the
 * configured anchors at the token's own time — the TSA's own chain, not the signer's.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { cryptoEngine } from './crypto-engine';
import { buildTrustPath } from './certificate-checks';
import type { ProblemParams, SignatureProblemCode } from './signature-problems';

export const TIMESTAMP_OID = {
  /** id-aa-signatureTimeStampToken: the unsigned attribute of a SignerInfo. */
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  signedData: '1.2.840.113549.1.7.2',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  extKeyUsage: '2.5.29.37',
  commonName: '2.5.4.3',
} as const;

const IMPRINT_HASHES: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/**
 * A verified token, as the report keeps it. 'valid': every check holds, so its time is trusted; 'untrusted':
 * genuine but the TSA does not chain to the anchors (or none are configured), so its time is not used;
 * 'invalid': the imprint or the token's signature is wrong — the stamped bytes or the token were changed.
 */
export interface TimestampInfo {
  status: 'valid' | 'untrusted' | 'invalid';
  /** genTime, ISO 8601; null when the token could not be read. */
  time: string | null;
  /** The TSA certificate's CN. */
  tsaName: string | null;
}

export interface VerifiedToken {
  info: TimestampInfo;
  /** The TSA certificate and the certificates the token carries (for a document timestamp's own checks). */
  tsaCertificate: pkijs.Certificate | null;
  certificates: pkijs.Certificate[];
  /** 'SHA-256' etc. of the imprint. */
  imprintAlgorithm: string | null;
  imprintMatches: boolean;
  signatureValid: boolean;
}

type Note = (code: SignatureProblemCode, params?: ProblemParams) => void;

/** Verifies `tokenDer` (a ContentInfo) as a timestamp over `stamped`; findings go to `note`. */
export async function verifyTimestampToken(
  tokenDer: Uint8Array,
  stamped: readonly Uint8Array[],
  anchors: readonly pkijs.Certificate[],
  note: Note,
  opts: { checkTrust: boolean },
): Promise<VerifiedToken> {
  const result: VerifiedToken = {
    info: { status: 'invalid', time: null, tsaName: null },
    tsaCertificate: null,
    certificates: [],
    imprintAlgorithm: null,
    imprintMatches: false,
    signatureValid: false,
  };
  let signedData: pkijs.SignedData;
  let tstInfo: pkijs.TSTInfo;
  try {
    // Not ContentInfo.fromBER: a /DocTimeStamp's /Contents is the token followed by zero padding.
    const asn1 = asn1js.fromBER(tokenDer.buffer.slice(tokenDer.byteOffset, tokenDer.byteOffset + tokenDer.byteLength));
    if (asn1.offset === -1) {
      throw new Error(asn1.result.error || 'invalid BER');
    }
    const contentInfo = new pkijs.ContentInfo({ schema: asn1.result });
    if (contentInfo.contentType !== TIMESTAMP_OID.signedData) {
      throw new Error(`content type ${contentInfo.contentType} is not SignedData`);
    }
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
    const eContent = signedData.encapContentInfo.eContent;
    if (signedData.encapContentInfo.eContentType !== TIMESTAMP_OID.tstInfo || !eContent) {
      throw new Error('the token does not hold a TSTInfo');
    }
    tstInfo = pkijs.TSTInfo.fromBER(eContent.getValue());
  } catch (error: unknown) {
    note('timestampUnreadable', { detail: errorMessage(error) });
    return result;
  }
  result.info.time = tstInfo.genTime.toISOString();
  result.certificates = (signedData.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );

  const hash = IMPRINT_HASHES[tstInfo.messageImprint.hashAlgorithm.algorithmId];
  result.imprintAlgorithm = hash ? hash.toUpperCase().replace('SHA', 'SHA-') : null;
  const expected = hash ? stamped.reduce((h, part) => h.update(part), createHash(hash)).digest() : null;
  result.imprintMatches =
    expected !== null && expected.equals(Buffer.from(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView));
  if (!result.imprintMatches) {
    // The token's own signature is beside the point once it stamps other bytes (and pkijs re-checks the imprint).
    note('timestampImprintMismatch');
    return result;
  }

  try {
    // checkChain false: the TSA's chain is built below with our anchors at the token's time. `data` is what
    // was stamped: pkijs compares it with the imprint again before checking the signature.
    const data = Buffer.concat(stamped);
    const verified = await signedData.verify(
      {
        signer: 0,
        checkChain: false,
        extendedMode: true,
        data: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
      },
      cryptoEngine,
    );
    result.signatureValid = verified.signatureVerified === true;
    result.tsaCertificate = verified.signerCertificate ?? null;
  } catch (error: unknown) {
    const signerCertificate: unknown =
      typeof error === 'object' && error !== null && 'signerCertificate' in error ? error.signerCertificate : undefined;
    result.tsaCertificate = signerCertificate instanceof pkijs.Certificate ? signerCertificate : null;
  }
  if (!result.signatureValid) {
    note('timestampNotVerified');
  }
  const tsa = result.tsaCertificate;
  result.info.tsaName = tsa ? commonName(tsa) : null;
  if (!result.signatureValid || !tsa) {
    return result;
  }
  result.info.status = 'untrusted';
  if (!extendedKeyUsages(tsa).includes(TIMESTAMP_OID.timeStamping)) {
    note('timestampUntrusted', { detail: 'the TSA certificate is not for time-stamping' });
    return result;
  }
  if (!opts.checkTrust) {
    return result;
  }
  if (anchors.length === 0) {
    note('timestampUntrusted', { detail: 'no trust anchors are configured' });
    return result;
  }
  const path = await buildTrustPath(tsa, result.certificates, anchors, tstInfo.genTime);
  if (!path.path) {
    note('timestampUntrusted', { detail: path.reason });
    return result;
  }
  result.info.status = 'valid';
  return result;
}

/** The signatureTimeStampToken of a SignerInfo, DER, or null when it carries none. */
export function signatureTimestampToken(signerInfo: pkijs.SignerInfo): Uint8Array | null {
  const attribute = signerInfo.unsignedAttrs?.attributes.find((a) => a.type === TIMESTAMP_OID.signatureTimeStampToken);
  const value: unknown = attribute?.values[0];
  return value instanceof asn1js.BaseBlock ? new Uint8Array(value.toBER()) : null;
}

function extendedKeyUsages(cert: pkijs.Certificate): string[] {
  const parsed: unknown = cert.extensions?.find((e) => e.extnID === TIMESTAMP_OID.extKeyUsage)?.parsedValue;
  return parsed instanceof pkijs.ExtKeyUsage ? parsed.keyPurposes : [];
}

function commonName(cert: pkijs.Certificate): string | null {
  const value: unknown = cert.subject.typesAndValues.find((tv) => tv.type === TIMESTAMP_OID.commonName)?.value;
  if (value && typeof value === 'object' && 'valueBlock' in value) {
    const block = (value as { valueBlock: { value?: unknown } }).valueBlock;
    return typeof block.value === 'string' ? block.value : null;
  }
  return null;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
