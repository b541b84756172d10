import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { UploadAbortedError, UploadTooLargeError } from './errors';
import { writeToQuarantine } from './quarantine-writer';

const MB = 1024 * 1024;

/** A lazy stream of `total` bytes in 64 KiB chunks; `produced()` says how much was actually pulled. */
function lazyStream(total: number, failAfter?: number): { stream: Readable; produced: () => number } {
  let produced = 0;
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const stream = new Readable({
    read() {
      if (failAfter !== undefined && produced >= failAfter) {
        this.destroy(new Error('client went away'));
        return;
      }
      if (produced >= total) {
        this.push(null);
        return;
      }
      const part = chunk.subarray(0, Math.min(chunk.length, total - produced));
      produced += part.length;
      this.push(part);
    },
  });
  return { stream, produced: () => produced };
}

describe(writeToQuarantine.name, () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'quarantine-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should store the bytes under a random server-made name with their SHA-256 and size', async () => {
    const content = Buffer.from('%PDF-1.7\nhello ../../etc/passwd\n%%EOF\n');

    const first = await writeToQuarantine(Readable.from([content.subarray(0, 10), content.subarray(10)]), {
      dir,
      maxBytes: 1024,
    });
    const second = await writeToQuarantine(Readable.from([content]), { dir, maxBytes: 1024 });

    expect(first.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect(first.size).toBe(content.length);
    expect(await readFile(first.path)).toEqual(content);
    expect(first.path.startsWith(dir)).toBe(true);
    expect(first.path).toMatch(/[0-9a-f]{32}\.upload$/);
    expect(second.path).not.toBe(first.path);
  });

  it("should give a signed range's SHA-256 from the states kept while streaming, and null where it saves nothing", async () => {
    const content = Buffer.from(Array.from({ length: 3 * MB + 12_345 }, (_, i) => (i * 7919) % 251));
    const chunks = Array.from({ length: Math.ceil(content.length / 65_536) }, (_, i) =>
      content.subarray(i * 65_536, (i + 1) * 65_536),
    );
    const file = await writeToQuarantine(Readable.from(chunks), { dir, maxBytes: 4 * MB });
    const expected = (b: number, c: number, d: number) =>
      createHash('sha256')
        .update(content.subarray(0, b))
        .update(content.subarray(c, c + d))
        .digest();

    for (const [b, c, d] of [
      [3 * MB - 9_000, 3 * MB - 10, 10 + 12_345], // a signature at the end: the usual case
      [1_000, 1_100, 40_000], // before the first kept state
      [2 * MB, 2 * MB + 8_192, 50_000], // on a kept state
    ] as const) {
      expect(Buffer.from((await file.signedRangeDigest([0, b, c, d], 'sha256'))!)).toEqual(expected(b, c, d));
    }
    // Another algorithm, a second range too long to read back, a range past the end: the checker hashes.
    expect(await file.signedRangeDigest([0, 100, 200, 300], 'sha384')).toBeNull();
    expect(await file.signedRangeDigest([0, 100, 200, 2 * MB], 'sha256')).toBeNull();
    expect(await file.signedRangeDigest([0, 100, 3 * MB, 1 * MB], 'sha256')).toBeNull();
  });

  it('should work out the digests of the ByteRange arrays near the end of the file before anyone asks', async () => {
    // 3 MB, then a signature dictionary whose range skips its /Contents, as a signer writes it (numbers padded).
    const head = Buffer.alloc(3 * MB, 0x62);
    const gap = Buffer.from(`<${'0'.repeat(2000)}>`, 'latin1');
    const tail = Buffer.from('\n>>\nendobj\n%%EOF\n', 'latin1');
    const field = (n: number) => String(n).padEnd(10, ' ');
    const b = head.length + `/ByteRange [0 ${field(0)} ${field(0)} ${field(0)}]`.length;
    const [c, d] = [b + gap.length, tail.length];
    const dictionary = Buffer.from(`/ByteRange [0 ${field(b)} ${field(c)} ${field(d)}]`, 'latin1');
    const bytes = Buffer.concat([head, dictionary, gap, tail]);
    const expected = createHash('sha256')
      .update(bytes.subarray(0, b))
      .update(bytes.subarray(c, c + d))
      .digest();
    // In 64 KiB chunks, as a request body arrives (the hash states are kept at chunk ends).
    const chunks = Array.from({ length: Math.ceil(bytes.length / 65_536) }, (_, i) =>
      bytes.subarray(i * 65_536, (i + 1) * 65_536),
    );
    const file = await writeToQuarantine(Readable.from(chunks), { dir, maxBytes: 20 * MB });

    expect(file.knownDigests).toEqual([{ byteRange: [0, b, c, d], algorithm: 'sha256', digest: expected }]);
  });

  it('should know no digest for a file without a ByteRange near its end', async () => {
    const file = await writeToQuarantine(lazyStream(2 * MB).stream, { dir, maxBytes: 20 * MB });
    expect(file.knownDigests).toEqual([]);
  });

  it('should accept a file of exactly maxBytes', async () => {
    const result = await writeToQuarantine(Readable.from([Buffer.alloc(100)]), { dir, maxBytes: 100 });

    expect(result.size).toBe(100);
  });

  it('should throw UploadTooLargeError and leave no file when one byte over the limit', async () => {
    const upload = writeToQuarantine(Readable.from([Buffer.alloc(60), Buffer.alloc(41)]), { dir, maxBytes: 100 });

    await expect(upload).rejects.toBeInstanceOf(UploadTooLargeError);
    await expect(upload).rejects.toMatchObject({ code: 'UPLOAD_TOO_LARGE', maxBytes: 100 });
    expect(await readdir(dir)).toEqual([]);
  });

  it('should cut a 21 MB stream at the 20 MB limit without reading it all', async () => {
    const source = lazyStream(21 * MB);

    const error: unknown = await writeToQuarantine(source.stream, { dir, maxBytes: 20 * MB }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UploadTooLargeError);
    expect((error as UploadTooLargeError).messageVi).toBe(
      'Tệp vượt quá dung lượng cho phép: tối đa 20 MiB (20.971.520 byte); vui lòng giảm dung lượng tệp rồi tải lên lại',
    );
    expect((error as UploadTooLargeError).messageEn).toContain('20 MiB (20,971,520 bytes)');
    expect(source.produced()).toBeLessThan(21 * MB);
    expect(source.stream.destroyed).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });

  it('should throw UploadAbortedError and leave no file when the stream fails midway', async () => {
    const source = lazyStream(5 * MB, 1 * MB);

    const error: unknown = await writeToQuarantine(source.stream, { dir, maxBytes: 20 * MB }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UploadAbortedError);
    expect((error as UploadAbortedError).cause).toEqual(new Error('client went away'));
    expect(await readdir(dir)).toEqual([]);
  });

  it('should create the quarantine directory when it is missing', async () => {
    const nested = join(dir, 'a', 'b');

    const result = await writeToQuarantine(Readable.from([Buffer.from('x')]), { dir: nested, maxBytes: 10 });

    expect(await readdir(nested)).toHaveLength(1);
    expect(result.size).toBe(1);
  });
});
