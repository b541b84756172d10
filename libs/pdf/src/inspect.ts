import { open, type FileHandle } from 'node:fs/promises';
import { PdfTooComplexError } from './errors';
import {
  verifyPdfSignatures,
  type PdfSignaturesResult,
  type RevocationOptions,
  type SignedRangeDigest,
  type TrustAnchor,
} from './signatures/pdf-signature-verifier';
import { withKnownDigests, type KnownDigest } from './signatures/byte-range-check';
import { hexStringBytes } from './signatures/signature-dictionary.parser';
import { parseSignedData, type ParsedCms } from './signatures/signed-data';
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

/** Both parts, in the order one thread runs them. */
export const ALL_PARTS: readonly InspectionPart[] = ['structure', 'signatures'];

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
  parts: readonly InspectionPart[] = ALL_PARTS,
): Promise<PartialInspection> {
  const structure = parts.includes('structure');
  const signatures = parts.includes('signatures');
  // Structure alone (the other part runs in another thread): nothing reads the bytes after pdf.js, so they are read
  // into a buffer of their own that pdf.js takes as it is, instead of copying a 10 MB scratch buffer.
  const scratch = signatures ? takeScratch() : undefined;
  try {
    const { pdf, parsedCms } = await readWhole(
      path,
      opts.maxBytes,
      (size) => (scratch ? fit(scratch, size) : Buffer.allocUnsafeSlow(size)),
      signatures ? (file, size) => parseKnownContents(file, size, opts.knownDigests ?? []) : undefined,
    );
    const out: PartialInspection = {};
    if (structure) {
      out.check = await checkPdf(pdf, { ...opts.check, handOver: !signatures });
    }
    if (signatures) {
      out.signatures = await verifyPdfSignatures(pdf, {
        trustAnchors: opts.trustAnchors,
        intermediates: opts.intermediates,
        revocation: opts.revocation,
        signedRangeDigest: withKnownDigests(opts.knownDigests, opts.signedRangeDigest),
        parsedCms,
      });
    }
    return out;
  } finally {
    if (scratch) {
      releaseScratch(scratch);
    }
  }
}

/** Largest /Contents read ahead of the file (a real one is 8–64 KB of hex; a hostile one is parsed in order). */
const MAX_EARLY_CONTENTS = 1024 * 1024;

/**
 * The signatures whose ByteRange the upload already knows (QuarantinedFile.knownDigests: the last signature's) have
 * their /Contents — the gap [b, c) of the range — read first, and parsed while the rest of the file is read (the
 * copy runs in libuv's thread pool, the CMS parsing here: 5–10 ms each, about what reading 10 MB takes). A gap
 * that is not one hex string, or does not parse, is left to the verifier, which reads every dictionary itself and
 * takes a parse only for /Contents bytes equal to those parsed here.
 */
async function parseKnownContents(
  file: FileHandle,
  size: number,
  known: readonly KnownDigest[],
): Promise<() => ParsedCms[]> {
  const ders: Buffer[] = [];
  for (const [a, b, c] of known.map((k) => k.byteRange)) {
    if (a !== 0 || b <= 0 || c <= b + 1 || c > size || c - b > MAX_EARLY_CONTENTS) {
      continue;
    }
    const gap = Buffer.allocUnsafe(c - b);
    const { bytesRead } = await file.read(gap, 0, gap.length, b);
    const text = gap.toString('latin1', 0, bytesRead);
    const der = text.startsWith('<') && text.endsWith('>') ? hexStringBytes(text.slice(1, -1)) : null;
    if (der && der.length > 0) {
      ders.push(der);
    }
  }
  return () =>
    ders.flatMap((der) => {
      try {
        return [{ der, signedData: parseSignedData(der) }];
      } catch {
        return []; // the verifier parses it again and reports why it does not parse
      }
    });
}

/**
 * The buffer a file is read into, kept for the next file (one per thread; a second check running at the same time
 * gets one of its own). Why: every file read into a fresh 10 MB buffer is 10 MB of new external memory, and V8
 * answers external memory growth with a full mark-compact of the thread's heap (~90 MB with pdf.js and pkijs
 * loaded): 30–100 ms of marking after nearly every upload, more than the checks themselves (about 25 ms for a
 * 10 MB file). Reusing the buffer leaves pdf.js's own copy as the only new allocation per file (or, when the
 * structure is checked alone, the buffer pdf.js takes). It grows to the
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

/** `scratch`'s buffer, grown to hold `size` bytes, as a view of exactly `size` bytes (the rest is an earlier file's). */
function fit(scratch: Scratch, size: number): Buffer {
  if (scratch.buffer.length < size) {
    scratch.buffer = Buffer.allocUnsafeSlow(size);
  }
  return scratch.buffer.subarray(0, size);
}

/**
 * The file's bytes, read with one call for its whole size (readFile reads 512 KiB at a time: twenty trips through
 * the thread pool for a 10 MB file) into `into(size)` — the size taken from the open file, so it cannot change in
 * between; the answer is a view of exactly the bytes read. `meanwhile` may read a few bytes first, and answers work
 * that runs on this thread while the thread pool copies the file.
 */
async function readWhole(
  path: string,
  maxBytes: number,
  into: (size: number) => Buffer,
  meanwhile?: (file: FileHandle, size: number) => Promise<() => ParsedCms[]>,
): Promise<{ pdf: Buffer; parsedCms: ParsedCms[] }> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size > maxBytes) {
      throw new PdfTooComplexError(`the file has ${size} bytes, over the limit of ${maxBytes}`);
    }
    const pdf = into(size);
    const work = meanwhile ? await meanwhile(file, size) : () => [];
    const first = file.read(pdf, 0, size, 0); // in flight in the thread pool while `work` runs
    let parsedCms: ParsedCms[];
    try {
      parsedCms = work();
    } catch (error: unknown) {
      await first.catch(() => undefined); // the file is closed only once nothing reads it
      throw error;
    }
    let read = (await first).bytesRead;
    while (read < size) {
      const { bytesRead } = await file.read(pdf, read, size - read, read);
      if (bytesRead === 0) {
        return { pdf: pdf.subarray(0, read), parsedCms }; // shorter than it said: what is there is what gets checked
      }
      read += bytesRead;
    }
    return { pdf, parsedCms };
  } finally {
    await file.close();
  }
}
