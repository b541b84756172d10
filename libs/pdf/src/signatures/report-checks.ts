/**
 * The checks a report gets about the certificate that signed it (a signer's, or a TSA's for a document
 * timestamp), and the one way findings are recorded.
 */
import type * as pkijs from 'pkijs';
import {
  buildTrustPath,
  certificateValidityAt,
  checkRevocation,
  publicKeyInfo,
  type RevocationOptions,
} from './certificate-checks';
import { signatureProblem, type ProblemParams, type SignatureProblemCode } from './signature-problems';
import type { PdfSignatureReport } from './pdf-signature-verifier';

/** Validity at `at`, key strength, trust path, and (on a trusted path) revocation, into `report`. */
export async function checkCertificate(
  report: PdfSignatureReport,
  signerCert: pkijs.Certificate,
  certificates: readonly pkijs.Certificate[],
  anchors: readonly pkijs.Certificate[],
  at: Date,
  revocationOptions: RevocationOptions,
): Promise<void> {
  report.certificateValidity = certificateValidityAt(signerCert, at);
  if (report.certificateValidity !== 'valid') {
    addProblem(report, report.certificateValidity === 'expired' ? 'certificateExpired' : 'certificateNotYetValid', {
      at: at.toISOString(),
    });
  }
  report.publicKey = publicKeyInfo(signerCert);
  if (!report.publicKey.strong) {
    addProblem(report, 'weakKey', { algorithm: report.publicKey.algorithm, bits: report.publicKey.bits ?? '?' });
  }
  if (anchors.length === 0) {
    addProblem(report, 'noTrustAnchors');
    return;
  }
  const trustPath = await buildTrustPath(signerCert, certificates, anchors, at);
  if (!trustPath.path) {
    report.trust = 'untrusted';
    addProblem(report, 'chainNotTrusted', { detail: trustPath.reason });
    return;
  }
  report.trust = 'trusted';
  const issuer = trustPath.path.find((c) => c !== signerCert && c.subject.isEqual(signerCert.issuer));
  const revocation = issuer
    ? await checkRevocation(signerCert, issuer, at, revocationOptions, (code, params) =>
        addProblem(report, code, params),
      )
    : { status: 'unknown' as const, source: null };
  report.revocation = revocation.status;
  report.revocationSource = revocation.source;
}

/** Records one finding in both forms: the English line and the coded, Vietnamese-texted finding. */
export function addProblem(report: PdfSignatureReport, code: SignatureProblemCode, params?: ProblemParams): void {
  const problem = signatureProblem(code, params);
  report.problems.push(problem.en);
  report.findings.push(problem);
}

export function subjectAttribute(cert: pkijs.Certificate, oid: string): string | null {
  const value: unknown = cert.subject.typesAndValues.find((tv) => tv.type === oid)?.value;
  if (value && typeof value === 'object' && 'valueBlock' in value) {
    const block = (value as { valueBlock: { value?: unknown } }).valueBlock;
    return typeof block.value === 'string' ? block.value : null;
  }
  return null;
}
