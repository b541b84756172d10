import type { AppError } from '@lib/common';
import { json, type ErrorRequestHandler, type RequestHandler } from 'express';
import { errorAnswer } from './http-exception.filter';
import { RequestBodyErrors } from './request-body.errors';

/**
 * Limits on a JSON body, enforced before validation: class-transformer and class-validator recurse through
 * nested objects, so a body nested a few thousand levels overflowed the stack (a 500 on every JSON route,
 * anonymous login included). No form of the api nests deeper than a handful of levels.
 */
export const JSON_LIMITS = { maxBytes: 2 * 1024 * 1024, maxDepth: 32 } as const;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function send(res: Parameters<RequestHandler>[1], req: Parameters<RequestHandler>[0], error: AppError): void {
  const id = (req as { id?: unknown }).id;
  const [status, body] = errorAnswer(error, typeof id === 'string' ? id : undefined);
  res.status(status).json(body);
}

function hasBody(req: Parameters<RequestHandler>[0]): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Request bodies are JSON or multipart uploads, nothing else. In particular an HTML form post
 * (application/x-www-form-urlencoded, text/plain) is refused: a cross-site form could otherwise sign someone in.
 */
export const onlyJsonOrMultipart: RequestHandler = (req, res, next) => {
  if (!UNSAFE.has(req.method) || !hasBody(req) || req.is(['application/json', 'multipart/form-data'])) {
    next();
    return;
  }
  send(res, req, RequestBodyErrors.unsupportedType());
};

/** The JSON parser with the size limit. */
export const jsonBody: RequestHandler = json({ limit: JSON_LIMITS.maxBytes });

/** Depth of a parsed JSON value, counted without recursion (the value may be nested arbitrarily deep). */
export function jsonDepthExceeds(value: unknown, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) {
      continue;
    }
    if (depth + 1 > maxDepth) {
      return true;
    }
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof child === 'object' && child !== null) {
        stack.push([child, depth + 1]);
      }
    }
  }
  return false;
}

export const jsonDepthGuard: RequestHandler = (req, res, next) => {
  if (jsonDepthExceeds(req.body, JSON_LIMITS.maxDepth)) {
    send(res, req, RequestBodyErrors.tooDeep(JSON_LIMITS.maxDepth));
    return;
  }
  next();
};

/** body-parser's refusals (size, syntax, encoding) in the one bilingual wire shape, never Express's HTML page. */
export const bodyParserErrors: ErrorRequestHandler = (err: unknown, req, res, next) => {
  const type = typeof err === 'object' && err !== null ? (err as { type?: unknown }).type : undefined;
  switch (type) {
    case 'entity.too.large':
      send(res, req, RequestBodyErrors.tooLarge(JSON_LIMITS.maxBytes));
      return;
    case 'entity.parse.failed':
      send(res, req, RequestBodyErrors.malformed());
      return;
    case 'encoding.unsupported':
    case 'charset.unsupported':
      send(res, req, RequestBodyErrors.unsupportedEncoding());
      return;
    case 'request.aborted':
      // The client is gone: nothing to answer.
      res.destroy();
      return;
    default: {
      const status = typeof err === 'object' && err !== null ? (err as { status?: unknown }).status : undefined;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        send(res, req, RequestBodyErrors.malformed());
        return;
      }
      next(err);
    }
  }
};
