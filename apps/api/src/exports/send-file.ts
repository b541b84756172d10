import type { Response } from 'express';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF = 'application/pdf';
export const ZIP = 'application/zip';

/** Send a generated document as a download (ASCII file name plus the RFC 5987 form). */
export function sendFile(res: Response, body: Buffer, type: string, fileName: string): void {
  res.setHeader('content-type', type);
  res.setHeader(
    'content-disposition',
    `attachment; filename="${fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
  );
  res.setHeader('cache-control', 'no-store');
  res.status(200).end(body);
}
