/**
 * Document builders, one renderer per file: ranking tables and the consolidated table (.xlsx), the decision's
 * appendix (.docx and .pdf), a unit's detailed result sheet (.xlsx) and the council minutes (.docx). Pure
 * functions of the data they are given (no database), so the same bytes come out of the API and of a report job.
 */
export { appendixDocx } from './appendix-docx';
export { appendixPdf } from './appendix-pdf';
export { consolidationXlsx } from './consolidation-xlsx';
export { minutesDocx, type MinutesDoc } from './minutes-docx';
export { pdfFontPath } from './pdf-font';
export { viDate, type PublicationDoc, type PublishedRow, type PublishedTable } from './publication-doc';
export { rankingsXlsx } from './rankings-xlsx';
export { unitResultXlsx, type UnitResultSummary } from './unit-result-xlsx';
