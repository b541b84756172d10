import { readFile, stat } from 'node:fs/promises';
import { PdfTooComplexError } from './errors';
import {
  verifyPdfSignatures,
  type PdfSignaturesResult,
  type RevocationOptions,
  type TrustAnchor,
} from './signatures/pdf-signature-verifier';
import { checkPdf, type PdfCheckOptions, type PdfCheckResult } from './structure/pdf-check';

/** Everything the pipeline learns about an accepted file. */
export interface PdfInspection {
  check: PdfCheckResult;
  signatures: PdfSignaturesResult;
}

export interface InspectPdfOptions {
  /** Refuse files larger than this (they should never get here: the quarantine writer enforces it). */
  maxBytes: number;
  /** PEM text or DER bytes of the roots signer certificates are chained to; none → trust "notEvaluated". */
  trustAnchors?: readonly TrustAnchor[];
  /** Intermediate CA certificates (a configured folder): path building only, not trusted by themselves. */
  intermediates?: readonly TrustAnchor[];
  /** CRL checking of signer certificates (offline → revocation 'offline', the verdict at best indeterminate). */
  revocation?: RevocationOptions;
  check?: PdfCheckOptions;
}

/**
 * The untrusted-PDF steps of the evidence pipeline, on one read of the file: the structure check
 * ({@link checkPdf}), then every signature ({@link verifyPdfSignatures}). CPU-bound and fed by hostile input:
 * the api runs it through {@link PdfInspector} (a worker thread with a time and memory limit), never on its
 * event loop. Rejections are {@link EvidenceFileError}s.
 */
export async function inspectPdf(path: string, opts: InspectPdfOptions): Promise<PdfInspection> {
  const { size } = await stat(path);
  if (size > opts.maxBytes) {
    throw new PdfTooComplexError(`the file has ${size} bytes, over the limit of ${opts.maxBytes}`);
  }
  const pdf = await readFile(path);
  const check = await checkPdf(pdf, opts.check);
  const signatures = await verifyPdfSignatures(pdf, {
    trustAnchors: opts.trustAnchors,
    intermediates: opts.intermediates,
    revocation: opts.revocation,
  });
  return { check, signatures };
}
