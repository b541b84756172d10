/**
 * Libraries only some requests need — spreadsheets, Word and PDF documents, stored mail, ZIP archives — loaded on
 * their first use instead of when a process starts. Together they are about 4 MB of JavaScript (exceljs with its
 * zip readers, docx, pdfkit with fontkit and its brotli tables, mailparser, archiver) that every api, worker and
 * reports process, and every test file that starts an api, parsed and ran before doing anything else.
 *
 * Lint allows these packages elsewhere only as `import type` (eslint.config.mjs, "heavyLibraries"), so a value
 * import cannot bring them back into every start unnoticed.
 */

/** The first call starts the import; every later call shares its promise. */
function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

export const loadExcelJs = onFirstUse(() => import('exceljs'));
export const loadDocx = onFirstUse(() => import('docx'));
export const loadPdfKit = onFirstUse(async () => (await import('pdfkit')).default);
export const loadMailParser = onFirstUse(() => import('mailparser'));
export const loadArchiver = onFirstUse(() => import('archiver'));

export type Docx = Awaited<ReturnType<typeof loadDocx>>;
