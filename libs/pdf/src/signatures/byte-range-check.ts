/** The structural ByteRange rules of a signature (research §2.3 step 6), separate from the CMS checks. */
import type { ProblemParams, SignatureProblemCode } from './signature-problems';

/**
 * The digest (Node's hash `algorithm`, e.g. "sha256") of a signature's signed bytes — [a, a + b) then [c, c + d)
 * of its ByteRange — when the caller has it without hashing the file again (an upload hashed every byte on its
 * way in); null when it has not, and the verifier hashes the ranges itself.
 */
export type SignedRangeDigest = (
  byteRange: readonly [number, number, number, number],
  algorithm: string,
) => Promise<Uint8Array | null>;

/**
 * A {@link SignedRangeDigest} answer given in advance, as plain data that crosses to a worker thread with the task:
 * the verifier takes it for a ByteRange equal to `byteRange` instead of asking (see QuarantinedFile.knownDigests).
 */
export interface KnownDigest {
  byteRange: readonly [number, number, number, number];
  algorithm: string;
  digest: Uint8Array;
}

/** `ask`, answered first from `known` (an equal ByteRange and algorithm); without `ask`, null for the rest. */
export function withKnownDigests(
  known: readonly KnownDigest[] | undefined,
  ask: SignedRangeDigest | undefined,
): SignedRangeDigest | undefined {
  if (!known?.length) {
    return ask;
  }
  return (byteRange, algorithm) => {
    const hit = known.find((k) => k.algorithm === algorithm && k.byteRange.every((n, i) => n === byteRange[i]));
    return hit ? Promise.resolve(hit.digest) : (ask?.(byteRange, algorithm) ?? Promise.resolve(null));
  };
}

/** Structural ByteRange rules (research §2.3 step 6); returns the problems, empty when sound. */
export function checkByteRange(
  range: readonly [number, number, number, number],
  contents: { start: number; end: number },
  pdf: Buffer,
): Array<{ code: SignatureProblemCode; params: ProblemParams }> {
  const fileSize = pdf.length;
  const [a, b, c, d] = range;
  const problems: Array<{ code: SignatureProblemCode; params: ProblemParams }> = [];
  if (a !== 0) {
    problems.push({ code: 'byteRangeStart', params: { start: a } });
  }
  if (b <= a || c <= b) {
    problems.push({ code: 'byteRangeOverlap', params: {} });
  }
  if (c + d > fileSize) {
    problems.push({ code: 'byteRangePastEnd', params: { end: c + d, size: fileSize } });
  }
  if (b !== contents.start || c !== contents.end) {
    problems.push({
      code: 'byteRangeGap',
      params: { gapStart: b, gapEnd: c, start: contents.start, end: contents.end },
    });
  }
  // The signed revision ends at the first %%EOF after /Contents: a range that stops before it leaves part of
  // the signer's own revision unsigned (nothing was appended — the signed range is simply short).
  const eof = pdf.indexOf('%%EOF', contents.end, 'latin1');
  if (eof >= 0 && c + d < eof + '%%EOF'.length && c + d <= fileSize) {
    problems.push({ code: 'byteRangeShort', params: { end: c + d, revisionEnd: eof + '%%EOF'.length } });
  }
  return problems;
}
