import { open } from 'node:fs/promises';
import { PdfTooComplexError } from './errors';
import {
  verifyPdfSignatures,
  type PdfSignaturesResult,
  type RevocationOptions,
  type SignedRangeDigest,
  type TrustAnchor,
} from './signatures/pdf-signature-verifier';
import { withKnownDigests, type KnownDigest } from './signatures/byte-range-check';
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
  /** A digest of a signed range the caller already has (see {@link VerifyPdfSignaturesOptions.signedRangeDigest}). */
  signedRangeDigest?: SignedRangeDigest;
  /** Digests of signed ranges known before the check starts: taken without asking `signedRangeDigest`. */
  knownDigests?: readonly KnownDigest[];
}

/** The two halves of an inspection; a worker thread can run either alone (see {@link PdfInspector}). */
export type InspectionPart = 'structure' | 'signatures';

/** What the parts asked for computed: `check` for 'structure', `signatures` for 'signatures'. */
export type PartialInspection = Partial<PdfInspection>;

/**
 * The untrusted-PDF steps of the evidence pipeline, on one read of the file: the structure check
 * ({@link checkPdf}), then every signature ({@link verifyPdfSignatures}) — or one of them, which is how
 * {@link PdfInspector} runs a large file's two parts in two threads at once. CPU-bound and fed by hostile input:
 * the api runs it through {@link PdfInspector} (a worker thread with a time and memory limit), never on its
 * event loop. Rejections are {@link EvidenceFileError}s.
 */
export async function inspectPdf(
  path: string,
  opts: InspectPdfOptions,
  parts: readonly InspectionPart[] = ['structure', 'signatures'],
): Promise<PartialInspection> {
  const scratch = takeScratch();
  try {
    const pdf = await readWhole(path, opts.maxBytes, scratch);
    const out: PartialInspection = {};
    if (parts.includes('structure')) {
      out.check = await checkPdf(pdf, opts.check);
    }
    if (parts.includes('signatures')) {
      out.signatures = await verifyPdfSignatures(pdf, {
        trustAnchors: opts.trustAnchors,
        intermediates: opts.intermediates,
        revocation: opts.revocation,
        signedRangeDigest: withKnownDigests(opts.knownDigests, opts.signedRangeDigest),
      });
    }
    return out;
  } finally {
    releaseScratch(scratch);
  }
}

/**
 * The buffer a file is read into, kept for the next file (one per thread; a second check running at the same time
 * gets one of its own). Why: every file read into a fresh 10 MB buffer is 10 MB of new external memory, and V8
 * answers external memory growth with a full mark-compact of the thread's heap (~90 MB with pdf.js and pkijs
 * loaded): 30–100 ms of marking after nearly every upload, more than the checks themselves (about 25 ms for a
 * 10 MB file). Reusing the buffer leaves pdf.js's own copy as the only new allocation per file. It grows to the
 * largest file seen (at most the upload limit) and is freed with its thread (idle threads end after a minute).
 */
interface Scratch {
  buffer: Buffer;
}

let idleScratch: Scratch | undefined;

function takeScratch(): Scratch {
  const taken = idleScratch ?? { buffer: Buffer.alloc(0) };
  idleScratch = undefined;
  return taken;
}

function releaseScratch(scratch: Scratch): void {
  idleScratch = scratch;
}

/**
 * The file's bytes, read with one call for its whole size (readFile reads 512 KiB at a time: twenty trips
 * through the thread pool for a 10 MB file) into `scratch` when it is large enough, else into a new buffer — the
 * size taken from the open file, so it cannot change in between. The answer is a view of exactly the bytes read.
 */
async function readWhole(path: string, maxBytes: number, scratch: Scratch): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size > maxBytes) {
      throw new PdfTooComplexError(`the file has ${size} bytes, over the limit of ${maxBytes}`);
    }
    if (scratch.buffer.length < size) {
      scratch.buffer = Buffer.allocUnsafeSlow(size);
    }
    // Bytes past `size` are an earlier file's: the view ends at this file's last byte read.
    const pdf = scratch.buffer.subarray(0, size);
    let read = 0;
    while (read < size) {
      const { bytesRead } = await file.read(pdf, read, size - read, read);
      if (bytesRead === 0) {
        return pdf.subarray(0, read); // shorter than it said: what is there is what gets checked
      }
      read += bytesRead;
    }
    return pdf;
  } finally {
    await file.close();
  }
}
