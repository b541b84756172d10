/**
 * One linear pass over the raw bytes of a PDF, before any PDF library sees it:
 *
 * - **Risk names.** `/JavaScript`, `/JS`, `/Launch`, `/EmbeddedFile(s)`, `/OpenAction` (and `/Encrypt`), in
 *   the file's plain bytes and inside compressed object streams (where an attacker hides them), with `#xx`
 *   escapes decoded (`/J#53` is `/JS`). A name counts when a delimiter ends it, so `/JSON` is not `/JS`.
 *   Bytes of other streams are scanned as they are (still compressed), so a rare false positive is possible:
 *   flags are advisory, for the appraiser.
 * - **Every FlateDecode stream is inflated**, as `qpdf --check` decoded every stream: data that does not
 *   inflate makes the file malformed (unless it is encrypted: then the bytes are ciphertext), and the
 *   inflated size is counted against a per-stream and a per-file budget, so a decompression bomb (1 MB that
 *   inflates to 1 GiB) is refused here, before a PDF reader would allocate it. Output is never kept, except
 *   an object stream's (needed for the name scan), and only up to the per-stream budget.
 *
 * Stream data is skipped by the object walk (an object's `stream … endstream` is jumped over), so every byte
 * is looked at a bounded number of times whatever the file holds.
 */
import { inflateSync } from 'node:zlib';
import { MalformedPdfError, PdfTooComplexError } from '../errors';

export type PdfRiskFlag = 'JavaScript' | 'JS' | 'Launch' | 'EmbeddedFile' | 'OpenAction';

export interface RawScanLimits {
  /** Largest inflated size of one stream, in bytes. */
  maxStreamBytes: number;
  /** Largest inflated size of all streams together, in bytes. */
  maxTotalInflatedBytes: number;
}

export interface RawScanResult {
  flags: PdfRiskFlag[];
  /** An `/Encrypt` name was seen (a trailer's encryption dictionary). */
  encryptMentioned: boolean;
  /** FlateDecode streams inflated, and their total inflated size. */
  streams: number;
  inflatedBytes: number;
}

const RISK_NAMES: ReadonlyMap<string, PdfRiskFlag | 'Encrypt'> = new Map([
  ['JavaScript', 'JavaScript'],
  ['JS', 'JS'],
  ['Launch', 'Launch'],
  ['EmbeddedFile', 'EmbeddedFile'],
  ['EmbeddedFiles', 'EmbeddedFile'],
  ['OpenAction', 'OpenAction'],
  ['Encrypt', 'Encrypt'],
]);

const DELIMITER_OR_SPACE = new Uint8Array(256);
for (const c of '\0\t\n\f\r ()<>[]{}/%') {
  DELIMITER_OR_SPACE[c.charCodeAt(0)] = 1;
}
/** Longest name worth decoding: the longest risk name, escaped (`#xx` for every letter). */
const MAX_RISK_NAME = 'EmbeddedFiles'.length * 3;
/**
 * Bytes a risk name can start with, as written: its first letter (J, L, E, O) or `#` (an escaped first letter).
 * Stream data holds a `/` every 256 bytes or so; most of those are ruled out by the byte after it alone.
 */
const RISK_NAME_START = new Uint8Array(256);
for (const c of 'JLEO#') {
  RISK_NAME_START[c.charCodeAt(0)] = 1;
}

export function scanRawPdf(pdf: Buffer, limits: RawScanLimits): RawScanResult {
  const found = new Set<PdfRiskFlag | 'Encrypt'>();
  scanNames(pdf, 0, pdf.length, found);
  const encryptMentioned = found.has('Encrypt');
  let streams = 0;
  let inflatedBytes = 0;
  for (const stream of walkStreams(pdf)) {
    if (!isFlateOnly(stream.dict)) {
      continue;
    }
    const budget = Math.min(limits.maxStreamBytes, limits.maxTotalInflatedBytes - inflatedBytes);
    let inflated: Buffer;
    try {
      inflated = inflateSync(pdf.subarray(stream.dataStart, stream.dataEnd), {
        maxOutputLength: Math.max(1, budget + 1),
        finishFlush: 2 /* Z_SYNC_FLUSH: accept a stream missing its final block, as readers do */,
      });
    } catch (error: unknown) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new PdfTooComplexError(`a compressed stream expands beyond ${formatMiB(budget)}`);
      }
      if (encryptMentioned) {
        continue; // ciphertext: the reader decrypts first; nothing to judge here
      }
      throw new MalformedPdfError(`error decoding stream data for object ${stream.object}`);
    }
    if (inflated.length > budget) {
      throw new PdfTooComplexError(`a compressed stream expands beyond ${formatMiB(budget)}`);
    }
    streams++;
    inflatedBytes += inflated.length;
    if (/\/Type\s*\/ObjStm\b/.test(stream.dict)) {
      scanNames(inflated, 0, inflated.length, found);
    }
  }
  found.delete('Encrypt');
  return { flags: [...(found as Set<PdfRiskFlag>)].sort(), encryptMentioned, streams, inflatedBytes };
}

