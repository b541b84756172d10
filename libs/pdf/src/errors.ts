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
  | 'PDF_TOO_COMPLEX'
  | 'PDF_CHECK_BUSY'
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

/**
 * The stream went past `maxBytes`; the partial file has been deleted. The message names the unit that is
 * enforced — binary mebibytes, and the exact byte count — so "20 MiB" is never read as 20,000,000 bytes.
 */
export class UploadTooLargeError extends EvidenceFileError {
  readonly code = 'UPLOAD_TOO_LARGE';

  constructor(readonly maxBytes: number) {
    const vi = describeLimit(maxBytes, 'vi');
    const en = describeLimit(maxBytes, 'en');
    super(
      `Tệp vượt quá dung lượng cho phép: tối đa ${vi}; vui lòng giảm dung lượng tệp rồi tải lên lại`,
      `The file is larger than the limit: at most ${en}; please make it smaller and upload it again`,
    );
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
  readonly code: 'MALFORMED_PDF' | 'PDF_TRUNCATED' | 'PDF_CHECK_TIMEOUT' | 'PDF_TOO_COMPLEX' = 'MALFORMED_PDF';

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

/**
 * Checking the file went over a resource limit: a compressed stream that expands beyond its budget (a
 * decompression bomb), or the checking worker ran out of memory. The worker was replaced; nothing was kept.
 */
export class PdfTooComplexError extends MalformedPdfError {
  override readonly code = 'PDF_TOO_COMPLEX';

  constructor(reason: string) {
    super(
      reason,
      'Tệp PDF quá phức tạp để kiểm tra (vượt giới hạn bộ nhớ hoặc dung lượng giải nén); vui lòng lưu hoặc in lại thành PDF rồi tải lên lại',
      'The PDF is too complex to check (it exceeds the memory or decompression limit); please save or print it to PDF again and upload that',
    );
  }
}

/** Every checking worker is busy and the queue is full (or the wait too long): a server condition, try again. */
export class PdfCheckBusyError extends EvidenceFileError {
  readonly code = 'PDF_CHECK_BUSY';

  constructor() {
    super(
      'Hệ thống đang kiểm tra nhiều tệp cùng lúc; chưa có gì được lưu — vui lòng tải lên lại sau ít phút',
      'The system is checking many files at once; nothing was saved — please upload again in a few minutes',
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
  PDF_TOO_COMPLEX: 422,
  PDF_CHECK_BUSY: 503,
  PDF_ENCRYPTED: 422,
};

/** A byte limit as people read it: "20 MiB (20.971.520 byte)" / "20 MiB (20,971,520 bytes)". */
export function describeLimit(bytes: number, lang: 'vi' | 'en'): string {
  const mib = bytes / (1024 * 1024);
  const size = Number.isInteger(mib)
    ? `${mib} MiB`
    : mib >= 1
      ? `${mib.toFixed(1)} MiB`
      : `${Math.round(bytes / 1024)} KiB`;
  const exact = bytes.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-US');
  return lang === 'vi' ? `${size} (${exact} byte)` : `${size} (${exact} bytes)`;
}

/** The wire form of a rejection, as a worker thread returns it (class identity does not cross threads). */
export interface EvidenceFileErrorData {
  code: EvidenceFileErrorCode;
  reason?: string;
  timeoutMs?: number;
  maxBytes?: number;
}

export function toErrorData(error: EvidenceFileError): EvidenceFileErrorData {
  return {
    code: error.code,
    reason: error instanceof MalformedPdfError ? error.reason : undefined,
    timeoutMs: error instanceof PdfCheckTimeoutError ? error.timeoutMs : undefined,
    maxBytes: error instanceof UploadTooLargeError ? error.maxBytes : undefined,
  };
}

/** Rebuilds the typed rejection on this side of a worker boundary. */
export function fromErrorData(data: EvidenceFileErrorData): EvidenceFileError {
  switch (data.code) {
    case 'UPLOAD_TOO_LARGE':
      return new UploadTooLargeError(data.maxBytes ?? 0);
    case 'UPLOAD_ABORTED':
      return new UploadAbortedError(undefined);
    case 'EMPTY_FILE':
      return new EmptyFileError();
    case 'NOT_A_PDF':
      return new NotAPdfError();
    case 'MALFORMED_PDF':
      return new MalformedPdfError(data.reason ?? 'unknown error');
    case 'PDF_TRUNCATED':
      return new TruncatedPdfError();
    case 'PDF_CHECK_TIMEOUT':
      return new PdfCheckTimeoutError(data.timeoutMs ?? 0);
    case 'PDF_TOO_COMPLEX':
      return new PdfTooComplexError(data.reason ?? 'resource limit');
    case 'PDF_CHECK_BUSY':
      return new PdfCheckBusyError();
    case 'PDF_ENCRYPTED':
      return new EncryptedPdfError();
  }
}
