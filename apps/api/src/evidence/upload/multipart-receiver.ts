/**
 * Reads a multipart/form-data request with busboy, streaming its single file part to a consumer (the
 * quarantine writer, or a bounded buffer for small workbooks) — the body is never buffered whole.
 *
 * Why busboy directly rather than multer: the pipeline must authorise and check the stage lock *before*
 * the body is read, hash while streaming into a server-named quarantine file, and answer a clear vi/en
 * 4xx for every rejection; multer's storage engines own the file lifecycle and map limits to generic errors.
 *
 * What a client can do to the body — end it early, disconnect after the file part's headers, drip one byte
 * now and then, send garbage — ends that request only: every stream involved has an error listener from the
 * moment it exists, every failure tears down the file stream so the consumer deletes its partial file, and
 * the promise always settles (with an {@link AppError} the caller answers, or logs when the client is gone).
 */
import busboy from 'busboy';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import { AppError } from '@lib/common';

export interface ReceivedFile<T> {
  /** The client's file name (raw, already checked by {@link checkClientFilename}). */
  filename: string;
  mimeType: string;
  result: T;
}

export interface Received<T> {
  fields: Map<string, string[]>;
  file: ReceivedFile<T> | null;
}

export interface ReceiveOptions<T> {
  /** Name of the file part. */
  fileField: string;
  /** Consumes the file stream; must reject if the stream fails (and clean up after itself). */
  consume(stream: Readable): Promise<T>;
  /** Undo a consumed file when the request fails afterwards (e.g. delete the quarantine file). */
  discard?(result: T): Promise<void>;
  /** Bytes of the file part after which the consumer sees more than its limit (busboy stops at limit + 1). */
  maxFileBytes: number;
  /** A body that sends nothing for this long is ended with 408 and its connection closed. */
  idleTimeoutMs: number;
}

/** The body stopped before its end: the client ended it early or went away. Codes the caller logs as warnings. */
export const INTERRUPTED_UPLOAD_CODES: ReadonlySet<string> = new Set([
  'BAD_MULTIPART',
  'UPLOAD_INTERRUPTED',
  'UPLOAD_IDLE_TIMEOUT',
]);

const badRequest = (code: string, vi: string, en: string) => new AppError('invalid', code, vi, en);

const interrupted = (detail: string) =>
  badRequest(
    'UPLOAD_INTERRUPTED',
    'Tải tệp lên bị gián đoạn trước khi gửi xong; chưa có gì được lưu — vui lòng tải lên lại.',
    `The upload stopped before it was complete (${detail}); nothing was saved — please upload again.`,
  );

/**
 * The client's file name is for display only; still, a name with a path in it (`../`, `/`, `\`), control
 * characters or an absurd length is refused outright — it is either a mistake or an attack.
 */
export function checkClientFilename(name: string | undefined): string {
  const n = (name ?? '').normalize('NFC');
  // eslint-disable-next-line no-control-regex
  if (!n || n.length > 255 || /[/\\\u0000-\u001f\u007f]/.test(n) || n.includes('..') || n.startsWith('.')) {
    throw badRequest(
      'BAD_FILENAME',
      'Tên tệp không hợp lệ (không được chứa đường dẫn như "../", "/" hoặc "\\").',
      'The file name is not acceptable (it must not contain a path such as "../", "/" or "\\").',
    );
  }
  return n;
}