/** Adds every risk name between `from` and `to` to `found`. */
function scanNames(bytes: Buffer, from: number, to: number, found: Set<PdfRiskFlag | 'Encrypt'>): void {
  for (let at = bytes.indexOf(0x2f /* / */, from); at >= 0 && at < to; at = bytes.indexOf(0x2f, at + 1)) {
    if (!RISK_NAME_START[bytes[at + 1]]) {
      continue;
    }
    let end = at + 1;
    while (end < to && !DELIMITER_OR_SPACE[bytes[end]] && end - at <= MAX_RISK_NAME) {
      end++;
    }
    if (end - at > MAX_RISK_NAME || end === at + 1 || (end < to && !DELIMITER_OR_SPACE[bytes[end]])) {
      continue; // too long to be a risk name (or empty); the next `/` starts the next name
    }
    let name = bytes.toString('latin1', at + 1, end);
    if (name.includes('#')) {
      name = name.replace(/#([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    }
    const flag = RISK_NAMES.get(name);
    if (flag) {
      found.add(flag);
    }
  }
}

interface RawStream {
  object: string;
  dict: string;
  dataStart: number;
  dataEnd: number;
}

/**
 * Every `N G obj << … >> stream … endstream` in file order. Object headers are found with `indexOf`; the
 * dictionary is read with a balanced scan (strings and hex strings skipped); stream data ends at /Length when
 * that is a direct number followed by `endstream`, else at the next `endstream`. The walk resumes after the
 * stream, so stream data is never searched for headers.
 */
function* walkStreams(pdf: Buffer): Generator<RawStream> {
  let cursor = 0;
  for (;;) {
    const obj = pdf.indexOf('obj', cursor, 'latin1');
    if (obj < 0) {
      return;
    }
    cursor = obj + 3;
    const next = pdf[obj + 3];
    if (next !== undefined && !DELIMITER_OR_SPACE[next]) {
      continue;
    }
    const header = /(\d+)[\0\t\n\f\r ]+(\d+)[\0\t\n\f\r ]*$/.exec(pdf.toString('latin1', Math.max(0, obj - 24), obj));
    if (!header) {
      continue;
    }
    let at = skipSpace(pdf, obj + 3);
    if (pdf[at] !== 0x3c || pdf[at + 1] !== 0x3c) {
      continue;
    }
    const dictEnd = endOfDictionary(pdf, at);
    if (dictEnd < 0) {
      return; // unbalanced to the end of the file: nothing more to walk
    }
    cursor = dictEnd;
    at = skipSpace(pdf, dictEnd);
    if (pdf.toString('latin1', at, at + 6) !== 'stream') {
      continue;
    }
    let dataStart = at + 6;
    if (pdf[dataStart] === 0x0d) {
      dataStart++;
    }
    if (pdf[dataStart] === 0x0a) {
      dataStart++;
    }
    const dict = pdf.toString('latin1', obj + 3, Math.min(dictEnd, obj + 3 + 4096));
    const length = /\/Length\s+(\d{1,10})(?!\s+\d+\s+R)/.exec(dict);
    let dataEnd = -1;
    if (length) {
      const end = dataStart + Number(length[1]);
      if (end <= pdf.length && /^\s*endstream/.test(pdf.toString('latin1', end, end + 12))) {
        dataEnd = end;
      }
    }
    if (dataEnd < 0) {
      dataEnd = pdf.indexOf('endstream', dataStart, 'latin1');
      if (dataEnd < 0) {
        dataEnd = pdf.length;
      }
    }
    cursor = dataEnd;
    yield { object: `${header[1]} ${header[2]}`, dict, dataStart, dataEnd };
  }
}

/** Offset just after the `>>` that closes the dictionary opening at `start`, or -1. */
function endOfDictionary(pdf: Buffer, start: number): number {
  let depth = 0;
  for (let i = start; i < pdf.length; i++) {
    const byte = pdf[i];
    if (byte === 0x3c /* < */) {
      if (pdf[i + 1] === 0x3c) {
        depth++;
        i++;
      } else {
        const end = pdf.indexOf(0x3e, i + 1); // hex string
        if (end < 0) {
          return -1;
        }
        i = end;
      }
    } else if (byte === 0x3e /* > */ && pdf[i + 1] === 0x3e) {
      depth--;
      i++;
      if (depth === 0) {
        return i + 1;
      }
    } else if (byte === 0x28 /* ( */) {
      i = endOfLiteralString(pdf, i);
      if (i < 0) {
        return -1;
      }
    } else if (byte === 0x73 /* s */ && pdf.toString('latin1', i, i + 6) === 'stream' && depth > 0) {
      return -1; // a stream keyword inside an open dictionary: broken, stop here
    }
  }
  return -1;
}

function endOfLiteralString(pdf: Buffer, start: number): number {
  let depth = 0;
  for (let i = start; i < pdf.length; i++) {
    const byte = pdf[i];
    if (byte === 0x5c /* \ */) {
      i++;
    } else if (byte === 0x28) {
      depth++;
    } else if (byte === 0x29 && --depth === 0) {
      return i;
    }
  }
  return -1;
}

function skipSpace(pdf: Buffer, at: number): number {
  while (
    at < pdf.length &&
    (pdf[at] === 0x20 ||
      pdf[at] === 0x0a ||
      pdf[at] === 0x0d ||
      pdf[at] === 0x09 ||
      pdf[at] === 0x0c ||
      pdf[at] === 0x00)
  ) {
    at++;
  }
  return at;
}

/** The dictionary's only filter is FlateDecode (`/Filter /FlateDecode` or `/Filter [/FlateDecode]`). */
function isFlateOnly(dict: string): boolean {
  return /\/Filter\s*(?:\[\s*\/FlateDecode\s*\]|\/FlateDecode)/.test(dict);
}

function formatMiB(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}
