import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { runBounded, type BoundedRunResult } from './bounded-child-process';
import {
  EmptyFileError,
  EncryptedPdfError,
  MalformedPdfError,
  NotAPdfError,
  PdfCheckTimeoutError,
  TruncatedPdfError,
} from './evidence-file.errors';

/** Active or embedded content worth showing to the appraiser. Reported, never a reason to reject. */
export type PdfRiskFlag = 'JavaScript' | 'JS' | 'Launch' | 'EmbeddedFile' | 'OpenAction';

export interface PdfCheckOptions {
  /** Wall-clock budget for the whole structural check (both qpdf runs), in ms. */
  timeoutMs: number;
  /** Address-space cap for qpdf, in bytes (via `prlimit --as`). Default 1 GiB. */
  memoryLimitBytes?: number;
  /** qpdf executable. Default `qpdf` on PATH (Debian package `qpdf`). */
  qpdfPath?: string;
}

export interface PdfCheckResult {
  /** From the `%PDF-x.y` header, e.g. "1.7". */
  pdfVersion: string;
  /** Distinct risk flags found in the object graph, sorted. */
  flags: PdfRiskFlag[];
  /** Encrypted without a user password (permissions only); such files open and are accepted. */
  encrypted: boolean;
  /** qpdf repaired something (exit code 3); short messages, file path removed. */
  warnings: string[];
}

const TAIL_BYTES = 1024;
const DEFAULT_MEMORY_LIMIT = 1024 * 1024 * 1024;
const MAX_REASON_CHARS = 160;

/**
 * Checks a quarantined upload is a PDF (research §2.3 steps 3–4). Cheap checks run first, in this order:
 * empty → {@link EmptyFileError}; no `%PDF-` at offset 0 → {@link NotAPdfError}; no `%%EOF` in the last
 * 1 KiB → {@link TruncatedPdfError}. Then the structure is parsed out of process.
 *
 * Why qpdf and not pdf-lib in a forked Node child: `qpdf --check` is a strict C++ parser built for exactly
 * this (it also decodes every stream), it reports errors instead of silently skipping bad objects the way
 * pdf-lib's lenient parser does, it starts in milliseconds instead of a ~40 MB Node process per upload, and
 * as a plain OS process it can be SIGKILLed and capped with `prlimit` without touching the API's heap. A
 * second qpdf run rewrites the file with object streams expanded so that the risk-flag scan also sees
 * dictionaries hidden in compressed object streams, and sees names in qpdf's normalised spelling
 * (`/J#53` → `/JS`). Both runs share `timeoutMs`; on timeout the child is killed and reaped, and
 * {@link PdfCheckTimeoutError} (a {@link MalformedPdfError}) is thrown.
 *
 * Encryption policy: a PDF that needs a user password is rejected ({@link EncryptedPdfError}); one that
 * only restricts permissions is accepted with `encrypted: true`.
 */
export async function checkPdf(path: string, opts: PdfCheckOptions): Promise<PdfCheckResult> {
  const pdfVersion = await checkMagicBytes(path);
  const deadline = Date.now() + opts.timeoutMs;
  const qpdf = opts.qpdfPath ?? 'qpdf';
  const memoryLimitBytes = opts.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT;

  const check = await runBounded(qpdf, ['--check', path], { deadline, memoryLimitBytes });
  const warnings = interpretCheck(check, path, opts.timeoutMs);

  const scanner = new RiskFlagScanner();
  const rewrite = await runBounded(
    qpdf,
    ['--object-streams=disable', '--stream-data=preserve', '--no-warn', path, '-'],
    {
      deadline,
      memoryLimitBytes,
      onStdout: (chunk) => scanner.push(chunk),
    },
  );
  if (rewrite.timedOut) {
    throw new PdfCheckTimeoutError(opts.timeoutMs);
  }
  if (rewrite.exitCode !== 0 && rewrite.exitCode !== 3) {
    throw new MalformedPdfError(shortReason(rewrite, path));
  }
  const { flags, encrypted } = scanner.finish();
  return { pdfVersion, flags, encrypted, warnings };
}

