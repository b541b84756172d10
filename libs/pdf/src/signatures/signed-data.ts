/**
 * The CMS SignedData of a signature's /Contents, parsed with pkijs, and the signer's certificate among those it
 * carries. Kept apart from the verifier so a caller can parse a blob ahead of it (inspect.ts, while the file is read).
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const SIGNED_DATA = '1.2.840.113549.1.7.2';

/** A /Contents value and its parse. */
export interface ParsedCms {
  der: Uint8Array;
  signedData: pkijs.SignedData;
}

/**
 * The SignedData of a /Contents value. Its certificates are taken from {@link certificateOf}'s cache when the same
 * bytes were parsed before: pkijs spends half of a signature's parsing on them (2.5 of 5 ms, warm), and they repeat
 * — every file of a province carries its CA's certificate, and an officer signs many files with one certificate.
 */
export function parseSignedData(der: Buffer): pkijs.SignedData {
  const asn1 = asn1js.fromBER(toArrayBuffer(der));
  if (asn1.offset === -1) {
    throw new Error(asn1.result.error || 'invalid BER');
  }
  const contentInfo = new pkijs.ContentInfo({ schema: asn1.result });
  if (contentInfo.contentType !== SIGNED_DATA) {
    throw new Error(`content type ${contentInfo.contentType} is not SignedData`);
  }
  const content: unknown = contentInfo.content;
  const certificates = content instanceof asn1js.Sequence ? takeCertificates(content) : null;
  const signedData = new pkijs.SignedData({ schema: content });
  if (certificates) {
    signedData.certificates = certificates.map(certificateOf);
  }
  return signedData;
}

/**
 * The certificates field ([0] IMPLICIT CertificateSet) of a SignedData SEQUENCE, removed from it, when every element
 * is a plain X.509 certificate (a universal SEQUENCE; the other CertificateChoices are left to pkijs); else null and
 * the SEQUENCE untouched. The field is OPTIONAL in the schema, so pkijs parses the rest as before.
 */
function takeCertificates(signedData: asn1js.Sequence): asn1js.Sequence[] | null {
  const fields = signedData.valueBlock.value;
  const at = fields.findIndex((f) => f.idBlock.tagClass === 3 && f.idBlock.tagNumber === 0);
  const set = fields[at];
  if (!(set instanceof asn1js.Constructed)) {
    return null;
  }
  const elements = set.valueBlock.value;
  if (!elements.every((e): e is asn1js.Sequence => e instanceof asn1js.Sequence)) {
    return null;
  }
  fields.splice(at, 1);
  return elements;
}

/** Parsed certificates by their DER bytes (as a latin1 string), most recently used last; a few hundred KB at most. */
const certificateCache = new Map<string, pkijs.Certificate>();
const CERTIFICATE_CACHE_SIZE = 128;

/**
 * A certificate parsed from `node` as pkijs's CertificateSet would, or the one parsed before from the same bytes
 * (certificates are read, never changed, by the checks). Bytes that do not parse throw, as they did inside pkijs.
 */
function certificateOf(node: asn1js.Sequence): pkijs.Certificate {
  const key = Buffer.from(node.valueBeforeDecodeView).toString('latin1');
  const cached = certificateCache.get(key);
  if (cached) {
    certificateCache.delete(key);
    certificateCache.set(key, cached);
    return cached;
  }
  const certificate = new pkijs.Certificate({ schema: node });
  certificateCache.set(key, certificate);
  if (certificateCache.size > CERTIFICATE_CACHE_SIZE) {
    certificateCache.delete(certificateCache.keys().next().value!);
  }
  return certificate;
}

export function findSignerCertificate(
  signerInfo: pkijs.SignerInfo,
  certificates: readonly pkijs.Certificate[],
): pkijs.Certificate | undefined {
  const sid: unknown = signerInfo.sid;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return certificates.find((cert) => cert.issuer.isEqual(sid.issuer) && cert.serialNumber.isEqual(sid.serialNumber));
  }
  // subjectKeyIdentifier [0]: compare with the SHA-1 of each certificate's public key, as pkijs does.
  const keyIdBlock = sid as asn1js.Constructed & asn1js.OctetString;
  const keyId = Buffer.from(
    keyIdBlock.idBlock.isConstructed
      ? (keyIdBlock.valueBlock.value[0] as asn1js.OctetString).valueBlock.valueHexView
      : keyIdBlock.valueBlock.valueHexView,
  );
  for (const cert of certificates) {
    const hash = createHash('sha1').update(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest();
    if (hash.equals(keyId)) {
      return cert;
    }
  }
  return undefined;
}

/** The bytes as an ArrayBuffer of their own (asn1js and WebCrypto read whole ArrayBuffers). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
