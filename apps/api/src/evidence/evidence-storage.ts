/**
 * Where evidence files live, behind one interface with two backends chosen by EVIDENCE_STORAGE:
 * - `local`: `<uploads.dir>/files/<aa>/<bb>/<sha256>.pdf`, outside any web root (one machine, or a shared mount);
 * - `s3`: the same key in an S3-compatible bucket, which every api replica reaches.
 * Either way a file is named by the server from its content hash, so the same bytes are stored once and no
 * client-supplied name reaches storage; and the keys are the same, so moving from a folder to a bucket is a copy
 * of `files/`. Untrusted uploads always wait in the local `<uploads.dir>/quarantine/`: the PDF checks read a file,
 * and nothing unchecked ever reaches shared storage.
 */
import { type EvidenceStorageConfig } from '@config';
import { AppError } from '@lib/common';
import { Logger } from '@nestjs/common';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { Readable } from 'node:stream';

const logger = new Logger('EvidenceStorage');

/** The storage key of a file's content: `files/<aa>/<bb>/<sha256>.pdf`. */
export function evidenceKey(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) {
    throw new RangeError('sha256 must be 64 lower-case hex characters');
  }
  return posix.join('files', sha256.slice(0, 2), sha256.slice(2, 4), `${sha256}.pdf`);
}

/** The storage key of a report job's file: `reports/<authority>/<job>-<nonce>.<ext>` (no client-chosen part). */
export function reportKey(authorityId: number, reportJobId: number, nonce: string, extension: string): string {
  if (!/^[0-9a-f]{8,64}$/.test(nonce) || !/^[a-z]{2,5}$/.test(extension)) {
    throw new RangeError('report key parts must be hex and a short lower-case extension');
  }
  return posix.join('reports', String(authorityId), `${reportJobId}-${nonce}.${extension}`);
}

/** A storage backend. Nest injects it by this class (see evidence.module.ts). */
export abstract class EvidenceStorage {
  constructor(protected readonly root: string) {}

  /** Local folder for files still being received or checked. */
  get quarantineDir(): string {
    return join(this.root, 'quarantine');
  }

  /**
   * Move a checked quarantine file to its content address. If the address already holds the same bytes (a
   * duplicate upload), the quarantine copy is dropped. Returns whether this call created the stored file.
   * Two identical uploads racing both "create" the same bytes, which is harmless.
   */
  async promote(quarantinePath: string, sha256: string): Promise<{ key: string; created: boolean }> {
    const key = evidenceKey(sha256);
    if (await this.exists(key)) {
      await unlink(quarantinePath).catch(() => undefined);
      return { key, created: false };
    }
    await this.storeFile(quarantinePath, key, 'application/pdf');
    return { key, created: true };
  }

  /** The stored bytes, streamed (never read whole). Rejects if the key holds nothing. */
  abstract open(key: string): Promise<Readable>;

  abstract remove(key: string): Promise<void>;

  /**
   * Store a finished file the server made itself (a report job's document) under `key` (`reports/…`, see
   * reportKey): every api replica can then serve it. It passes through `quarantineDir` like an upload, so both
   * backends move a local file (a rename, or one streamed PUT) and nothing is left behind when storing fails.
   */
  async storeBytes(bytes: Buffer, key: string, contentType: string): Promise<void> {
    const tmp = join(this.quarantineDir, `store-${randomBytes(6).toString('hex')}.tmp`);
    await mkdir(this.quarantineDir, { recursive: true, mode: 0o700 });
    await writeFile(tmp, bytes, { mode: 0o600 });
    await this.storeLocalFile(tmp, key, contentType);
  }

  /**
   * The same for a file already written in `quarantineDir` (a report job's ZIP, streamed there: never a Buffer of
   * hundreds of MB). The local file is consumed, or removed when storing fails.
   */
  async storeLocalFile(localPath: string, key: string, contentType: string): Promise<void> {
    try {
      await this.storeFile(localPath, key, contentType);
    } finally {
      await unlink(localPath).catch(() => undefined);
    }
  }