/** Returns the header version; throws the typed error for empty, non-PDF and truncated files. */
async function checkMagicBytes(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size === 0) {
      throw new EmptyFileError();
    }
    const head = Buffer.alloc(Math.min(size, 16));
    await file.read(head, 0, head.length, 0);
    const header = /^%PDF-(\d\.\d)/.exec(head.toString('latin1'));
    if (!head.subarray(0, 5).equals(Buffer.from('%PDF-', 'latin1'))) {
      throw new NotAPdfError();
    }
    const tailLength = Math.min(size, TAIL_BYTES);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, size - tailLength);
    if (!tail.includes('%%EOF', 0, 'latin1')) {
      throw new TruncatedPdfError();
    }
    return header?.[1] ?? 'unknown';
  } finally {
    await file.close();
  }
}

/** qpdf exit codes: 0 clean, 3 warnings (file repaired, still readable), 2 errors. */
function interpretCheck(result: BoundedRunResult, path: string, timeoutMs: number): string[] {
  if (result.timedOut) {
    throw new PdfCheckTimeoutError(timeoutMs);
  }
  const output = `${result.stdout}\n${result.stderr}`;
  if (/invalid password/i.test(output)) {
    throw new EncryptedPdfError();
  }
  if (result.exitCode === 0) {
    return [];
  }
  if (result.exitCode === 3) {
    return output
      .split('\n')
      .filter((line) => /^WARNING:/.test(line))
      .map((line) => sanitise(line, path));
  }
  throw new MalformedPdfError(shortReason(result, path));
}

function shortReason(result: BoundedRunResult, path: string): string {
  if (result.signal !== null) {
    return `parser killed by ${result.signal}`;
  }
  // qpdf prints warnings first and the fatal error last ("qpdf: <file>: unable to find trailer …").
  const lines = `${result.stdout}\n${result.stderr}`
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const line =
    [...lines].reverse().find((l) => !/^WARNING:/.test(l) && !/^checking /.test(l)) ?? lines.at(-1) ?? 'unknown error';
  return sanitise(line, path);
}

/** Removes the server path (and qpdf's "WARNING:" prefix) so messages can be shown to users and logged safely. */
function sanitise(line: string, path: string): string {
  const cleaned = line
    .split(path)
    .join('file')
    .split(basename(path))
    .join('file')
    .replace(/^(WARNING|qpdf):\s*/i, '')
    .replace(/^file(\s*\([^)]*\))?:\s*/, '')
    .trim();
  return cleaned.length > MAX_REASON_CHARS ? `${cleaned.slice(0, MAX_REASON_CHARS - 1)}…` : cleaned;
}

/**
 * Finds risk names in qpdf's rewritten output, chunk by chunk (constant memory). A name counts when the
 * next byte ends it (PDF delimiter, white space or end of input), so `/JSON` is not `/JS`. `/EmbeddedFiles`
 * (the name tree) and `/EmbeddedFile` (the stream type) both count as `EmbeddedFile`. Bytes inside
 * (still compressed) streams are scanned too, so a rare false positive is possible; flags are advisory.
 */
class RiskFlagScanner {
  private static readonly NAME = /\/(JavaScript|JS|Launch|EmbeddedFiles?|OpenAction|Encrypt)(?=[\s/()<>[\]{}%]|$)/g;
  private static readonly CARRY = 16;
  private readonly found = new Set<string>();
  private carry = '';

  push(chunk: Buffer): void {
    const text = this.carry + chunk.toString('latin1');
    // A match ending exactly at the end of this chunk is not trusted yet (its terminator is unknown);
    // it is seen again with the next chunk thanks to the carry, or by finish().
    this.scan(text, text.length);
    this.carry = text.slice(-RiskFlagScanner.CARRY);
  }

  finish(): { flags: PdfRiskFlag[]; encrypted: boolean } {
    this.scan(this.carry, Number.POSITIVE_INFINITY);
    const encrypted = this.found.delete('Encrypt');
    const flags = [...this.found].map((name) => (name === 'EmbeddedFiles' ? 'EmbeddedFile' : name)) as PdfRiskFlag[];
    return { flags: [...new Set(flags)].sort(), encrypted };
  }

  private scan(text: string, ignoreMatchesEndingAt: number): void {
    for (const match of text.matchAll(RiskFlagScanner.NAME)) {
      if (match.index + match[0].length !== ignoreMatchesEndingAt) {
        this.found.add(match[1]);
      }
    }
  }
}
