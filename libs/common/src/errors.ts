/**
 * Domain errors: plain classes with a code and a message in Vietnamese and English. They carry no HTTP
 * types (the api maps `kind` to a status in one filter; the worker logs them), so libs stay transport-free.
 */
export type AppErrorKind =
  | 'invalid'
  /** Well-formed but refused by a business check on the stored state (e.g. an incomplete sheet's submit). */
  | 'unprocessable'
  | 'notFound'
  | 'conflict'
  | 'locked'
  | 'forbidden'
  | 'unauthorised'
  | 'unavailable'
  | 'tooLarge'
  | 'unsupported'
  | 'timeout';

export class AppError extends Error {
  constructor(
    readonly kind: AppErrorKind,
    readonly code: string,
    readonly messageVi: string,
    readonly messageEn: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(messageEn);
    this.name = 'AppError';
  }
}

/**
 * Every bilingual text on the wire has this shape — error bodies, problems in error details, problem lists in
 * answers: `message` in English, `messageVi` in Vietnamese (what people read). Internal code may build texts
 * Vietnamese first (`new AppError(kind, code, vi, en)`); what leaves the api is always this.
 */
export interface BilingualMessage {
  message: string;
  messageVi: string;
}

export const notFound = (what = 'resource') =>
  new AppError('notFound', 'NOT_FOUND', 'Không tìm thấy dữ liệu yêu cầu.', `The requested ${what} was not found.`);
