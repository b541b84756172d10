import type { OpenAPIObject, ResponseObject, SchemaObject } from '@nestjs/swagger';

/** The shape of every refusal ({@link ErrorBody} in http-exception.filter.ts), as the document states it. */
export const ERROR_RESPONSE_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'Every refusal and failure: a code and one sentence in Vietnamese and in English.',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', example: 'SHEET_LOCKED', description: 'Stable machine-readable code.' },
        message: { type: 'string', description: 'What happened and what to do next, in English.' },
        messageVi: { type: 'string', description: 'The same in Vietnamese (shown to people).' },
        details: { description: 'Per-code details: the problems of a batch, the phase that closed, the limit.' },
        requestId: { type: 'string', description: 'The x-request-id of the request, to find it in the logs.' },
      },
      required: ['code', 'message', 'messageVi'],
    },
  },
  required: ['error'],
};

const ERROR_CONTENT = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } };

/**
 * Every operation answers refusals with the one error shape, so the document says it once per operation:
 * specific 4xx entries (with their own descriptions) get the shape, and `4XX` covers the rest — a session that
 * ended (401), a role or CSRF token missing (403), input validation (400), a lock (423) and so on. Every
 * operation under /api also answers 503 when MySQL or Redis does not (the filter's `isDependencyDown`); the
 * probes under /health document their own answers. A 500 is never documented: it is a bug.
 */
export function documentErrorResponses(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ErrorResponse: ERROR_RESPONSE_SCHEMA };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) {
        continue;
      }
      const responses = operation.responses as Record<string, ResponseObject>;
      for (const [status, response] of Object.entries(responses)) {
        if (/^4\d\d$/.test(status) && !response.content) {
          response.content = ERROR_CONTENT;
        }
      }
      if (!path.startsWith('/api/')) {
        continue;
      }
      responses['4XX'] ??= {
        description: 'Refused: the reason in `error.code`, with a sentence in Vietnamese and in English.',
        content: ERROR_CONTENT,
      };
      responses['503'] ??= {
        description: 'MySQL or Redis does not answer; nothing was changed — try again shortly.',
        content: ERROR_CONTENT,
      };
    }
  }
  return document;
}
