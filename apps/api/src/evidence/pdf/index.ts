/**
 * The evidence file pipeline, in the order the API must call it (research §2.3):
 * {@link writeToQuarantine} → {@link checkPdf} → (antivirus, elsewhere) → {@link verifyPdfSignatures} → promote.
 * Framework-free; errors are {@link EvidenceFileError} subclasses with a code and vi/en messages.
 */
export * from './evidence-file.errors';
export { writeToQuarantine, type QuarantineOptions, type QuarantinedFile } from './quarantine-writer';
export { checkPdf, type PdfCheckOptions, type PdfCheckResult, type PdfRiskFlag } from './pdf-check';
export {
  verifyPdfSignatures,
  type PdfSignatureReport,
  type PdfSignaturesResult,
  type PdfSignatureVerdict,
  type SignatureTrust,
  type TrustAnchor,
  type VerifyPdfSignaturesOptions,
} from './pdf-signature-verifier';
