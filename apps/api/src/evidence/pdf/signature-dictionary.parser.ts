/**
 * Finds signature dictionaries in the raw bytes of a PDF and reads their /ByteRange and /Contents with a
 * small PDF object lexer, instead of one regular expression over the whole file.
 *
 * How: every `/ByteRange` name token in the file is a candidate. For each, the enclosing indirect object
 * (`N G obj`) is located and parsed as a PDF object; the candidate is kept only if it is really a key of a
 * dictionary in that object (not text inside a string or a stream). The dictionary's /Contents must be a
 * hex string; its exact byte offsets are recorded so the verifier can check that the gap in the ByteRange
 * is exactly that string.
 *
 * Scope: signature dictionaries must sit in the file's plain bytes (their /Contents offsets are file
 * offsets), so compressed object streams are not searched. Which fields reference which dictionary is not
 * resolved: every signature dictionary present in any revision is reported, also an orphan one. A key
 * spelled with `#xx` escapes (`/Byte#52ange`) is not a candidate, so such a signature reads as absent
 * (never as valid); a dictionary with a duplicate key is refused as unparseable.
 */

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
  problems: string[];
}

type PdfValue =
  | { kind: 'dict'; entries: Map<string, PdfEntry>; start: number; end: number }
  | { kind: 'array'; items: PdfValue[]; start: number; end: number }
  | { kind: 'name'; value: string; start: number; end: number }
  | { kind: 'number'; raw: string; start: number; end: number }
  | { kind: 'hex'; hex: string; start: number; end: number }
  | { kind: 'string'; start: number; end: number }
  | { kind: 'ref' | 'keyword'; raw: string; start: number; end: number };

interface PdfEntry {
  keyOffset: number;
  value: PdfValue;
}

class PdfSyntaxError extends Error {}

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set('()<>[]{}/%'.split('').map((c) => c.charCodeAt(0)));
const MAX_DEPTH = 32;
const MAX_ITEMS = 100_000;

export function findSignatureDictionaries(pdf: Buffer): SignatureDictionary[] {
  const found: SignatureDictionary[] = [];
  const needle = Buffer.from('/ByteRange', 'latin1');
  for (let at = pdf.indexOf(needle); at >= 0; at = pdf.indexOf(needle, at + needle.length)) {
    const after = pdf[at + needle.length];
    if (after !== undefined && !isDelimiterOrSpace(after)) {
      continue; // e.g. /ByteRanges — another name
    }
    const objectStart = findEnclosingObjectBody(pdf, at);
    if (objectStart === null) {
      continue; // not inside an indirect object: not part of the document
    }
    let parsed: PdfValue;
    try {
      parsed = new PdfLexer(pdf, objectStart).parseObject(0);
    } catch {
      // The object around a real-looking /ByteRange does not parse: report it, never skip it silently.
      found.push(unreadable(at, 'the signature dictionary could not be parsed'));
      continue;
    }
    const dict = findDictWithKeyAt(parsed, 'ByteRange', at);
    if (dict) {
      found.push(describe(dict, at));
    }
  }
  return found;
}

function unreadable(byteRangeOffset: number, problem: string): SignatureDictionary {
  return { byteRangeOffset, byteRange: null, contents: null, subFilter: null, type: null, problems: [problem] };
}

function describe(dict: Extract<PdfValue, { kind: 'dict' }>, byteRangeOffset: number): SignatureDictionary {
  const problems: string[] = [];
  const byteRangeValue = dict.entries.get('ByteRange')?.value;
  let byteRange: SignatureDictionary['byteRange'] = null;
  if (
    byteRangeValue?.kind === 'array' &&
    byteRangeValue.items.length === 4 &&
    byteRangeValue.items.every((item) => item.kind === 'number' && /^\d{1,15}$/.test(item.raw))
  ) {
    byteRange = byteRangeValue.items.map((item) => Number((item as { raw: string }).raw)) as [
      number,
      number,
      number,
      number,
    ];
  } else {
    problems.push('/ByteRange is not an array of four non-negative integers');
  }

  const contentsValue = dict.entries.get('Contents')?.value;
  let contents: SignatureDictionary['contents'] = null;
  if (contentsValue?.kind === 'hex') {
    const hex = contentsValue.hex.replace(/[\0\t\n\f\r ]/g, '');
    if (/^[0-9a-fA-F]*$/.test(hex)) {
      contents = {
        start: contentsValue.start,
        end: contentsValue.end,
        bytes: Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'),
      };
    } else {
      problems.push('/Contents holds characters that are not hexadecimal');
    }
  } else {
    problems.push('/Contents is missing or not a hex string');
  }
  const subFilter = nameOf(dict.entries.get('SubFilter')?.value);
  const type = nameOf(dict.entries.get('Type')?.value);
  return { byteRangeOffset, byteRange, contents, subFilter, type, problems };
}

