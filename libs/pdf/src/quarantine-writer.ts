import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UploadAbortedError, UploadTooLargeError } from './errors';

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
}

/**
 * Streams an upload into the quarantine directory (research §2.3 step 2).
 *
 * - The file name is 128 random bits from the CSPRNG (ASVS 5.3.2); the client's name is never used.
 * - SHA-256 and the byte count are computed on the way through; at most one chunk is in memory.
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
    // 'wx': never follow or overwrite an existing file; 0600: not readable by other users.
    await pipeline(stream, meter, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  } catch (error: unknown) {
    await unlink(path).catch(() => undefined);
    if (error instanceof UploadTooLargeError) {
      throw error;
    }
    throw new UploadAbortedError(error);
  }
  return { path, size: meter.size, sha256: meter.digestHex() };
}

/** Pass-through that hashes and counts, and fails as soon as the count passes the limit. */
class HashingLimiter extends Transform {
  size = 0;
  private readonly hash = createHash('sha256');

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
    callback(null, chunk);
  }

  digestHex(): string {
    return this.hash.digest('hex');
  }
}
