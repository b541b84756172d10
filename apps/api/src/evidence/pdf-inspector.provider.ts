import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '@config';
import { APP_CONFIG } from '@lib/database';
import { PdfInspector } from '@lib/pdf';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

/**
 * The api's one pool of PDF-checking worker threads (@lib/pdf), sized and limited by config
 * (PDF_CHECK_THREADS, PDF_CHECK_TIMEOUT_MS, PDF_CHECK_MEMORY_MB), closed with the application.
 */
/** The PEM texts of the certificate files in `dir` (none when unset). */
function readCertificates(dir: string | undefined): Promise<string[]> {
  return dir
    ? readdir(dir).then(async (names) => {
        const files = names.filter((n) => ['.pem', '.crt', '.cer'].includes(extname(n).toLowerCase()));
        return Promise.all(files.map((n) => readFile(join(dir, n), 'utf8')));
      })
    : Promise.resolve([]);
}

@Injectable()
export class EvidencePdfChecks implements OnModuleDestroy {
  private readonly logger = new Logger('EvidencePdfChecks');
  readonly inspector: PdfInspector;
  private anchors: Promise<string[]> | undefined;
  private intermediateCerts: Promise<string[]> | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.inspector = new PdfInspector({
      threads: config.pdf.threads,
      timeoutMs: config.pdf.checkTimeoutMs,
      memoryLimitMb: config.pdf.memoryLimitMb,
      onWorkerError: (error) => this.logger.warn(`a PDF-checking worker failed and was replaced: ${error.message}`),
    });
  }

  /** PEM/DER certificates in `uploads.trustAnchorsDir`, read once; none → trust "not evaluated". */
  trustAnchors(): Promise<string[]> {
    this.anchors ??= readCertificates(this.config.uploads.trustAnchorsDir);
    return this.anchors;
  }

  /** Intermediate CA certificates in `uploads.intermediatesDir`, read once: path building only, not trust. */
  intermediates(): Promise<string[]> {
    this.intermediateCerts ??= readCertificates(this.config.uploads.intermediatesDir);
    return this.intermediateCerts;
  }

  async onModuleDestroy(): Promise<void> {
    await this.inspector.close();
  }
}
