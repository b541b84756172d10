import type * as pkijs from 'pkijs';
import type { RevocationOptions } from './certificate-checks';
import type { PdfSignatureReport } from './pdf-signature-verifier';
import { addProblem, checkCertificate, subjectAttribute } from './report-checks';
import type { SignatureDictionary } from './signature-dictionary.parser';
import type { ProblemParams, SignatureProblemCode } from './signature-problems';
import { verifyTimestampToken } from './timestamp-token';

const OID = { commonName: '2.5.4.3', organisation: '2.5.4.10' } as const;

/**
 * A /DocTimeStamp (ETSI EN 319 142, SubFilter ETSI.RFC3161): /Contents is an RFC 3161 token whose imprint is
 * the hash of the ByteRange. Reported like a signature whose signer is the time-stamping authority: the TSA
 * certificate gets the same checks as a signer's (validity at the token's time, key, trust path, revocation).
 */
export async function verifyDocumentTimestamp(
  pdf: Buffer,
  dictionary: SignatureDictionary,
  report: PdfSignatureReport,
  anchors: readonly pkijs.Certificate[],
  revocationOptions: RevocationOptions,
  extraCertificates: readonly pkijs.Certificate[],
): Promise<PdfSignatureReport> {
  const note = (code: SignatureProblemCode, params?: ProblemParams): void => addProblem(report, code, params);
  report.documentTimestamp = true;
  if (dictionary.subFilter !== 'ETSI.RFC3161') {
    note('subFilterUnsupported', { subFilter: dictionary.subFilter ?? '(none)' });
    return report;
  }
  const range = dictionary.byteRange;
  if (!dictionary.contents || !range || !report.byteRangeValid) {
    return report;
  }
  const stamped = [pdf.subarray(range[0], range[0] + range[1]), pdf.subarray(range[2], range[2] + range[3])];
  const stamp = await verifyTimestampToken(dictionary.contents.bytes, stamped, anchors, note, { checkTrust: false });
  report.timestamp = stamp.info;
  report.digestAlgorithm = stamp.imprintAlgorithm;
  report.digestMatches = stamp.imprintMatches;
  report.signatureValid = stamp.signatureValid;
  report.signingTime = stamp.info.time;
  report.trustedTime = stamp.info.time;
  report.timeSource = stamp.info.time ? 'timestamp' : 'none';
  const tsa = stamp.tsaCertificate;
  if (!tsa || !stamp.info.time) {
    return report;
  }
  report.signerName = subjectAttribute(tsa, OID.commonName);
  report.signerOrganisation = subjectAttribute(tsa, OID.organisation);
  const certificates = [...stamp.certificates, ...extraCertificates];
  await checkCertificate(report, tsa, certificates, anchors, new Date(stamp.info.time), revocationOptions);
  if (stamp.info.status === 'untrusted') {
    // The token itself holds (imprint, signature, EKU): its trust is the TSA's path, checked just above.
    stamp.info.status = report.trust === 'trusted' ? 'valid' : 'untrusted';
  }
  return report;
}