export function receiveMultipart<T>(
  req: IncomingMessage & { res?: ServerResponse },
  opts: ReceiveOptions<T>,
): Promise<Received<T>> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(type)) {
    return Promise.reject(
      new AppError(
        'unsupported',
        'MULTIPART_REQUIRED',
        'Yêu cầu phải gửi dạng multipart/form-data.',
        'The request must be multipart/form-data.',
      ),
    );
  }
  return new Promise<Received<T>>((resolve, reject) => {
    const fields = new Map<string, string[]>();
    let fileTask: Promise<ReceivedFile<T>> | null = null;
    /** The stream the consumer reads; destroyed on any failure so the consumer stops and cleans up. */
    let filePass: PassThrough | null = null;
    let problem: Error | null = null;
    const note = (e: Error) => {
      problem ??= e;
    };
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        preservePath: true,
        defParamCharset: 'utf8',
        limits: { fileSize: opts.maxFileBytes + 1, files: 1, fields: 32, parts: 40, fieldSize: 16 * 1024 },
      });
    } catch {
      reject(badRequest('BAD_MULTIPART', 'Dữ liệu gửi lên không đúng định dạng.', 'Malformed multipart body.'));
      return;
    }

    let done = false;
    let idle: NodeJS.Timeout | undefined;
    /** Ends the read side for good: no more body bytes reach busboy, the file stream fails, timers stop. */
    const stopReading = (error: Error) => {
      clearTimeout(idle);
      req.off('data', armIdle);
      req.unpipe(bb);
      filePass?.destroy(error);
      bb.destroy();
    };
    const finish = async (error: Error | null) => {
      clearTimeout(idle);
      req.off('data', armIdle);
      const settled = fileTask
        ? await fileTask.then(
            (f) => ({ f }),
            (e: unknown) => ({ e: e as Error }),
          )
        : null;
      const failure = error ?? (settled && 'e' in settled ? settled.e : null) ?? problem;
      if (failure) {
        if (settled && 'f' in settled) {
          await opts.discard?.(settled.f.result).catch(() => undefined);
        }
        reject(failure);
        return;
      }
      resolve({ fields, file: settled && 'f' in settled ? settled.f : null });
    };
    /** Settles once; a failure first stops reading, so a pending consumer rejects instead of waiting forever. */
    const once = (error: Error | null) => {
      if (done) {
        return;
      }
      done = true;
      if (error) {
        stopReading(error);
      }
      void finish(error);
    };

    bb.on('file', (name, stream, info) => {
      // busboy's part stream fails when the body ends mid-part ("Unexpected end of form"): listen from the start.
      stream.on('error', (e: Error) => filePass?.destroy(e));
      if (name !== opts.fileField || fileTask) {
        stream.resume();
        note(
          badRequest(
            'UNEXPECTED_FILE',
            'Mỗi lần chỉ gửi được một tệp: hãy chọn một tệp rồi gửi lại.',
            `Send one file in "${opts.fileField}".`,
          ),
        );
        return;
      }
      let filename: string;
      try {
        filename = checkClientFilename(info.filename);
      } catch (error: unknown) {
        stream.resume();
        note(error as Error);
        return;
      }
      // A PassThrough between busboy and the consumer: if the consumer tears its side down (too large,
      // disk error), busboy's stream is resumed and drained instead of being destroyed mid-form, so the
      // rest of the body is read and the client gets its 4xx on a healthy connection. Its own error
      // listener is attached now: the consumer may still be awaiting (mkdir) when the body fails.
      const pass = new PassThrough();
      pass.on('error', () => undefined);
      filePass = pass;
      stream.pipe(pass);
      fileTask = opts.consume(pass).then(
        (result) => ({ filename, mimeType: info.mimeType, result }),
        (error: unknown) => {
          stream.unpipe(pass);
          stream.resume();
          throw error;
        },
      );
      fileTask.catch(() => undefined);
    });
    bb.on('field', (name, value) => {
      fields.set(name, [...(fields.get(name) ?? []), value]);
    });
    bb.on('filesLimit', () =>
      note(badRequest('TOO_MANY_FILES', 'Chỉ gửi một tệp mỗi lần.', 'Send one file per request.')),
    );
    bb.on('fieldsLimit', () =>
      note(badRequest('TOO_MANY_FIELDS', 'Quá nhiều trường dữ liệu.', 'Too many form fields.')),
    );
    bb.on('partsLimit', () => note(badRequest('TOO_MANY_PARTS', 'Quá nhiều phần dữ liệu.', 'Too many form parts.')));
    bb.on('close', () => once(null));
    bb.on('error', (e: Error) => {
      once(
        /Unexpected end of form/i.test(e.message)
          ? interrupted('the body ended in the middle of the form')
          : badRequest(
              'BAD_MULTIPART',
              'Dữ liệu gửi lên không đúng định dạng hoặc bị gián đoạn.',
              `Malformed or interrupted multipart body (${e.message}).`,
            ),
      );
    });
    req.on('error', (e: Error) => once(interrupted(e.message)));
    req.on('close', () => {
      if (!req.complete) {
        once(interrupted('the client disconnected'));
      }
    });

    // A body that goes quiet is ended: the connection closes after the 408 so the rest is never awaited.
    const seconds = Math.max(1, Math.round(opts.idleTimeoutMs / 1000));
    function armIdle(): void {
      clearTimeout(idle);
      idle = setTimeout(() => {
        req.res?.setHeader('Connection', 'close');
        once(
          new AppError(
            'timeout',
            'UPLOAD_IDLE_TIMEOUT',
            `Tải tệp lên bị dừng quá ${seconds} giây không có dữ liệu; chưa có gì được lưu — vui lòng tải lên lại.`,
            `The upload sent nothing for ${seconds} s and was ended; nothing was saved — please upload again.`,
          ),
        );
      }, opts.idleTimeoutMs);
    }
    req.on('data', armIdle);
    req.on('end', () => clearTimeout(idle));
    armIdle();
    req.pipe(bb);
  });
}
