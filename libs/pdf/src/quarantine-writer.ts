import { createHash, randomBytes, type Hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UploadAbortedError, UploadTooLargeError } from './errors';
import type { KnownDigest } from './signatures/byte-range-check';
import type { SignedRangeDigest } from './signatures/pdf-signature-verifier';

/** Bytes the quarantine file's stream buffers before it pushes back on the request body. */
const WRITE_BUFFER = 1024 * 1024;
/** A copy of the SHA-256 state is kept every this many bytes of the upload (at the end of a chunk). */
const CHECKPOINT_EVERY = 256 * 1024;
/**
 * Most bytes {@link QuarantinedFile.signedRangeDigest} reads back and hashes for each part of a signed range; past
 * it, the checker hashes the ranges itself. A real signature's second range (the rest of its revision after
 * /Contents: the signature object, xref, trailer) is a few KB.
 */
const MAX_REHASH = 256 * 1024;
/** Signed ranges answered per file: a file with more signatures has the rest hashed by the checker. */
const MAX_RANGE_ANSWERS = 8;
/**
 * The end of the file searched for ByteRange arrays whose digests are worked out before the check starts
 * ({@link QuarantinedFile.knownDigests}): the last signature's dictionary sits before its /Contents (tens of KB of
 * hex) and the few KB after it, well inside this.
 */
const TAIL_SCAN = 512 * 1024;
/** Most ByteRange arrays taken from the tail. */
const MAX_KNOWN = 4;
/** `/ByteRange [0 b c d]` as signers write it (numbers padded with spaces); linear, bounded numbers. */
const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s*\]/g;

/** Where and how much to write. */
export interface QuarantineOptions {
  /** Quarantine directory, outside any web root; created (mode 0700) if missing. */
  dir: string;
  /** Hard limit in bytes; one byte more aborts the upload. */
  maxBytes: number;
}

/** A file that arrived whole and within the limit. It is still untrusted: run {@link checkPdf} next. */
export interface QuarantinedFile {
  /** Absolute path of the server-named file inside `dir`. */
  path: string;
  /** Size in bytes. */
  size: number;
  /** SHA-256 of the content, lower-case hex (64 chars). */
  sha256: string;
  /**
   * The SHA-256 of a signature's signed ranges ([0, b) then [c, c + d)), from the hash states kept while the
   * file streamed in plus at most {@link MAX_REHASH} bytes read back for each range, so the signature check
   * need not hash the file a second time; null for another algorithm or when that would not save the work.
   */
  signedRangeDigest: SignedRangeDigest;
  /**
   * The same answers, worked out before the check for the ByteRange arrays written near the end of the file (the
   * last signature's): the check runs in a worker thread, and asking this thread for a digest meant waiting for
   * it — 12–15 ms per 10 MB upload, most of it this thread's garbage collection after the upload's buffers. The
   * arrays are read from untrusted bytes only to choose what to hash: the verifier takes a digest only for a
   * ByteRange it parsed and checked itself, and each digest is of exactly those bytes of the file.
   */
  knownDigests: KnownDigest[];
}

/**
 * Streams an upload into the quarantine directory (research §2.3 step 2).
 *
 * - The file name is 128 random bits from the CSPRNG (ASVS 5.3.2); the client's name is never used.
 * - SHA-256 and the byte count are computed on the way through; at most one chunk is in memory. A copy of the
 *   hash state is kept every 256 KiB, so a signature's signed ranges need not be hashed again
 *   ({@link QuarantinedFile.signedRangeDigest}: the signature check asks for it).
 * - Past `maxBytes` the pipeline is torn down (the source stream is destroyed too, so the rest of the
 *   body is not read), the partial file is deleted and {@link UploadTooLargeError} is thrown.
 * - On any other stream error the partial file is deleted and {@link UploadAbortedError} is thrown
 *   (the original error is its `cause`).
 */
