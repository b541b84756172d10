import { EmptyFileError, EncryptedPdfError, MalformedPdfError, NotAPdfError, TruncatedPdfError } from '../errors';
import { openWithPdfjs, type PdfjsDocument } from './pdfjs';
import { scanRawPdf, type PdfRiskFlag, type RawScanLimits } from './raw-scan';

export type { PdfRiskFlag } from './raw-scan';

export interface PdfCheckOptions {
  /** Inflate budgets of the raw scan. Defaults: 128 MiB per stream, 1 GiB per file. */
  limits?: Partial<RawScanLimits>;
  /**
   * The caller gives the buffer up: pdf.js takes its memory as it is instead of a copy, and it is detached (empty)
   * once the check has started. Only a buffer that is the whole of its memory qualifies; another is copied anyway.
   */
  handOver?: boolean;
}

export interface PdfCheckResult {
  /** From the `%PDF-x.y` header, e.g. "1.7". */
  pdfVersion: string;
  /** Distinct risk flags found in the object graph, sorted. Reported, never a reason to reject. */
  flags: PdfRiskFlag[];
  /** Encrypted without a user password (permissions only); such files open and are accepted. */
  encrypted: boolean;
  /** Pages in the document. */
  pages: number;
}

const TAIL_BYTES = 1024;
const MAX_REASON_CHARS = 160;
export const DEFAULT_RAW_SCAN_LIMITS: RawScanLimits = {
  maxStreamBytes: 128 * 1024 * 1024,
  maxTotalInflatedBytes: 1024 * 1024 * 1024,
};

/**
 * Checks an untrusted upload is a readable PDF (research §2.3 steps 3–4), with nothing but npm code:
 *
 * 1. Cheap checks first: empty → {@link EmptyFileError}; no `%PDF-` at offset 0 → {@link NotAPdfError};
 *    no `%%EOF` in the last 1 KiB → {@link TruncatedPdfError}.
 * 2. {@link scanRawPdf}: risk names (also inside object streams), and every FlateDecode stream inflated
 *    within a budget — corrupt data → {@link MalformedPdfError}, a decompression bomb →
 *    {@link PdfTooComplexError}, before any reader allocates it.
 * 3. pdf.js (Mozilla's reader, built to survive the web's malformed PDFs) opens the document with
 *    `stopAtErrors` and loads every page of the page tree: a file it cannot open →
 *    {@link MalformedPdfError}; one that needs a password → {@link EncryptedPdfError}
 *    (one that only restricts permissions is accepted with `encrypted: true`). Files pdf.js repairs
 *    (a broken cross-reference table) are accepted, as qpdf's exit code 3 ("warnings") was.
 *
 * Content streams are not interpreted (fonts, operators): their decoding was checked in step 2, which is what
 * `qpdf --check` refused files for; interpreting them would only add cost (a 30 KB page of a million text
 * operators takes pdf.js 12 s) and the font parsers' attack surface, for no extra refusal.
 *
 * Pure computation on a buffer: it is meant to run in a worker thread under a time and memory limit
 * ({@link PdfInspector}); it never spawns a process.
 */
export async function checkPdf(pdf: Buffer, opts: PdfCheckOptions = {}): Promise<PdfCheckResult> {
  const pdfVersion = checkMagicBytes(pdf);
  const scan = scanRawPdf(pdf, { ...DEFAULT_RAW_SCAN_LIMITS, ...opts.limits });
  let doc: PdfjsDocument;
  try {
    doc = await openWithPdfjs(pdf, opts.handOver === true);
  } catch (error: unknown) {
    throw fromPdfjsError(error);
  }
  try {
    const encrypted = scan.encryptMentioned || (await doc.getPermissions()) !== null;
    for (let n = 1; n <= doc.numPages; n++) {
      await doc.getPage(n);
    }
    return { pdfVersion, flags: scan.flags, encrypted, pages: doc.numPages };
  } catch (error: unknown) {
    throw fromPdfjsError(error);
  } finally {
    await doc.destroy();
  }
}

/** Returns the header version; throws the typed error for empty, non-PDF and truncated files. */
function checkMagicBytes(pdf: Buffer): string {
  if (pdf.length === 0) {
    throw new EmptyFileError();
  }
  if (!pdf.subarray(0, 5).equals(Buffer.from('%PDF-', 'latin1'))) {
    throw new NotAPdfError();
  }
  if (!pdf.subarray(Math.max(0, pdf.length - TAIL_BYTES)).includes('%%EOF', 0, 'latin1')) {
    throw new TruncatedPdfError();
  }
  return /^%PDF-(\d\.\d)/.exec(pdf.toString('latin1', 0, 16))?.[1] ?? 'unknown';
}

/** pdf.js errors as our typed rejections; anything unexpected from the reader also means "not readable". */
function fromPdfjsError(error: unknown): Error {
  const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
  if (name === 'PasswordException') {
    return new EncryptedPdfError();
  }
  if (error instanceof RangeError && /call stack/i.test(message)) {
    return new MalformedPdfError('objects nested too deeply');
  }
  return new MalformedPdfError(shorten(message.replace(/\.$/, '')) || name);
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_REASON_CHARS ? `${line.slice(0, MAX_REASON_CHARS - 1)}…` : line;
}
