import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import { AppError, type AppErrorKind } from '@lib/common';
import { isConnectionFailure, isLockConflict, triggerSignal } from '@lib/database';
import type { Request, Response } from 'express';

const STATUS: Record<AppErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  unauthorised: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  notFound: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  locked: HttpStatus.LOCKED,
  tooLarge: HttpStatus.PAYLOAD_TOO_LARGE,
  unsupported: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  timeout: HttpStatus.REQUEST_TIMEOUT,
};

/** The body of every error answer: a code and a sentence in Vietnamese and in English — never a stack. */
export interface ErrorBody {
  error: { code: string; message: string; messageVi: string; details?: unknown; requestId?: string };
}

const GENERIC: Record<number, [string, string, string]> = {
  400: ['BAD_REQUEST', 'Yêu cầu không hợp lệ.', 'The request is not valid.'],
  401: ['UNAUTHORISED', 'Vui lòng đăng nhập.', 'Please sign in.'],
  403: ['FORBIDDEN', 'Bạn không có quyền thực hiện thao tác này.', 'You may not do this.'],
  404: ['NOT_FOUND', 'Không tìm thấy dữ liệu yêu cầu.', 'Not found.'],
  413: ['TOO_LARGE', 'Dữ liệu gửi lên quá lớn.', 'The request is too large.'],
  429: ['TOO_MANY_REQUESTS', 'Quá nhiều yêu cầu, vui lòng thử lại sau.', 'Too many requests; try again later.'],
};

/**
 * Maps domain errors (`AppError`) and Nest's HTTP errors to a clear 4xx/503 in Vietnamese and English.
 * Anything else is a bug: logged with its stack under the request id, answered with a generic 500.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const requestId = typeof req.id === 'string' ? req.id : undefined;
    const [status, body] = errorAnswer(exception, requestId);
    if (status >= 500 && status !== 503) {
      this.logger.error(
        `${req.method} ${req.url} [${requestId ?? '-'}]: ${(exception as Error)?.stack ?? String(exception)}`,
      );
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(status).json(body);
  }
}

/** The status and wire body of any refusal; also used by the Express middleware that runs before Nest's routes. */
export function errorAnswer(exception: unknown, requestId: string | undefined): [number, ErrorBody] {
  if (exception instanceof AppError) {
    return [
      STATUS[exception.kind],
      {
        error: {
          code: exception.code,
          message: exception.messageEn,
          messageVi: exception.messageVi,
          details: exception.details,
          requestId,
        },
      },
    ];
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const [code, vi, en] = GENERIC[status] ?? ['ERROR', 'Đã xảy ra lỗi.', exception.message];
    const details =
      typeof response === 'object' && response !== null && 'message' in response ? response.message : undefined;
    return [status, { error: { code, message: en, messageVi: vi, details, requestId } }];
  }
  const signal = triggerSignal(exception);
  if (signal !== undefined) {
    // A trigger refused the write (published scores, append-only tables): the data is protected, not broken.
    const published = signal.includes('SCORES_PUBLISHED');
    return [
      published ? 423 : 409,
      {
        error: {
          code: published ? 'SCORES_PUBLISHED' : 'WRITE_REFUSED',
          message: published
            ? 'The results are published; scores can only change through a correction (a new revision).'
            : 'This record cannot be changed.',
          messageVi: published
            ? 'Kết quả đã được công bố; điểm chỉ có thể thay đổi bằng một bản đính chính (phiên bản mới).'
            : 'Bản ghi này không thể thay đổi.',
          requestId,
        },
      },
    ];
  }
  if (isLockConflict(exception)) {
    return [
      409,
      {
        error: {
          code: 'CONCURRENT_UPDATE',
          message: 'Someone else changed this at the same moment; nothing was saved — try again.',
          messageVi: 'Dữ liệu đang được thay đổi đồng thời; chưa có gì được lưu — vui lòng thử lại.',
          requestId,
        },
      },
    ];
  }
  if (isDependencyDown(exception)) {
    return [
      503,
      {
        error: {
          code: 'SERVICE_UNAVAILABLE',
          message: 'A service the system depends on is not answering; nothing was lost — try again shortly.',
          messageVi:
            'Hệ thống tạm thời không kết nối được dịch vụ phụ trợ; dữ liệu không bị mất — vui lòng thử lại sau ít phút.',
          requestId,
        },
      },
    ];
  }
  return [
    500,
    {
      error: {
        code: 'INTERNAL',
        message: 'Something went wrong on our side; the error has been logged.',
        messageVi: 'Hệ thống gặp lỗi; lỗi đã được ghi lại.',
        requestId,
      },
    },
  ];
}

/** Redis (producers fail fast) or MySQL unreachable: a 503 the client may retry, never a 500. */
function isDependencyDown(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) {
    return false;
  }
  const { message, name } = e as { message?: string; name?: string };
  return (
    isConnectionFailure(e) ||
    name === 'MaxRetriesPerRequestError' ||
    /enableOfflineQueue|Connection is closed/.test(message ?? '')
  );
}