function nameOf(value: PdfValue | undefined): string | null {
  return value?.kind === 'name' ? value.value : null;
}

function findDictWithKeyAt(value: PdfValue, key: string, offset: number): Extract<PdfValue, { kind: 'dict' }> | null {
  if (value.kind === 'dict') {
    if (value.entries.get(key)?.keyOffset === offset) {
      return value;
    }
    for (const entry of value.entries.values()) {
      const inner = findDictWithKeyAt(entry.value, key, offset);
      if (inner) {
        return inner;
      }
    }
  } else if (value.kind === 'array') {
    for (const item of value.items) {
      const inner = findDictWithKeyAt(item, key, offset);
      if (inner) {
        return inner;
      }
    }
  }
  return null;
}

/** Offset just after the nearest `N G obj` before `at`, or null. */
function findEnclosingObjectBody(pdf: Buffer, at: number): number | null {
  for (let obj = pdf.lastIndexOf('obj', at, 'latin1'); obj >= 0; obj = pdf.lastIndexOf('obj', obj - 1, 'latin1')) {
    const next = pdf[obj + 3];
    const before = pdf.toString('latin1', Math.max(0, obj - 32), obj);
    if (
      (next === undefined || isDelimiterOrSpace(next)) &&
      /(?:^|[^0-9])\d+[\0\t\n\f\r ]+\d+[\0\t\n\f\r ]*$/.test(before)
    ) {
      return obj + 3;
    }
    if (obj === 0) {
      break;
    }
  }
  return null;
}

function isDelimiterOrSpace(byte: number): boolean {
  return WHITESPACE.has(byte) || DELIMITERS.has(byte);
}

/** A minimal PDF object reader (ISO 32000-1 §7.2–7.3). Throws PdfSyntaxError on anything unexpected. */
class PdfLexer {
  private items = 0;

  constructor(
    private readonly pdf: Buffer,
    private pos: number,
  ) {}

  parseObject(depth: number): PdfValue {
    if (depth > MAX_DEPTH || ++this.items > MAX_ITEMS) {
      throw new PdfSyntaxError('too deep or too large');
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
      return { kind: 'string', start, end: this.pos };
    }
    if (byte === 0x5b /* [ */) {
      this.pos++;
      const items: PdfValue[] = [];
      for (;;) {
        this.skipSpace();
        if (this.peek() === 0x5d /* ] */) {
          this.pos++;
          return { kind: 'array', items, start, end: this.pos };
        }
        items.push(this.parseObject(depth + 1));
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
          return { kind: 'ref', raw: `${token} ${generation} R`, start, end: this.pos };
        }
        this.pos = save;
      }
      return { kind: 'number', raw: token, start, end: this.pos };
    }
    if (token === 'true' || token === 'false' || token === 'null') {
      return { kind: 'keyword', raw: token, start, end: this.pos };
    }
    throw new PdfSyntaxError(`unexpected token "${token.slice(0, 20)}" at ${start}`);
  }

  private parseDict(start: number, depth: number): PdfValue {
    this.pos += 2;
    const entries = new Map<string, PdfEntry>();
    for (;;) {
      this.skipSpace();
      if (this.peek() === 0x3e && this.pdf[this.pos + 1] === 0x3e) {
        this.pos += 2;
        return { kind: 'dict', entries, start, end: this.pos };
      }
      const keyOffset = this.pos;
      const key = this.parseObject(depth + 1);
      if (key.kind !== 'name') {
        throw new PdfSyntaxError(`dictionary key is not a name at ${keyOffset}`);
      }
      const value = this.parseObject(depth + 1);
      if (entries.has(key.value)) {
        // Duplicate keys are how some signature-wrapping attacks confuse viewers: refuse the dictionary.
        throw new PdfSyntaxError(`duplicate key /${key.value}`);
      }
      entries.set(key.value, { keyOffset, value });
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

  private skipSpace(): void {
    while (this.pos < this.pdf.length) {
      const byte = this.pdf[this.pos];
      if (WHITESPACE.has(byte)) {
        this.pos++;
      } else if (byte === 0x25 /* % */) {
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
    while (this.pos < this.pdf.length && !isDelimiterOrSpace(this.pdf[this.pos])) {
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
  return raw.replace(/#([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
