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

export function parseSignedData(der: Buffer): pkijs.SignedData {
  const asn1 = asn1js.fromBER(toArrayBuffer(der));
  if (asn1.offset === -1) {
    throw new Error(asn1.result.error || 'invalid BER');
  }
  const contentInfo = new pkijs.ContentInfo({ schema: asn1.result });
  if (contentInfo.contentType !== SIGNED_DATA) {
    throw new Error(`content type ${contentInfo.contentType} is not SignedData`);
  }
  return new pkijs.SignedData({ schema: contentInfo.content });
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
