/**
 * pdf.js (`pdfjs-dist`, Apache-2.0) as a PDF parser for untrusted files. It ships as ES modules; Node 20.19+
 * loads them with `require` (no top-level await in them), which keeps this library CommonJS like the rest.
 * In Node, pdf.js runs its "worker" side in the calling thread; we call it only inside our own worker threads.
 */
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import type * as Pdfjs from 'pdfjs-dist';

export type PdfjsDocument = Pdfjs.PDFDocumentProxy;

const load = createRequire(__filename);
let pdfjs: typeof Pdfjs | undefined;

function library(): typeof Pdfjs {
  if (!pdfjs) {
    const root = dirname(load.resolve('pdfjs-dist/package.json'));
    // Registering the worker side globally spares pdf.js its own dynamic import() of pdf.worker.mjs.
    const worker = load(join(root, 'legacy/build/pdf.worker.mjs')) as { WorkerMessageHandler: unknown };
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    pdfjs = load(join(root, 'legacy/build/pdf.mjs')) as typeof Pdfjs;
  }
  return pdfjs;
}

/** Loads pdf.js now (a worker thread does it at start, so no file's time limit pays for it). */
export function loadPdfjs(): void {
  library();
}

/** Where pdf.js finds the predefined CMaps and the standard fonts' metrics: inside its own npm package. */
function dataDir(name: string): string {
  return `${join(dirname(load.resolve('pdfjs-dist/package.json')), name)}/`;
}

/**
 * Opens `pdf` strictly (pdf.js detaches the memory it is given: `pdf` is copied, unless `handOver` says the caller
 * is done with it and it is the whole of its memory): `stopAtErrors` turns content
 * that does not parse into a rejection instead of a silent repair; no eval, no system fonts, no font faces,
 * no network (the data is in memory, CMaps and fonts are read from the package directory).
 */
export function openWithPdfjs(pdf: Buffer, handOver = false): Promise<PdfjsDocument> {
  const lib = library();
  const whole = handOver && pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength;
  return lib.getDocument({
    data: whole ? new Uint8Array(pdf.buffer, 0, pdf.byteLength) : new Uint8Array(pdf),
    stopAtErrors: true,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    isOffscreenCanvasSupported: false,
    verbosity: lib.VerbosityLevel.ERRORS,
    cMapUrl: dataDir('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: dataDir('standard_fonts'),
  }).promise;
}
