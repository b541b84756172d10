/**
 * The PDF's Document Security Store (PAdES long-term validation, ETSI EN 319 142-1 §5.4): certificates, OCSP
 * responses and CRLs kept in the file, so a signature can be checked later and offline. Read with a linear
 * scan like the signature dictionaries: one pass indexes the objects (last definition wins, as incremental
 * updates do), then only the streams the /DSS dictionary names are read, each bounded in size and count.
 * Nothing read here is believed by itself: certificates only help build paths to the configured anchors, and
 * revocation data must verify with the issuer's key (certificate-checks, revocation-ocsp).
 */
import { inflateSync } from 'node:zlib';

export interface DssData {
  certs: Uint8Array[];
  ocsps: Uint8Array[];
  crls: Uint8Array[];
}

const EMPTY: DssData = { certs: [], ocsps: [], crls: [] };
/** More entries than any real file holds; a hostile /DSS cannot make the verifier read thousands of streams. */
const MAX_ENTRIES = 200;
/** Largest stream read (a CRL of a big CA is a few MB). */
const MAX_STREAM_BYTES = 8 * 1024 * 1024;

/** The /DSS of the last catalog that has one; empty when the file has none or it cannot be read. */
export function readDss(pdf: Buffer): DssData {
  // Searched in the bytes first: most files have no /DSS, and a 10 MB file need not become a 10 MB string for that.
  const dssAt = pdf.lastIndexOf('/DSS', undefined, 'latin1');
  if (dssAt < 0) {
    return EMPTY;
  }
  const text = pdf.toString('latin1');
  const objects = indexObjects(text);
  const direct = /^\/DSS\s*(\d+)\s+\d+\s+R/.exec(text.slice(dssAt, dssAt + 40));
  let dictionary: string | null = null;
  if (direct) {
    const at = objects.get(Number(direct[1]));
    dictionary = at === undefined ? null : text.slice(at, text.indexOf('endobj', at));
  } else {
    const inline = text.indexOf('<<', dssAt);
    dictionary = inline >= 0 && inline - dssAt < 10 ? text.slice(inline, text.indexOf('>>', inline) + 2) : null;
  }
  if (!dictionary) {
    return EMPTY;
  }
  const read = (key: string): Uint8Array[] =>
    references(dictionary, key)
      .slice(0, MAX_ENTRIES)
      .flatMap((n) => {
        const stream = readStream(pdf, text, objects.get(n));
        return stream ? [stream] : [];
      });
  return { certs: read('Certs'), ocsps: read('OCSPs'), crls: read('CRLs') };
}

/** Latin-1 codes JavaScript's `\s` matches (tab, LF, VT, FF, CR, space, no-break space). */
const SPACE = new Uint8Array(256);
for (const c of [9, 10, 11, 12, 13, 32, 160]) {
  SPACE[c] = 1;
}
const isDigit = (c: number) => c >= 48 && c <= 57;
const isWord = (c: number) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/**
 * Object number → offset of its last "n g obj": every match of `(?<![0-9])(\d{1,10})\s+\d{1,5}\s+obj\b`, found
 * from each "obj" backwards. The regex itself, run over a whole 10 MB file, tried a match at every digit of the
 * binary stream data: 28 ms of a 10 MB signed file's 40 ms check when it has a /DSS; "obj" is rare in such data.
 */
export function indexObjects(text: string): Map<number, number> {
  const objects = new Map<number, number>();
  for (let at = text.indexOf('obj'); at >= 0; at = text.indexOf('obj', at + 3)) {
    const header = objectHeaderBefore(text, at);
    if (header !== undefined && !(at + 3 < text.length && isWord(text.charCodeAt(at + 3)))) {
      objects.set(header.number, header.start);
    }
  }
  return objects;
}

/** The "n g " before the "obj" at `at` (n: 1–10 digits not preceded by a digit; g: 1–5 digits), if it is one. */
function objectHeaderBefore(text: string, at: number): { number: number; start: number } | undefined {
  let i = at - 1;
  const spaces = () => {
    const end = i;
    while (i >= 0 && SPACE[text.charCodeAt(i)]) {
      i--;
    }
    return end - i;
  };
  const digits = () => {
    const end = i;
    while (i >= 0 && isDigit(text.charCodeAt(i))) {
      i--;
    }
    return end - i;
  };
  if (spaces() === 0) {
    return undefined;
  }
  const generation = digits();
  if (generation === 0 || generation > 5 || spaces() === 0) {
    return undefined;
  }
  const end = i + 1;
  const number = digits();
  if (number === 0 || number > 10) {
    return undefined;
  }
  return { number: Number(text.slice(i + 1, end)), start: i + 1 };
}

/** The object numbers in `/Key [a 0 R b 0 R …]` of a dictionary. */
function references(dictionary: string, key: string): number[] {
  const array = new RegExp(`/${key}\\s*\\[([^\\]]*)\\]`).exec(dictionary);
  return array ? [...array[1].matchAll(/(\d+)\s+\d+\s+R/g)].map((m) => Number(m[1])) : [];
}

/** The decoded data of the stream object at `at`: /Length direct, no filter or /FlateDecode only. */
function readStream(pdf: Buffer, text: string, at: number | undefined): Uint8Array | null {
  if (at === undefined) {
    return null;
  }
  const streamAt = text.indexOf('stream', at);
  const header = text.slice(at, streamAt);
  const length = Number(/\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(header)?.[1]);
  if (streamAt < 0 || !Number.isInteger(length) || length > MAX_STREAM_BYTES) {
    return null;
  }
  let start = streamAt + 'stream'.length;
  start += text[start] === '\r' ? 2 : 1;
  const raw = pdf.subarray(start, start + length);
  const filter = /\/Filter\s*\/?(\w+)/.exec(header)?.[1];
  if (!filter) {
    return raw;
  }
  if (filter !== 'FlateDecode') {
    return null;
  }
  try {
    return inflateSync(raw, { maxOutputLength: MAX_STREAM_BYTES });
  } catch {
    return null;
  }
}
