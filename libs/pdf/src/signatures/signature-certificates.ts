/**
 * The certificates each signature of a PDF carries in its CMS, as PEM, signer first: what the validation report
 * keeps next to the verdict (TT 15/2025: the certificate is kept with the result). Read from the stored file
 * when asked, so the verdict stored with every document stays small; the file already passed the checks.
 */
import * as pkijs from 'pkijs';
import { findSignerCertificate, parseSignedData } from './signed-data';
import { findSignatureDictionaries } from './signature-dictionary.parser';

/** Per signature in file order (the verifier's `index`), its certificates; empty when the CMS is unreadable. */
export function signatureCertificates(pdf: Buffer): string[][] {
  return findSignatureDictionaries(pdf)
    .sort((x, y) => x.byteRangeOffset - y.byteRangeOffset)
    .map((dictionary) => {
      if (!dictionary.contents) {
        return [];
      }
      try {
        const signedData = parseSignedData(dictionary.contents.bytes);
        const certificates = (signedData.certificates ?? []).filter(
          (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
        );
        const signer = signedData.signerInfos[0]
          ? findSignerCertificate(signedData.signerInfos[0], certificates)
          : undefined;
        return [...(signer ? [signer] : []), ...certificates.filter((c) => c !== signer)].map(toPem);
      } catch {
        return [];
      }
    });
}

function toPem(cert: pkijs.Certificate): string {
  const base64 = Buffer.from(cert.toSchema().toBER(false)).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${base64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}
