/** The structural ByteRange rules of a signature (research §2.3 step 6), separate from the CMS checks. */
import type { ProblemParams, SignatureProblemCode } from './signature-problems';

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
