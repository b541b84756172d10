/**
 * Finds signature dictionaries in the raw bytes of a PDF and reads their /ByteRange and /Contents with a
 * small PDF object lexer, instead of one regular expression over the whole file.
 *
 * How: every `/ByteRange` name token in the file is a candidate. For a candidate, the enclosing indirect
 * object (`N G obj`) is located and parsed once as a PDF object; every dictionary in it that really has a
 * /ByteRange key (not text inside a string or a stream) is reported. The dictionary's /Contents must be a hex
 * string; its exact byte offsets are recorded so the verifier can check that the gap in the ByteRange is
 * exactly that string.
 *
 * Cost is linear in the file size, whatever the file holds: each object is parsed at most once (candidates
 * inside an object already parsed, or inside its stream data, are skipped), the backward search for an
 * object header never goes below the end of the previous object or candidate, and the lexer keeps only what
 * a signature needs (nothing of an array but a ByteRange's four numbers). A 55 KB object holding 5,000
 * `/ByteRange` names is one parse of 55 KB; the first version re-parsed it for every name (quadratic: 9 s).
 *
 * Scope: signature dictionaries must sit in the file's plain bytes (their /Contents offsets are file
 * offsets), so compressed object streams are not searched. Which fields reference which dictionary is not
 * resolved: every signature dictionary present in any revision is reported, also an orphan one. A key
 * spelled with `#xx` escapes (`/Byte#52ange`) is not a candidate, so such a signature reads as absent
 * (never as valid); a dictionary with a duplicate key, and an object that does not parse, are reported as
 * unreadable (one entry per object).
 */
import { signatureProblem, type SignatureProblem } from './signature-problems';

/** One dictionary that has a /ByteRange key. */
export interface SignatureDictionary {
  /** File offset of the `/ByteRange` key. */
  byteRangeOffset: number;
  /** The four integers, or null when the value is not an array of exactly four non-negative integers. */
  byteRange: [number, number, number, number] | null;
  /** The /Contents hex string, or null when absent or not a hex string. */
  contents: { start: number; end: number; bytes: Buffer } | null;
  /** /SubFilter name without the slash, e.g. "adbe.pkcs7.detached". */
  subFilter: string | null;
  /** /Type name without the slash ("Sig", "DocTimeStamp"), null when absent. */
  type: string | null;
  /** Problems found while reading this dictionary (already fatal for the signature). */
  problems: SignatureProblem[];
}

/** What the scan did, for tests and diagnostics: proves the work is linear in the file size. */
export interface ScanStats {
  /** `/ByteRange` name tokens seen. */
  candidates: number;
  /** Indirect objects parsed. */
  objectsParsed: number;
  /** Bytes consumed by the object lexer, over all parses. */
  bytesParsed: number;
  /** Bytes examined by backward searches for object headers. */
  bytesSearchedBack: number;
}

/**
 * Values as the lexer keeps them: only what a signature dictionary needs. Arrays keep their items only while
 * they are short enough to be a ByteRange; dictionaries keep the four keys the verifier reads.
 */
type PdfValue =
  | { kind: 'dict'; start: number; end: number }
  | { kind: 'array'; numbers: string[] | null; start: number; end: number }
  | { kind: 'name'; value: string; start: number; end: number }
  | { kind: 'number'; raw: string; start: number; end: number }
  | { kind: 'hex'; hex: string; start: number; end: number }
  | { kind: 'other'; start: number; end: number };

/** A dictionary with a /ByteRange key, as parsed. */
interface Candidate {
  byteRangeOffset: number;
  byteRange: PdfValue | undefined;
  contents: PdfValue | undefined;
  subFilter: PdfValue | undefined;
  type: PdfValue | undefined;
}

class PdfSyntaxError extends Error {}

const WHITESPACE = new Uint8Array(256);
for (const b of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) {
  WHITESPACE[b] = 1;
}
const DELIMITER_OR_SPACE = new Uint8Array(WHITESPACE);
for (const c of '()<>[]{}/%') {
  DELIMITER_OR_SPACE[c.charCodeAt(0)] = 1;
}
/** Deeper than any real signature dictionary; a guard against stack exhaustion, not a limit on real files. */
const MAX_DEPTH = 64;
const NEEDLE = Buffer.from('/ByteRange', 'latin1');
const KEPT_KEYS = new Set(['ByteRange', 'Contents', 'SubFilter', 'Type']);

