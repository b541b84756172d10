/**
 * Typed rejections of an uploaded evidence file. They are plain domain errors (no HTTP here); the API maps
 * `code` to a status in its exception filter — {@link EVIDENCE_FILE_ERROR_HTTP_STATUS} is the suggested map —
 * and shows `messageVi` / `messageEn` to the user. Messages never contain server paths.
 */
export type EvidenceFileErrorCode =
  | 'UPLOAD_TOO_LARGE'
  | 'UPLOAD_ABORTED'
  | 'EMPTY_FILE'
  | 'NOT_A_PDF'
  | 'MALFORMED_PDF'
  | 'PDF_TRUNCATED'
  | 'PDF_CHECK_TIMEOUT'
  | 'PDF_ENCRYPTED';

/** Base class: every rejection carries a stable code and a message in Vietnamese and in English. */
export abstract class EvidenceFileError extends Error {
  abstract readonly code: EvidenceFileErrorCode;

  protected constructor(
    readonly messageVi: string,
    readonly messageEn: string,
    options?: { cause?: unknown },
  ) {
    super(messageEn, options);
    this.name = new.target.name;
  }

  /** The body the API returns with the 4xx. */
  toJSON(): { code: EvidenceFileErrorCode; messageVi: string; messageEn: string } {
    return { code: this.code, messageVi: this.messageVi, messageEn: this.messageEn };
  }
}

/** The stream went past `maxBytes`; the partial file has been deleted. */
export class UploadTooLargeError extends EvidenceFileError {
  readonly code = 'UPLOAD_TOO_LARGE';

  constructor(readonly maxBytes: number) {
    const mb = formatMegabytes(maxBytes);
    super(`Tệp vượt quá dung lượng cho phép (tối đa ${mb} MB)`, `The file is larger than the limit of ${mb} MB`);
  }
}

/** The upload stream failed (client abort, disk error); the partial file has been deleted. */
export class UploadAbortedError extends EvidenceFileError {
  readonly code = 'UPLOAD_ABORTED';

  constructor(cause: unknown) {
    super('Tải tệp lên bị gián đoạn, vui lòng thử lại', 'The upload was interrupted; please try again', { cause });
  }
}

export class EmptyFileError extends EvidenceFileError {
  readonly code = 'EMPTY_FILE';

  constructor() {
    super('Tệp rỗng', 'The file is empty');
  }
}

/** No `%PDF-` at offset 0, whatever the file name or Content-Type said (ASVS 5.2.2). */
export class NotAPdfError extends EvidenceFileError {
  readonly code = 'NOT_A_PDF';

  constructor() {
    super('Tệp không phải PDF', 'The file is not a PDF');
  }
}

/** The structure does not parse. `reason` is short, English, and free of server paths. */
export class MalformedPdfError extends EvidenceFileError {
  readonly code: 'MALFORMED_PDF' | 'PDF_TRUNCATED' | 'PDF_CHECK_TIMEOUT' = 'MALFORMED_PDF';

  constructor(
    readonly reason: string,
    messageVi = `Tệp PDF bị lỗi cấu trúc (${reason})`,
    messageEn = `The PDF is malformed (${reason})`,
  ) {
    super(messageVi, messageEn);
  }
}

/** No `%%EOF` in the last 1 KiB: the upload was most likely cut short. */
export class TruncatedPdfError extends MalformedPdfError {
  override readonly code = 'PDF_TRUNCATED';

  constructor() {
    super(
      'no %%EOF in the last 1 KiB',
      'Tệp PDF không đầy đủ (thiếu phần kết thúc), vui lòng tải lên lại',
      'The PDF is incomplete (no end-of-file marker); please upload it again',
    );
  }
}

/**
 * The structural parser did not finish within the time limit. Treated as malformed: a file that takes that
 * long to parse is either a parser bomb or not worth the server's time.
 */
export class PdfCheckTimeoutError extends MalformedPdfError {
  override readonly code = 'PDF_CHECK_TIMEOUT';

  constructor(readonly timeoutMs: number) {
    super(
      `parser timed out after ${timeoutMs} ms`,
      'Không kiểm tra được cấu trúc tệp PDF trong thời gian cho phép',
      'The PDF structure could not be checked within the time limit',
    );
  }
}

/** The PDF needs a password to open, so it can be neither checked nor read by appraisers. */
export class EncryptedPdfError extends EvidenceFileError {
  readonly code = 'PDF_ENCRYPTED';

  constructor() {
    super(
      'Tệp PDF được đặt mật khẩu, vui lòng tải lên bản không mật khẩu',
      'The PDF is password-protected; please upload it without a password',
    );
  }
}

/** Suggested HTTP status per code, for the API's exception filter. */
export const EVIDENCE_FILE_ERROR_HTTP_STATUS: Readonly<Record<EvidenceFileErrorCode, number>> = {
  UPLOAD_TOO_LARGE: 413,
  UPLOAD_ABORTED: 400,
  EMPTY_FILE: 422,
  NOT_A_PDF: 415,
  MALFORMED_PDF: 422,
  PDF_TRUNCATED: 422,
  PDF_CHECK_TIMEOUT: 422,
  PDF_ENCRYPTED: 422,
};

function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return Number.isInteger(mb) ? String(mb) : mb.toFixed(1);
}
