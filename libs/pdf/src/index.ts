/**
 * @lib/pdf — everything done to an untrusted evidence PDF, framework-free. In pipeline order (research §2.3):
 * {@link writeToQuarantine} (stream to a server-named file, SHA-256, size limit) → {@link PdfInspector}
 * (in a worker thread with time and memory limits: {@link checkPdf} structure check with pdf.js, then
 * {@link verifyPdfSignatures}) → promote (the api). Rejections are {@link EvidenceFileError} subclasses with a
 * stable code and vi/en messages. Nothing here spawns a process or needs a system binary.
 */
export * from './errors';
export { writeToQuarantine, type QuarantineOptions, type QuarantinedFile } from './quarantine-writer';
export { checkPdf, type PdfCheckOptions, type PdfCheckResult, type PdfRiskFlag } from './structure/pdf-check';
export { findSignatureDictionaries, type ScanStats } from './signatures/signature-dictionary.parser';
export {
  PDF_VERIFIER_VERSION,
  verifyPdfSignatures,
  type CertificateValidity,
  type PublicKeyInfo,
  type RevocationOptions,
  type RevocationSource,
  type RevocationStatus,
  type SignatureStatus,
  type TimeSource,
  type TimestampInfo,
  type PdfSignatureReport,
  type PdfSignaturesResult,
  type PdfSignatureVerdict,
  type SignatureTrust,
  type SignerKind,
  type SignerKindBasis,
  type TrustAnchor,
  type SignedRangeDigest,
  type VerifyPdfSignaturesOptions,
} from './signatures/pdf-signature-verifier';
export type { KnownDigest } from './signatures/byte-range-check';
export {
  SIGNATURE_PROBLEMS,
  signatureProblem,
  type SignatureProblem,
  type SignatureProblemCode,
} from './signatures/signature-problems';
export { signatureCertificates } from './signatures/signature-certificates';
export { classifySigner, POLICY_KINDS, type SignerClassification } from './signatures/signer-kind';
export {
  inspectPdf,
  type InspectionPart,
  type InspectPdfOptions,
  type PartialInspection,
  type PdfInspection,
} from './inspect';
export { PdfInspector, type PdfInspectorOptions } from './pool/pdf-inspector';