/**
 * The bytes of a PDF hex string's text (between `<` and `>`): white space ignored, an odd final digit taken as
 * followed by 0 (ISO 32000-1 §7.3.4.3); null when it holds anything but hex digits and white space.
 */
export function hexStringBytes(text: string): Buffer | null {
  const hex = text.replace(/[\0\t\n\f\r ]/g, '');
  return /^[0-9a-fA-F]*$/.test(hex) ? Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex') : null;
}

export function findSignatureDictionaries(pdf: Buffer, stats?: ScanStats): SignatureDictionary[] {
  const found: SignatureDictionary[] = [];
  const counters: ScanStats = stats ?? { candidates: 0, objectsParsed: 0, bytesParsed: 0, bytesSearchedBack: 0 };
  /** Everything before this offset is done with: parsed, skipped as stream data, or known to be outside objects. */
  let floor = 0;
  for (let at = nextNeedle(pdf, 0); at >= 0; at = nextNeedle(pdf, at + NEEDLE.length)) {
    const after = pdf[at + NEEDLE.length];
    if (after !== undefined && !DELIMITER_OR_SPACE[after]) {
      continue; // e.g. /ByteRanges — another name
    }
    counters.candidates++;
    if (at < floor) {
      continue; // inside an object already parsed (its dictionaries are reported) or inside its stream data
    }
    const objectStart = findEnclosingObjectBody(pdf, at, floor, counters);
    if (objectStart === null) {
      floor = at; // not inside an indirect object: not part of the document; no header before here either
      continue;
    }
    counters.objectsParsed++;
    const lexer = new PdfLexer(pdf, objectStart);
    try {
      lexer.parseObject(0);
      found.push(...lexer.candidates.map(describe));
      floor = lexer.endOfObject();
    } catch (error: unknown) {
      // The object around a real-looking /ByteRange does not parse: report it once, never skip it silently.
      const detail = error instanceof PdfSyntaxError && /duplicate key/.test(error.message) ? error.message : '';
      found.push(unreadable(at, signatureProblem('dictionaryUnreadable', { detail })));
      const endobj = pdf.indexOf('endobj', at, 'latin1');
      floor = endobj < 0 ? pdf.length : endobj;
    } finally {
      counters.bytesParsed += lexer.consumed();
    }
  }
  return found;
}

/**
 * `pdf.indexOf(NEEDLE, from)`, faster on a big file: the native multi-byte search is slow over compressed data
 * (about 5 ms per 10 MB), a hop from `/` to `/` (one every 256 bytes or so there) is quick. Where slashes are
 * dense (1,024 within 64 KiB), the native search takes over, so a file of slashes costs no more than before.
 */
function nextNeedle(pdf: Buffer, from: number): number {
  let slashes = 0;
  let spanStart = from;
  const last = pdf.length - NEEDLE.length;
  for (let at = pdf.indexOf(0x2f /* / */, from); at >= 0 && at <= last; at = pdf.indexOf(0x2f, at + 1)) {
    if (pdf[at + 1] === 0x42 /* B */ && pdf.compare(NEEDLE, 0, NEEDLE.length, at, at + NEEDLE.length) === 0) {
      return at;
    }
    if (++slashes === 1024) {
      if (at - spanStart < 64 * 1024) {
        return pdf.indexOf(NEEDLE, at);
      }
      slashes = 0;
      spanStart = at;
    }
  }
  return -1;
}

function unreadable(byteRangeOffset: number, problem: SignatureProblem): SignatureDictionary {
  return { byteRangeOffset, byteRange: null, contents: null, subFilter: null, type: null, problems: [problem] };
}