  /** Move a local file (consumed) to `key`. */
  protected abstract storeFile(localPath: string, key: string, contentType: string): Promise<void>;

  protected abstract exists(key: string): Promise<boolean>;

  /**
   * A stream that opens the file only when first read: a ZIP of a thousand documents holds one file (or one
   * object request) open at a time, not a thousand.
   */
  openLazily(key: string): Readable {
    const open = () => this.open(key);
    return Readable.from(
      (async function* () {
        yield* await open();
      })(),
      { objectMode: false },
    );
  }
}

export class LocalEvidenceStorage extends EvidenceStorage {
  private pathOf(key: string): string {
    return join(this.root, key);
  }

  protected exists(key: string): Promise<boolean> {
    return stat(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }

  async open(key: string): Promise<Readable> {
    const stream = createReadStream(this.pathOf(key));
    // Settle on open, so a missing file rejects here (before any header is sent) rather than mid-response.
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return stream;
  }

  async remove(key: string): Promise<void> {
    await unlink(this.pathOf(key)).catch(() => undefined);
  }

  protected async storeFile(localPath: string, key: string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    // Same filesystem (both under root): rename is atomic; identical content makes a race of duplicates harmless.
    await rename(localPath, target);
  }
}

export class S3EvidenceStorage extends EvidenceStorage {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(root: string, config: Extract<EvidenceStorageConfig, { kind: 's3' }>) {
    super(root);
    this.bucket = config.bucket;
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      // The SDK's default since 2025 adds CRC checksums as an aws-chunked trailer, which many S3-compatible
      // servers (older MinIO and Ceph, s3rver) refuse; the content is SHA-256-addressed and checked by us anyway.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async open(key: string): Promise<Readable> {
    const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })).catch(unreachable);
    if (!(Body instanceof Readable)) {
      throw new Error(`object ${key} has no readable body`);
    }
    return Body;
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })).catch(() => undefined);
  }

  /**
   * One streamed PUT with its length known: at most UPLOAD_MAX_BYTES for evidence (far below S3's 5 GB single-PUT
   * limit), so no multipart upload and no buffering.
   */
  protected async storeFile(localPath: string, key: string, contentType: string): Promise<void> {
    const { size } = await stat(localPath);
    await this.client
      .send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: createReadStream(localPath),
          ContentLength: size,
          ContentType: contentType,
        }),
      )
      .catch(unreachable);
    await unlink(localPath).catch(() => undefined);
  }

  /** Closes the client's connections (Nest calls this when the application closes). */
  onModuleDestroy(): void {
    this.client.destroy();
  }

  protected async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error: unknown) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) {
        return false;
      }
      return unreachable(error);
    }
  }
}

/**
 * The object store not answering (refused, timed out, 5xx after the SDK's retries) is a 503 saying what to do;
 * an answer it did give (403 wrong keys, 404) stays an internal error, logged — the person cannot fix it.
 */
function unreachable(error: unknown): never {
  const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
  if (status !== undefined && status < 500) {
    throw error;
  }
  logger.warn(`object storage unreachable: ${error instanceof Error ? error.message : String(error)}`);
  throw new AppError(
    'unavailable',
    'EVIDENCE_STORAGE_UNAVAILABLE',
    'Kho lưu trữ tài liệu kiểm chứng tạm thời không phản hồi; chưa có gì thay đổi — vui lòng thử lại sau ít phút.',
    'The evidence store is not answering; nothing was changed — please try again in a few minutes.',
  );
}

/** The backend the configuration chooses. */
export function createEvidenceStorage(uploads: { dir: string; storage: EvidenceStorageConfig }): EvidenceStorage {
  return uploads.storage.kind === 's3'
    ? new S3EvidenceStorage(uploads.dir, uploads.storage)
    : new LocalEvidenceStorage(uploads.dir);
}
