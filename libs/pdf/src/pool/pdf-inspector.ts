import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { PdfCheckBusyError, PdfCheckTimeoutError, PdfTooComplexError, fromErrorData } from '../errors';
import {
  ALL_PARTS,
  type InspectionPart,
  type InspectPdfOptions,
  type PartialInspection,
  type PdfInspection,
} from '../inspect';
import type { SignedRangeDigest } from '../signatures/pdf-signature-verifier';
import type { DigestAnswer, DigestRequest, InspectOutcome, InspectTask } from './pdf.worker';

export interface PdfInspectorOptions {
  /** Worker threads. Default: the number of cores, at most 4. */
  threads?: number;
  /** Time limit per file, from the moment a worker starts on it. */
  timeoutMs: number;
  /** V8 heap limit per worker thread (old generation), in MiB. */
  memoryLimitMb: number;
  /** Files waiting for a worker before new ones are refused (503, "try again"). Default: threads × 16. */
  maxQueue?: number;
  /** Longest wait for a worker before the file is refused as busy. Default: 2 minutes. */
  queueTimeoutMs?: number;
  /**
   * Backstop for memory V8 does not count (ArrayBuffers, which a heap limit does not bound): while files are
   * being checked, the process RSS may grow at most this much above what it was when the first one started;
   * past it, the files in progress are refused and their workers replaced. Default: threads × 2 × memoryLimitMb.
   */
  maxRssGrowthMb?: number;
  /** Told about worker failures that are not a file's fault (for the log). */
  onWorkerError?: (error: Error) => void;
  /**
   * Files of at least this many bytes have their structure check and their signatures checked in two threads at
   * once when two are free (see {@link PdfInspector.inspect}). Default: 2 MiB.
   */
  splitFromBytes?: number;
}

type AbortReason = 'timeout' | 'queue' | 'memory';

/**
 * Runs the untrusted-PDF work ({@link inspectPdf}: structure check, signature scan, CMS verification) in a
 * pool of worker threads (piscina), so a hostile file can neither freeze nor crash the process that serves
 * requests: each file gets a time limit (counted from when a worker starts on it) and a heap limit; over a
 * limit, the worker is terminated and replaced, and the upload is refused with a typed 4xx error
 * ({@link PdfCheckTimeoutError}, {@link PdfTooComplexError}). A full queue refuses with
 * {@link PdfCheckBusyError} (503) instead of piling up.
 *
 * Extending it (e.g. a validation with revocation checks): add a named export to `pdf.worker.ts` and a
 * method here that calls it through {@link run}.
 */
export class PdfInspector {
  private readonly pool: Piscina;
  private readonly threads: number;
  private readonly splitFromBytes: number;
  private readonly timeoutMs: number;
  private readonly queueTimeoutMs: number;
  private readonly maxRssGrowthBytes: number;
  private readonly active = new Set<AbortController>();
  private rssAtStart = 0;
  private watchdog: NodeJS.Timeout | undefined;