function describe(candidate: Candidate): SignatureDictionary {
  const problems: SignatureProblem[] = [];
  const byteRangeValue = candidate.byteRange;
  let byteRange: SignatureDictionary['byteRange'] = null;
  if (
    byteRangeValue?.kind === 'array' &&
    byteRangeValue.numbers?.length === 4 &&
    byteRangeValue.numbers.every((raw) => /^\d{1,15}$/.test(raw))
  ) {
    byteRange = byteRangeValue.numbers.map(Number) as [number, number, number, number];
  } else {
    problems.push(signatureProblem('byteRangeMalformed'));
  }

  const contentsValue = candidate.contents;
  let contents: SignatureDictionary['contents'] = null;
  if (contentsValue?.kind === 'hex') {
    const bytes = hexStringBytes(contentsValue.hex);
    if (bytes) {
      contents = { start: contentsValue.start, end: contentsValue.end, bytes };
    } else {
      problems.push(signatureProblem('contentsNotHex'));
    }
  } else {
    problems.push(signatureProblem('contentsMissing'));
  }
  return {
    byteRangeOffset: candidate.byteRangeOffset,
    byteRange,
    contents,
    subFilter: nameOf(candidate.subFilter),
    type: nameOf(candidate.type),
    problems,
  };
}

function nameOf(value: PdfValue | undefined): string | null {
  return value?.kind === 'name' ? value.value : null;
}

/**
 * Offset just after the nearest `N G obj` before `at` and not below `floor`, or null. Scans backwards byte by
 * byte (never past `floor`), so the searches of successive candidates cover disjoint ranges.
 */
function findEnclosingObjectBody(pdf: Buffer, at: number, floor: number, stats: ScanStats): number | null {
  for (let obj = at - 3; obj >= floor; obj--) {
    stats.bytesSearchedBack++;
    if (pdf[obj] !== 0x6f /* o */ || pdf[obj + 1] !== 0x62 /* b */ || pdf[obj + 2] !== 0x6a /* j */) {
      continue;
    }
    const next = pdf[obj + 3];
    if (next !== undefined && !DELIMITER_OR_SPACE[next]) {
      continue;
    }
    const before = pdf.toString('latin1', Math.max(floor, obj - 32), obj);
    if (/(?:^|[^0-9])\d+[\0\t\n\f\r ]+\d+[\0\t\n\f\r ]*$/.test(before)) {
      return obj + 3;
    }
  }
  return null;
}

/**
 * A minimal PDF object reader (ISO 32000-1 §7.2–7.3) that collects dictionaries with a /ByteRange key while it
 * parses. Throws PdfSyntaxError on anything unexpected.
 */
class PdfLexer {
  readonly candidates: Candidate[] = [];
  private readonly start: number;

  constructor(
    private readonly pdf: Buffer,
    private pos: number,
  ) {
    this.start = pos;
  }

  consumed(): number {
    return this.pos - this.start;
  }

  /**
   * Where the object ends for the scan: after its stream data when a `stream` keyword follows the value
   * (so `/ByteRange` bytes inside stream data are never candidates), else where the value ended.
   */
  endOfObject(): number {
    this.skipSpace(false);
    if (this.pdf.toString('latin1', this.pos, this.pos + 6) === 'stream') {
      const end = this.pdf.indexOf('endstream', this.pos + 6, 'latin1');
      return end < 0 ? this.pdf.length : end;
    }
    return this.pos;
  }

