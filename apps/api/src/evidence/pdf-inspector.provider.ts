import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '@config';
import { APP_CONFIG } from '@lib/database';
import {
  PDF_VERIFIER_VERSION,
  PdfInspector,
  type KnownDigest,
  type PdfInspection,
  type SignedRangeDigest,
} from '@lib/pdf';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { trustFingerprint, type TrustConfiguration } from './trust-configuration';

/** The PEM texts of the certificate files in `dir` (none when unset). */
function readCertificates(dir: string | undefined): Promise<string[]> {
  return dir
    ? readdir(dir).then(async (names) => {
        const files = names
          .filter((n) => ['.pem', '.crt', '.cer'].includes(extname(n).toLowerCase()))
          .sort((a, b) => a.localeCompare(b));
        return Promise.all(files.map((n) => readFile(join(dir, n), 'utf8')));
      })
    : Promise.resolve([]);
}

/** What a check computed, with the key its verdict is stored under. */
export interface KeyedInspection extends PdfInspection {
  verifierVersion: string;
  trustFingerprint: string;
}

/**
 * A process's one pool of PDF-checking worker threads (@lib/pdf), sized and limited by config
 * (PDF_CHECK_THREADS, PDF_CHECK_TIMEOUT_MS, PDF_CHECK_MEMORY_MB), closed with the application; and the trust
 * configuration the checks run under, read once per process (changing it means restarting, which is when the
 * reports process re-checks stored verdicts).
 */
@Injectable()
export class EvidencePdfChecks implements OnModuleDestroy {
  private readonly logger = new Logger('EvidencePdfChecks');
  readonly inspector: PdfInspector;
  private trust: Promise<TrustConfiguration> | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.inspector = new PdfInspector({
      threads: config.pdf.threads,
      timeoutMs: config.pdf.checkTimeoutMs,
      memoryLimitMb: config.pdf.memoryLimitMb,
      onWorkerError: (error) => this.logger.warn(`a PDF-checking worker failed and was replaced: ${error.message}`),
    });
  }

  /**
   * Anchors (`uploads.trustAnchorsDir`; none → trust "not evaluated"), intermediates (`uploads.intermediatesDir`:
   * path building only, not trust) and the revocation mode, with their fingerprint.
   */
  trustConfiguration(): Promise<TrustConfiguration> {
    this.trust ??= (async () => {
      const [anchors, intermediates] = await Promise.all([
        readCertificates(this.config.uploads.trustAnchorsDir),
        readCertificates(this.config.uploads.intermediatesDir),
      ]);
      const revocation = this.config.pdf.revocation;
      return {
        anchors,
        intermediates,
        revocation,
        fingerprint: trustFingerprint({ anchors, intermediates, revocation }),
      };
    })();
    return this.trust;
  }

  /** The key a verdict computed now is stored under: (verifier version, trust fingerprint). */
  async currentKey(): Promise<{ verifierVersion: string; trustFingerprint: string }> {
    return { verifierVersion: PDF_VERIFIER_VERSION, trustFingerprint: (await this.trustConfiguration()).fingerprint };
  }

  /**
   * Structure check and every signature of the file at `path`, in a worker thread, under this process's trust.
   * `refreshRevocation`: fetch OCSP answers and CRLs again rather than reuse cached ones (a requested re-check).
   * `signedRangeDigest`: an upload's own (it hashed the file while receiving it), so the signed ranges are not
   * hashed a second time; `knownDigests`: the answers it worked out before the check (QuarantinedFile).
   */
  async inspect(
    path: string,
    opts: { refreshRevocation?: boolean; signedRangeDigest?: SignedRangeDigest; knownDigests?: KnownDigest[] } = {},
  ): Promise<KeyedInspection> {
    const trust = await this.trustConfiguration();
    const inspection = await this.inspector.inspect(path, {
      maxBytes: this.config.uploads.maxBytes,
      trustAnchors: trust.anchors,
      intermediates: trust.intermediates,
      revocation: { ...trust.revocation, refresh: opts.refreshRevocation === true },
      signedRangeDigest: opts.signedRangeDigest,
      knownDigests: opts.knownDigests,
    });
    return { ...inspection, verifierVersion: PDF_VERIFIER_VERSION, trustFingerprint: trust.fingerprint };
  }

  async onModuleDestroy(): Promise<void> {
    await this.inspector.close();
  }
}