  constructor(opts: PdfInspectorOptions) {
    const threads = opts.threads ?? Math.min(4, availableParallelism());
    // Compiled (dist/…/pdf.worker.js) in production; run from source (npm start, jest) the worker is the .ts file,
    // which the thread loads through the repository's cached transpiling hook (scripts/register-ts.js).
    const ext = extname(__filename);
    this.pool = new Piscina({
      filename: join(__dirname, `pdf.worker${ext}`),
      // Piscina loads this handler when a thread starts (and fails the thread if it is missing).
      name: 'inspect',
      execArgv: ext === '.ts' ? ['-r', join(__dirname, '../../../../scripts/register-ts.js')] : [],
      // No thread until the first file: a process that never checks a PDF (most api starts in the test suite,
      // a quiet reports worker) holds none; the first file pays a thread's start (~0.1 s compiled), small beside
      // the upload itself. Threads idle for a minute end again.
      minThreads: 0,
      maxThreads: threads,
      maxQueue: opts.maxQueue ?? threads * 16,
      idleTimeout: 60_000,
      // A thread waits for its next file with Atomics.waitAsync, its event loop free, rather than blocked in
      // Atomics.wait: the major GC that each large file's fresh buffer sets off (pdf.js takes the memory it is given)
      // then runs its tasks while the thread waits, instead of inside the next file's check (a 10 MB file's check:
      // median 26.5–28.5 ms against 30–33, fastest tenth 17–21 against 22–26).
      atomics: 'async',
      resourceLimits: {
        maxOldGenerationSizeMb: opts.memoryLimitMb,
        maxYoungGenerationSizeMb: Math.max(16, Math.round(opts.memoryLimitMb / 8)),
        stackSizeMb: 4,
      },
    });
    this.pool.on('error', (error: Error) => opts.onWorkerError?.(error));
    this.threads = threads;
    this.splitFromBytes = opts.splitFromBytes ?? 2 * 1024 * 1024;
    this.timeoutMs = opts.timeoutMs;
    this.queueTimeoutMs = opts.queueTimeoutMs ?? 120_000;
    this.maxRssGrowthBytes = (opts.maxRssGrowthMb ?? threads * 2 * opts.memoryLimitMb) * 1024 * 1024;
  }

  /**
   * Structure check + signatures of the file at `path`; rejects with an {@link EvidenceFileError} subclass.
   * `signedRangeDigest` (a function, which cannot cross to the thread) is answered here, over a channel of the task.
   *
   * A large file (`splitFromBytes`) that finds two threads free is checked as two tasks at once, the structure in
   * one thread and the signatures in the other, so the upload waits for the longer part instead of both (a 10 MB
   * file: about 15 ms less of its ~100 ms). Each thread then reads the file itself (a few ms from the page cache,
   * on a core that was idle). When threads are busy — the deadline rush — every file is one task: splitting would
   * add a read and save nothing, since both cores already have work. Small files are one task too: their parts
   * take a few ms, less than a second task's round trip.
   */
  async inspect(path: string, { signedRangeDigest, ...options }: InspectPdfOptions): Promise<PdfInspection> {
    const split = this.active.size + 2 <= this.threads && (await sizeOf(path)) >= this.splitFromBytes;
    if (!split) {
      return whole(await this.inspectParts(path, options, signedRangeDigest, ALL_PARTS));
    }
    const [structure, signatures] = await Promise.allSettled([
      this.inspectParts(path, options, undefined, ['structure']),
      this.inspectParts(path, options, signedRangeDigest, ['signatures']),
    ]);
    // The structure's refusal first, as when one thread runs the parts in order: a file that is not a readable PDF
    // is refused as that, whatever its signatures' check ran into.
    if (structure.status === 'rejected') {
      throw structure.reason;
    }
    if (signatures.status === 'rejected') {
      throw signatures.reason;
    }
    return whole({ ...structure.value, ...signatures.value });
  }

  private async inspectParts(
    path: string,
    options: Omit<InspectPdfOptions, 'signedRangeDigest'>,
    signedRangeDigest: SignedRangeDigest | undefined,
    parts: readonly InspectionPart[],
  ): Promise<PartialInspection> {
    const digests = signedRangeDigest ? answerDigests(signedRangeDigest) : undefined;
    try {
      const outcome = await this.run<InspectOutcome>(
        'inspect',
        (started) => ({ path, options, parts, started, digests: digests?.port }) satisfies InspectTask,
        digests ? [digests.port] : [],
      );
      if (!outcome.ok) {
        throw fromErrorData(outcome.rejection);
      }
      return outcome.inspection;
    } finally {
      digests?.close();
    }
  }

  /** Worker threads currently alive (for tests: a killed worker is replaced). */
  get threadCount(): number {
    return this.pool.threads.length;
  }

