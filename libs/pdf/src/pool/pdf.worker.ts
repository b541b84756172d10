/**
 * The worker-thread side of {@link PdfInspector}: one module, loaded once per thread (pdf.js and pkijs stay
 * warm), one named export per kind of task. A rejection of the file is returned as data (typed errors do not
 * survive the thread boundary); anything else is thrown and becomes a server error in the api.
 */
import type { MessagePort } from 'node:worker_threads';
import { EvidenceFileError, toErrorData, type EvidenceFileErrorData } from '../errors';
import { inspectPdf, type InspectionPart, type InspectPdfOptions, type PartialInspection } from '../inspect';
import type { SignedRangeDigest } from '../signatures/pdf-signature-verifier';
import { loadPdfjs } from '../structure/pdfjs';

loadPdfjs();

export interface InspectTask {
  path: string;
  options: Omit<InspectPdfOptions, 'signedRangeDigest'>;
  /** Which parts to run (both, on one read of the file, or one of them while another thread runs the other). */
  parts: readonly InspectionPart[];
  /** Told when the task starts running, so the time limit counts work, not the wait in the queue. */
  started: MessagePort;
  /** Where the caller answers {@link InspectPdfOptions.signedRangeDigest} (absent: the ranges are hashed here). */
  digests?: MessagePort;
}

export interface DigestRequest {
  id: number;
  byteRange: readonly [number, number, number, number];
  algorithm: string;
}

export interface DigestAnswer {
  id: number;
  digest: Uint8Array | null;
}

export type InspectOutcome =
  { ok: true; inspection: PartialInspection } | { ok: false; rejection: EvidenceFileErrorData };

export async function inspect(task: InspectTask): Promise<InspectOutcome> {
  task.started.postMessage('started');
  task.started.close();
  const digests = task.digests ? askForDigests(task.digests) : undefined;
  try {
    return {
      ok: true,
      inspection: await inspectPdf(task.path, { ...task.options, signedRangeDigest: digests?.ask }, task.parts),
    };
  } catch (error: unknown) {
    if (error instanceof EvidenceFileError) {
      return { ok: false, rejection: toErrorData(error) };
    }
    throw error;
  } finally {
    digests?.close();
  }
}

/** `signedRangeDigest` as questions to the caller over `port` (a closed port answers null: hash here). */
function askForDigests(port: MessagePort): { ask: SignedRangeDigest; close(): void } {
  const waiting = new Map<number, (digest: Uint8Array | null) => void>();
  let next = 0;
  const answerAll = () => {
    for (const resolve of waiting.values()) {
      resolve(null);
    }
    waiting.clear();
  };
  port.on('message', ({ id, digest }: DigestAnswer) => {
    waiting.get(id)?.(digest);
    waiting.delete(id);
  });
  port.on('close', answerAll);
  return {
    ask: (byteRange, algorithm) =>
      new Promise((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        port.postMessage({ id, byteRange, algorithm } satisfies DigestRequest);
      }),
    close: () => {
      answerAll();
      port.close();
    },
  };
}