export async function writeToQuarantine(stream: Readable, opts: QuarantineOptions): Promise<QuarantinedFile> {
  if (!Number.isSafeInteger(opts.maxBytes) || opts.maxBytes <= 0) {
    throw new RangeError(`maxBytes must be a positive integer, got ${opts.maxBytes}`);
  }
  await mkdir(opts.dir, { recursive: true, mode: 0o700 });
  const path = join(opts.dir, `${randomBytes(16).toString('hex')}.upload`);
  const meter = new HashingLimiter(opts.maxBytes);
  try {
    // 'wx': never follow or overwrite an existing file; 0600: not readable by other users. The 1 MiB buffer lets
    // the chunks that arrive while a write is in flight go out as one writev, not one write (and syscall) each.
    await pipeline(stream, meter, createWriteStream(path, { flags: 'wx', mode: 0o600, highWaterMark: WRITE_BUFFER }));
  } catch (error: unknown) {
    await unlink(path).catch(() => undefined);
    if (error instanceof UploadTooLargeError) {
      throw error;
    }
    throw new UploadAbortedError(error);
  }
  const checkpoints = meter.checkpoints;
  const sha256 = meter.digestHex();
  /** The digest of the signed ranges [0, b) and [c, c + d), or null when the checker should hash them itself. */
  const digestOf = async ([a, b, c, d]: readonly number[], algorithm: string): Promise<Buffer | null> => {
    // The verifier asks only for a checked ByteRange (a = 0, b < c, c + d within the file); checked again here.
    const from = checkpoints.findLast((point) => point.offset <= b);
    if (
      algorithm !== 'sha256' ||
      a !== 0 ||
      b >= c ||
      c + d > meter.size ||
      d > MAX_REHASH ||
      !from ||
      b - from.offset > MAX_REHASH
    ) {
      return null;
    }
    const file = await open(path, 'r');
    try {
      const hash = from.state.copy();
      hash.update(await readRange(file, from.offset, b));
      hash.update(await readRange(file, c, c + d));
      return hash.digest();
    } catch {
      return null; // the checker hashes the ranges itself
    } finally {
      await file.close();
    }
  };
  let answers = 0;
  const signedRangeDigest: SignedRangeDigest = (byteRange, algorithm) =>
    ++answers > MAX_RANGE_ANSWERS ? Promise.resolve(null) : digestOf(byteRange, algorithm);
  const knownDigests: KnownDigest[] = [];
  for (const byteRange of await tailByteRanges(path, meter.size)) {
    const digest = await digestOf(byteRange, 'sha256');
    if (digest) {
      knownDigests.push({ byteRange, algorithm: 'sha256', digest });
    }
  }
  return { path, size: meter.size, sha256, signedRangeDigest, knownDigests };
}

/** Distinct `/ByteRange [a b c d]` arrays in the last {@link TAIL_SCAN} bytes of the file, at most {@link MAX_KNOWN}. */
async function tailByteRanges(path: string, size: number): Promise<Array<[number, number, number, number]>> {
  const start = Math.max(0, size - TAIL_SCAN);
  const file = await open(path, 'r');
  let tail: string;
  try {
    tail = (await readRange(file, start, size)).toString('latin1');
  } catch {
    return [];
  } finally {
    await file.close();
  }
  const found = new Map<string, [number, number, number, number]>();
  for (const m of tail.matchAll(BYTE_RANGE)) {
    const range = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] as [number, number, number, number];
    found.set(range.join(' '), range);
    if (found.size === MAX_KNOWN) {
      break;
    }
  }
  return [...found.values()];
}

async function readRange(file: FileHandle, start: number, end: number): Promise<Buffer> {
  const bytes = Buffer.alloc(end - start);
  let read = 0;
  while (read < bytes.length) {
    const { bytesRead } = await file.read(bytes, read, bytes.length - read, start + read);
    if (bytesRead === 0) {
      throw new Error('the file is shorter than when it was written');
    }
    read += bytesRead;
  }
  return bytes;
}

/** Pass-through that hashes and counts, and fails as soon as the count passes the limit. */
class HashingLimiter extends Transform {
  size = 0;
  private readonly hash = createHash('sha256');
  /** The hash state after the first `offset` bytes, about every {@link CHECKPOINT_EVERY} bytes. */
  readonly checkpoints: Array<{ offset: number; state: Hash }> = [{ offset: 0, state: createHash('sha256') }];

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      callback(new UploadTooLargeError(this.maxBytes));
      return;
    }
    this.hash.update(chunk);
    if (this.size - this.checkpoints[this.checkpoints.length - 1].offset >= CHECKPOINT_EVERY) {
      this.checkpoints.push({ offset: this.size, state: this.hash.copy() });
    }
    callback(null, chunk);
  }

  digestHex(): string {
    return this.hash.digest('hex');
  }
}
