/**
 * The worker-thread side of {@link PdfInspector}: one module, loaded once per thread (pdf.js and pkijs stay
 * warm), one named export per kind of task. A rejection of the file is returned as data (typed errors do not
 * survive the thread boundary); anything else is thrown and becomes a server error in the api.
 */
import type { MessagePort } from 'node:worker_threads';
import { EvidenceFileError, toErrorData, type EvidenceFileErrorData } from '../errors';
import { inspectPdf, type InspectPdfOptions, type PdfInspection } from '../inspect';
import { loadPdfjs } from '../structure/pdfjs';

loadPdfjs();

export interface InspectTask {
  path: string;
  options: InspectPdfOptions;
  /** Told when the task starts running, so the time limit counts work, not the wait in the queue. */
  started: MessagePort;
}

export type InspectOutcome = { ok: true; inspection: PdfInspection } | { ok: false; rejection: EvidenceFileErrorData };

export async function inspect(task: InspectTask): Promise<InspectOutcome> {
  task.started.postMessage('started');
  task.started.close();
  try {
    return { ok: true, inspection: await inspectPdf(task.path, task.options) };
  } catch (error: unknown) {
    if (error instanceof EvidenceFileError) {
      return { ok: false, rejection: toErrorData(error) };
    }
    throw error;
  }
}