  async close(): Promise<void> {
    clearInterval(this.watchdog);
    await this.pool.destroy();
  }

  private async run<T>(name: string, task: (started: MessagePort) => object, transfer: MessagePort[] = []): Promise<T> {
    const controller = new AbortController();
    const { port1, port2 } = new MessageChannel();
    let timer = setTimeout(() => controller.abort('queue' satisfies AbortReason), this.queueTimeoutMs);
    let started = false;
    port1.once('message', () => {
      started = true;
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort('timeout' satisfies AbortReason), this.timeoutMs);
    });
    port1.unref();
    this.track(controller);
    try {
      return (await this.pool.run(task(port2), {
        name,
        transferList: [port2, ...transfer],
        signal: controller.signal,
      })) as T;
    } catch (error: unknown) {
      throw this.translate(error, controller.signal, started);
    } finally {
      clearTimeout(timer);
      port1.close();
      this.untrack(controller);
    }
  }

  private translate(error: unknown, signal: AbortSignal, started: boolean): unknown {
    const reason = signal.aborted ? (signal.reason as AbortReason) : undefined;
    if (reason === 'timeout') {
      return new PdfCheckTimeoutError(this.timeoutMs);
    }
    if (reason === 'memory') {
      return new PdfTooComplexError('the check used more memory than allowed');
    }
    if (reason === 'queue' || /queue is at limit/i.test((error as Error)?.message ?? '')) {
      return new PdfCheckBusyError();
    }
    if ((error as { code?: string })?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      // Out of memory before the file was even looked at: the heap limit is too small for the worker itself.
      return started
        ? new PdfTooComplexError('the check ran out of memory')
        : new Error('a PDF-checking worker ran out of memory while starting: raise PDF_CHECK_MEMORY_MB');
    }
    return error;
  }

  /** Starts the RSS watchdog with the first file in progress and stops it with the last one. */
  private track(controller: AbortController): void {
    if (this.active.size === 0) {
      this.rssAtStart = process.memoryUsage.rss();
      this.watchdog = setInterval(() => this.checkMemory(), 50);
      this.watchdog.unref();
    }
    this.active.add(controller);
  }

  private untrack(controller: AbortController): void {
    this.active.delete(controller);
    if (this.active.size === 0) {
      clearInterval(this.watchdog);
    }
  }

  private checkMemory(): void {
    if (process.memoryUsage.rss() - this.rssAtStart > this.maxRssGrowthBytes) {
      // Which thread allocates cannot be told from here: refuse every file in progress (a rare event).
      for (const controller of this.active) {
        controller.abort('memory' satisfies AbortReason);
      }
    }
  }
}

/** Both parts of an inspection, or an error: a worker answered without one it was asked for (a bug, not the file). */
function whole({ check, signatures }: PartialInspection): PdfInspection {
  if (!check || !signatures) {
    throw new Error('a PDF-checking worker left out a part of the inspection it was asked for');
  }
  return { check, signatures };
}

/** The file's size, or 0 when it cannot be read (the worker then refuses it, as it would any unreadable file). */
function sizeOf(path: string): Promise<number> {
  return stat(path).then(
    (s) => s.size,
    () => 0,
  );
}

/**
 * The thread's side of `signedRangeDigest` is `port` (see pdf.worker.ts): each request `{ id, byteRange, algorithm }`
 * is answered `{ id, digest }` (null when the function has none, or fails: the thread then hashes the ranges).
 */
function answerDigests(signedRangeDigest: SignedRangeDigest): { port: MessagePort; close(): void } {
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (request: DigestRequest) => {
    void signedRangeDigest(request.byteRange, request.algorithm).then(
      (digest) => port1.postMessage({ id: request.id, digest } satisfies DigestAnswer),
      () => port1.postMessage({ id: request.id, digest: null } satisfies DigestAnswer),
    );
  });
  port1.unref();
  return { port: port2, close: () => port1.close() };
}
