/** Evidence as the api answers it, and pipeline rejections as the api's errors. */
import { EVIDENCE_FILE_ERROR_HTTP_STATUS, EvidenceFileError, type PdfSignaturesResult } from '@lib/pdf';
import { AppError } from '@lib/common';
import type { SheetDocument } from './evidence.queries';
import { evidenceRef } from '../sheets/sheet-view';
import type { EvidenceView } from './dto/evidence.dto';

export function toEvidenceView(sheetId: number, doc: SheetDocument, deduplicated: boolean): EvidenceView {
  return {
    ...evidenceRef(doc),
    sheetId,
    sha256: doc.sha256,
    riskFlags: doc.riskFlags,
    deduplicated,
  };
}

/** The earliest signing time among signatures that verified: what a `deadline` leaf may rely on. */
export function earliestVerifiedSigning(result: PdfSignaturesResult): Date | null {
  const times = result.signatures
    .map((s) => ({ ...s, time: s.trustedTime ?? s.signingTime }))
    .filter((s) => s.time && s.byteRangeValid && s.digestMatches && s.signatureValid)
    .map((s) => Date.parse(s.time!));
  return times.length ? new Date(Math.min(...times)) : null;
}

/** Pipeline rejections (plain domain errors of @lib/pdf) as the API's AppError, with their vi/en messages. */
export function toAppError(error: unknown): unknown {
  if (error instanceof EvidenceFileError) {
    const status = EVIDENCE_FILE_ERROR_HTTP_STATUS[error.code];
    const kind =
      status === 413 ? 'tooLarge' : status === 415 ? 'unsupported' : status === 503 ? 'unavailable' : 'invalid';
    return new AppError(kind, error.code, error.messageVi, error.messageEn);
  }
  return error;
}
