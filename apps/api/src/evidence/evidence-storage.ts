/**
 * Where evidence files live: `<uploads.dir>/quarantine/<random>.upload` while untrusted, then
 * `<uploads.dir>/files/<aa>/<bb>/<sha256>.pdf` — outside any web root, named by the server from the
 * content hash, so the same bytes are stored once and no client-supplied name ever reaches the disk.
 */
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export class EvidenceStorage {
  constructor(private readonly root: string) {}

  get quarantineDir(): string {
    return join(this.root, 'quarantine');
  }

  /** Storage key (relative path) for a hash. */
  keyOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) {
      throw new RangeError('sha256 must be 64 lower-case hex characters');
    }
    return join('files', sha256.slice(0, 2), sha256.slice(2, 4), `${sha256}.pdf`);
  }

  pathOf(key: string): string {
    return join(this.root, key);
  }

  /**
   * Move a checked quarantine file to its content address. If the address already holds the same bytes
   * (a duplicate upload), the quarantine copy is dropped. Returns whether this call created the file.
   */
  async promote(quarantinePath: string, sha256: string): Promise<{ key: string; created: boolean }> {
    const key = this.keyOf(sha256);
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    const exists = await stat(target).then(
      () => true,
      () => false,
    );
    if (exists) {
      await unlink(quarantinePath).catch(() => undefined);
      return { key, created: false };
    }
    // Same filesystem (both under root): rename is atomic; identical content makes a race harmless.
    await rename(quarantinePath, target);
    return { key, created: true };
  }

  async remove(key: string): Promise<void> {
    await unlink(this.pathOf(key)).catch(() => undefined);
  }
}