  parseObject(depth: number): PdfValue {
    if (depth > MAX_DEPTH) {
      throw new PdfSyntaxError('too deeply nested');
    }
    this.skipSpace();
    const start = this.pos;
    const byte = this.peek();
    if (byte === 0x3c /* < */ && this.pdf[this.pos + 1] === 0x3c) {
      return this.parseDict(start, depth);
    }
    if (byte === 0x3c) {
      const end = this.pdf.indexOf(0x3e /* > */, this.pos);
      if (end < 0) {
        throw new PdfSyntaxError('unterminated hex string');
      }
      this.pos = end + 1;
      return { kind: 'hex', hex: this.pdf.toString('latin1', start + 1, end), start, end: this.pos };
    }
    if (byte === 0x28 /* ( */) {
      this.skipLiteralString();
      return { kind: 'other', start, end: this.pos };
    }
    if (byte === 0x5b /* [ */) {
      this.pos++;
      // Only a short array of plain numbers can be a ByteRange; anything else is walked, not kept.
      let numbers: string[] | null = [];
      for (;;) {
        this.skipSpace();
        if (this.peek() === 0x5d /* ] */) {
          this.pos++;
          return { kind: 'array', numbers, start, end: this.pos };
        }
        const item = this.parseObject(depth + 1);
        numbers = numbers && item.kind === 'number' && numbers.length < 4 ? [...numbers, item.raw] : null;
      }
    }
    if (byte === 0x2f /* / */) {
      this.pos++;
      const raw = this.readRegular();
      return { kind: 'name', value: decodeName(raw), start, end: this.pos };
    }
    const token = this.readRegular();
    if (token === '') {
      throw new PdfSyntaxError(`unexpected byte ${byte} at ${start}`);
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(token)) {
      // An integer followed by "G R" is an indirect reference.
      if (/^\d+$/.test(token)) {
        const save = this.pos;
        this.skipSpace();
        const generation = this.readRegular();
        this.skipSpace();
        if (/^\d+$/.test(generation) && this.readRegular() === 'R') {
          return { kind: 'other', start, end: this.pos };
        }
        this.pos = save;
      }
      return { kind: 'number', raw: token, start, end: this.pos };
    }
    if (token === 'true' || token === 'false' || token === 'null') {
      return { kind: 'other', start, end: this.pos };
    }
    throw new PdfSyntaxError(`unexpected token "${token.slice(0, 20)}" at ${start}`);
  }

  private parseDict(start: number, depth: number): PdfValue {
    this.pos += 2;
    const keys = new Set<string>();
    const kept = new Map<string, { keyOffset: number; value: PdfValue }>();
    for (;;) {
      this.skipSpace();
      if (this.peek() === 0x3e && this.pdf[this.pos + 1] === 0x3e) {
        this.pos += 2;
        const byteRange = kept.get('ByteRange');
        if (byteRange) {
          this.candidates.push({
            byteRangeOffset: byteRange.keyOffset,
            byteRange: byteRange.value,
            contents: kept.get('Contents')?.value,
            subFilter: kept.get('SubFilter')?.value,
            type: kept.get('Type')?.value,
          });
        }
        return { kind: 'dict', start, end: this.pos };
      }
      const keyOffset = this.pos;
      const key = this.parseObject(depth + 1);
      if (key.kind !== 'name') {
        throw new PdfSyntaxError(`dictionary key is not a name at ${keyOffset}`);
      }
      const value = this.parseObject(depth + 1);
      if (keys.has(key.value)) {
        // Duplicate keys are how some signature-wrapping attacks confuse viewers: refuse the dictionary.
        throw new PdfSyntaxError(`duplicate key /${key.value}`);
      }
      keys.add(key.value);
      if (KEPT_KEYS.has(key.value)) {
        kept.set(key.value, { keyOffset, value });
      }
    }
  }

  private skipLiteralString(): void {
    let depth = 0;
    for (; this.pos < this.pdf.length; this.pos++) {
      const byte = this.pdf[this.pos];
      if (byte === 0x5c /* \ */) {
        this.pos++;
      } else if (byte === 0x28) {
        depth++;
      } else if (byte === 0x29 /* ) */ && --depth === 0) {
        this.pos++;
        return;
      }
    }
    throw new PdfSyntaxError('unterminated literal string');
  }

  private skipSpace(comments = true): void {
    while (this.pos < this.pdf.length) {
      const byte = this.pdf[this.pos];
      if (WHITESPACE[byte]) {
        this.pos++;
      } else if (comments && byte === 0x25 /* % */) {
        while (this.pos < this.pdf.length && this.pdf[this.pos] !== 0x0a && this.pdf[this.pos] !== 0x0d) {
          this.pos++;
        }
      } else {
        return;
      }
    }
  }

  private readRegular(): string {
    const start = this.pos;
    while (this.pos < this.pdf.length && !DELIMITER_OR_SPACE[this.pdf[this.pos]]) {
      this.pos++;
    }
    return this.pdf.toString('latin1', start, this.pos);
  }

  private peek(): number {
    if (this.pos >= this.pdf.length) {
      throw new PdfSyntaxError('unexpected end of file');
    }
    return this.pdf[this.pos];
  }
}

/** `#xx` escapes in names (so `/Byte#52ange` is `/ByteRange`). */
function decodeName(raw: string): string {
  return raw.includes('#')
    ? raw.replace(/#([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : raw;
}
