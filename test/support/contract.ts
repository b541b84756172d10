/**
 * The contract check: every request the tests and the web app send to a test api, and every answer it gives, is
 * held against docs/openapi.json (the committed document the web client is generated from).
 *
 * `installContractCheck(server)` (called by `startTestApi`) wraps the api's HTTP server, below Express, so
 * supertest, fetch and Chromium traffic are all seen without any test opting in. For each exchange it:
 * - matches the request to an operation by method and path template (a literal segment beats a `{param}`);
 * - checks the path and query parameters and the request body against the operation's schemas. A request the
 *   document calls invalid must be refused (4xx); one it calls valid must not be refused by the api's own input
 *   validation (a 400 `BAD_REQUEST` from the ValidationPipe/ParseIntPipe) — either way the document and the code
 *   disagree;
 * - looks up the answer's status (exact, then `4XX`, then `default`) — an undocumented status is a violation —
 *   checks its content type against the documented media types and validates a JSON body against the schema;
 *   a documented answer without content must have no body.
 * Objects are closed while checking (no `additionalProperties` means none allowed), as the generated client
 * types read them. Violations are collected here and `test/setup/isolate-file.ts` fails the running test with
 * them (operation, direction, JSON path, message). Validators are compiled once per schema and cached.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaObject = { [key: string]: Json };

interface MediaType {
  schema?: SchemaObject;
}
interface ResponseObject {
  description?: string;
  content?: Record<string, MediaType>;
}
interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaObject;
}
interface OperationObject {
  operationId?: string;
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, ResponseObject>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

/** One broken promise of the document: where, which way, and what. */
export interface ContractViolation {
  /** `PUT /api/sheets/{id}/entries (SheetsController_save)`, or the raw request line when no operation matched. */
  operation: string;
  /** The request as sent (`PUT /api/sheets/3/entries → 200`). */
  exchange: string;
  /** request path/query/body, or response status/content-type/body. */
  part: string;
  /** JSON path inside the part (`/entries/0/explanation`), `` for the whole part. */
  path: string;
  message: string;
  /** The test that was running when the exchange finished. */
  test?: string;
}

export function formatViolation(v: ContractViolation): string {
  const where = v.path ? `${v.part} ${v.path}` : v.part;
  return `${v.operation}: ${where}: ${v.message}  [${v.exchange}]`;
}

const OPENAPI_PATH = join(__dirname, '..', '..', 'docs', 'openapi.json');
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
/** The document's own routes (Swagger UI and the JSON it reads): they describe the operations, they are not one. */
const DOCUMENTATION_ROUTE = /^\/api\/(docs(\/.*|-json)?|openapi\.json)$/;

/**
 * OpenAPI 3.0 schema → JSON Schema as Ajv reads it: `nullable` becomes a union with null, objects that list
 * properties are closed unless they say otherwise, and annotations Ajv does not know are dropped.
 */
function toJsonSchema(schema: Json): Json {
  if (Array.isArray(schema)) {
    return schema.map(toJsonSchema);
  }
  if (schema === null || typeof schema !== 'object') {
    return schema;
  }
  const out: SchemaObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'example' || key === 'nullable' || key === 'xml' || key === 'externalDocs' || key === 'deprecated') {
      continue;
    }
    if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, toJsonSchema(s)]));
      continue;
    }
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.replace('#/components/schemas/', 'openapi#/definitions/');
      continue;
    }
    out[key] = toJsonSchema(value);
  }
  if (out.properties !== undefined && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  if (out.format === 'binary') {
    delete out.format;
  }
  if (schema.nullable === true) {
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

interface Route {
  template: string;
  method: string;
  operation: OperationObject;
  pattern: RegExp;
  params: string[];
  /** Literal segments count first, so `/inbox/tasks/bulk/claim` wins over `/inbox/tasks/{id}/claim`. */
  literals: number;
}

/** docs/openapi.json compiled for checking: routes and a cache of validators. */
export class ContractDocument {
  private readonly routes: Route[] = [];
  private readonly ajv: Ajv;
  private readonly paramsAjv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly document: OpenApiDocument) {
    for (const [template, item] of Object.entries(document.paths)) {
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) {
          continue;
        }
        const params: string[] = [];
        const segments = template.split('/').slice(1);
        const source = segments
          .map((segment) => {
            const m = /^\{(\w+)\}$/.exec(segment);
            if (m) {
              params.push(m[1]);
              return '([^/]+)';
            }
            return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          })
          .join('/');
        this.routes.push({
          template,
          method: method.toUpperCase(),
          operation,
          pattern: new RegExp(`^/${source}/?$`),
          params,
          literals: segments.filter((s) => !s.startsWith('{')).length,
        });
      }
    }
    this.routes.sort((a, b) => b.literals - a.literals);
    // The component schemas as one JSON Schema document (`openapi#/definitions/Name`) every validator refers to.
    const components = { definitions: toJsonSchema(document.components?.schemas ?? {}) };
    this.ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
    addFormats(this.ajv);
    this.ajv.addSchema(components, 'openapi');
    this.paramsAjv = new Ajv({ allErrors: true, strict: true, coerceTypes: 'array', allowUnionTypes: true });
    addFormats(this.paramsAjv);
    this.paramsAjv.addSchema(components, 'openapi');
  }

  /** The operation a request is for, with its path parameters; `undefined` when the document has none. */
  match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    const wanted = method === 'HEAD' ? ['HEAD', 'GET'] : [method];
    for (const m of wanted) {
      for (const route of this.routes) {
        if (route.method !== m) {
          continue;
        }
        const hit = route.pattern.exec(path);
        if (hit) {
          const params: Record<string, string> = {};
          route.params.forEach((name, i) => {
            params[name] = safeDecode(hit[i + 1]);
          });
          return { route, params };
        }
      }
    }
    return undefined;
  }

  /**
   * Compile once: looked up by what it validates (operation, part, status), and compiled once per distinct schema
   * (every `4XX` shares the ErrorResponse validator; Ajv compiles each component it refers to once).
   */
  validator(key: string, schema: Json, forParams = false): ValidateFunction {
    const cacheKey = `${forParams ? 'p' : 'b'}:${key}`;
    let fn = this.validators.get(cacheKey);
    if (!fn) {
      const shapeKey = `${forParams ? 'p' : 'b'}#${JSON.stringify(schema)}`;
      fn = this.validators.get(shapeKey);
      if (!fn) {
        const ajv = forParams ? this.paramsAjv : this.ajv;
        fn = ajv.compile(toJsonSchema(schema) as object);
        this.validators.set(shapeKey, fn);
      }
      this.validators.set(cacheKey, fn);
    }
    return fn;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

let shared: ContractDocument | undefined;
/** The committed document, compiled once per test file's module registry. */
export function contractDocument(): ContractDocument {
  shared ??= new ContractDocument(JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as OpenApiDocument);
  return shared;
}

/** What one exchange looked like, as far as the check needs it. */
export interface Exchange {
  method: string;
  /** Path and query as sent. */
  url: string;
  requestContentType?: string;
  /** True when the request carried a body (content-length > 0 or chunked). */
  requestHasBody: boolean;
  /** The body as Express's JSON parser read it (undefined when not JSON or not parsed). */
  requestJson?: unknown;
  status: number;
  responseContentType?: string;
  /** The decoded response body when it is JSON (or when a body was not expected); undefined when none was sent. */
  responseBody?: Buffer;
  responseHasBody: boolean;
}

const mediaType = (contentType: string | undefined) => contentType?.split(';')[0].trim().toLowerCase();

function isJsonMedia(media: string | undefined): boolean {
  return media !== undefined && (media === 'application/json' || media.endsWith('+json'));
}

/** The documented media type a content type matches (`application/pdf`, `application/*`, `*\/*`). */
function documentedMedia(content: Record<string, MediaType>, media: string | undefined): string | undefined {
  if (media === undefined) {
    return undefined;
  }
  const [type] = media.split('/');
  return Object.keys(content).find((k) => {
    const key = k.toLowerCase();
    return key === media || key === `${type}/*` || key === '*/*';
  });
}

function ajvErrors(errors: ErrorObject[] | null | undefined): { path: string; message: string }[] {
  const all = errors ?? [];
  // A nullable value that is wrong also fails "must be null" and the anyOf around both; the real error says more.
  const noise = (e: ErrorObject) =>
    (e.keyword === 'anyOf' || (e.keyword === 'type' && (e.params as { type?: string }).type === 'null')) &&
    all.some((o) => o !== e && o.keyword !== 'anyOf' && o.instancePath.startsWith(e.instancePath) && !isNullType(o));
  return all
    .filter((e) => !noise(e))
    .map((e) => {
      let message = e.message ?? 'invalid';
      if (e.keyword === 'additionalProperties') {
        message = `has "${String((e.params as { additionalProperty: string }).additionalProperty)}", which the document does not list`;
      } else if (e.keyword === 'enum') {
        message = `${message}: ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
      }
      return { path: e.instancePath, message };
    });
}

/** Every violation of one exchange (empty when it kept to the document). */
export function checkExchange(doc: ContractDocument, exchange: Exchange): ContractViolation[] {
  const url = new URL(exchange.url, 'http://x');
  const path = url.pathname;
  const line = `${exchange.method} ${exchange.url} → ${exchange.status}`;
  const matched = doc.match(exchange.method, path);
  if (!matched) {
    // Not an operation: the web app's files, the document itself, or a route that does not exist (404 is the
    // right answer to that; anything else means the document misses a route).
    if (!/^\/(api|health)(\/|$)/.test(path) || DOCUMENTATION_ROUTE.test(path) || exchange.status === 404) {
      return [];
    }
    return [
      {
        operation: `${exchange.method} ${path}`,
        exchange: line,
        part: 'route',
        path: '',
        message: `answered ${exchange.status} but the document has no such operation`,
      },
    ];
  }
  const { route, params } = matched;
  const { operation } = route;
  const name = `${route.method} ${route.template} (${operation.operationId ?? '?'})`;
  const violations: ContractViolation[] = [];
  const add = (part: string, p: string, message: string) =>
    violations.push({ operation: name, exchange: line, part, path: p, message });

  // The request: parameters and body. Problems here are only the document's business when the api's answer
  // contradicts them (accepted although invalid, or refused by input validation although valid).
  const requestProblems: { part: string; path: string; message: string }[] = [];
  const parameters = operation.parameters ?? [];
  for (const where of ['path', 'query'] as const) {
    const declared = parameters.filter((p) => p.in === where);
    const values: Record<string, string | string[]> = {};
    if (where === 'path') {
      Object.assign(values, params);
    } else {
      for (const key of new Set(url.searchParams.keys())) {
        const all = url.searchParams.getAll(key);
        values[key] = all.length === 1 ? all[0] : all;
      }
    }
    const schema: Json = {
      type: 'object',
      properties: Object.fromEntries(declared.map((p) => [p.name, (p.schema ?? {}) as Json])),
      required: declared.filter((p) => p.required).map((p) => p.name),
    };
    const validate = doc.validator(`${name} ${where}`, schema, true);
    if (!validate(values)) {
      for (const e of ajvErrors(validate.errors)) {
        requestProblems.push({ part: `request ${where}`, ...e });
      }
    }
  }
  const requestMedia = mediaType(exchange.requestContentType);
  if (exchange.requestHasBody) {
    if (!operation.requestBody) {
      requestProblems.push({ part: 'request body', path: '', message: 'sent, but the operation documents none' });
    } else {
      const documented = documentedMedia(operation.requestBody.content, requestMedia);
      if (documented === undefined) {
        requestProblems.push({
          part: 'request content-type',
          path: '',
          message: `${requestMedia ?? '(none)'} is not one of ${Object.keys(operation.requestBody.content).join(', ')}`,
        });
      } else {
        const schema = operation.requestBody.content[documented].schema;
        if (isJsonMedia(requestMedia) && exchange.requestJson === undefined) {
          requestProblems.push({ part: 'request body', path: '', message: 'is not JSON' });
        } else if (schema && isJsonMedia(requestMedia)) {
          const validate = doc.validator(`${name} request ${documented}`, schema);
          if (!validate(exchange.requestJson)) {
            for (const e of ajvErrors(validate.errors)) {
              requestProblems.push({ part: 'request body', ...e });
            }
          }
        }
      }
    }
  } else if (operation.requestBody?.required) {
    requestProblems.push({ part: 'request body', path: '', message: 'missing, but the operation requires one' });
  }
  const refused = exchange.status >= 400 && exchange.status < 500;
  if (requestProblems.length > 0 && !refused) {
    for (const p of requestProblems) {
      add(p.part, p.path, `${p.message} — the document calls this request invalid, yet the api accepted it`);
    }
  }
  if (requestProblems.length === 0 && exchange.status === 400 && exchange.responseBody) {
    const body = parseJson(exchange.responseBody) as { error?: { code?: string; details?: unknown } } | undefined;
    if (body?.error?.code === 'BAD_REQUEST') {
      add(
        'request',
        '',
        `valid by the document, but the api's input validation refused it: ${JSON.stringify(body.error.details)}`,
      );
    }
  }

  // The answer.
  const status = String(exchange.status);
  const response = operation.responses[status] ?? operation.responses[`${status[0]}XX`] ?? operation.responses.default;
  if (!response) {
    add(
      'response status',
      '',
      `${status} is not documented (documented: ${Object.keys(operation.responses).join(', ')})`,
    );
    return violations;
  }
  if (exchange.method === 'HEAD' || exchange.status === 304 || exchange.status === 204) {
    if (exchange.responseHasBody) {
      add('response body', '', `a ${exchange.status} answer must have no body`);
    }
    return violations;
  }
  const media = mediaType(exchange.responseContentType);
  if (!response.content) {
    if (exchange.responseHasBody) {
      add('response body', '', `the document promises no content for ${status}, but a ${media ?? 'body'} came`);
    }
    return violations;
  }
  const documented = documentedMedia(response.content, media);
  if (documented === undefined) {
    add(
      'response content-type',
      '',
      `${media ?? '(none)'} is not one of the documented ${Object.keys(response.content).join(', ')}`,
    );
    return violations;
  }
  const schema = response.content[documented].schema;
  if (schema && isJsonMedia(media)) {
    const body = exchange.responseBody ? parseJson(exchange.responseBody) : undefined;
    if (body === undefined) {
      add('response body', '', 'is not JSON');
      return violations;
    }
    const validate = doc.validator(`${name} ${status} ${documented}`, schema);
    if (!validate(body)) {
      for (const e of ajvErrors(validate.errors)) {
        add(`response ${status} body`, e.path, e.message);
      }
    }
  }
  return violations;
}

function isNullType(e: ErrorObject): boolean {
  return e.keyword === 'type' && (e.params as { type?: string }).type === 'null';
}

function parseJson(buffer: Buffer): unknown {
  try {
    return JSON.parse(buffer.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function decode(body: Buffer, encoding: string | undefined): Buffer {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
      return gunzipSync(body);
    case 'br':
      return brotliDecompressSync(body);
    case 'deflate':
      return inflateSync(body);
    default:
      return body;
  }
}

const recorded: ContractViolation[] = [];

/** Take (and forget) what the check recorded since the last call. */
export function takeContractViolations(): ContractViolation[] {
  return recorded.splice(0, recorded.length);
}

function currentTest(): string | undefined {
  try {
    return expect.getState().currentTestName;
  } catch {
    return undefined;
  }
}

const INSTALLED = Symbol('contract-check');

/**
 * Check every exchange of this server against docs/openapi.json. Wraps the server's request listener (the
 * Express app), so it sees what the network sees: the request before any middleware, and the bytes written.
 */
export function installContractCheck(server: Server): void {
  const marked = server as Server & { [INSTALLED]?: true };
  if (marked[INSTALLED]) {
    return;
  }
  marked[INSTALLED] = true;
  const doc = contractDocument();
  const listeners = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    observe(doc, req, res);
    for (const listener of listeners) {
      listener.call(server, req, res);
    }
  });
}

function observe(doc: ContractDocument, req: IncomingMessage & { body?: unknown }, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  let wrote = false;
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || (typeof chunk !== 'string' && !(chunk instanceof Uint8Array))) {
      return;
    }
    const buffer =
      typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
        : Buffer.from(chunk);
    if (buffer.length === 0) {
      return;
    }
    wrote = true;
    // Only JSON (and bodies where none belongs) is read; files are checked by their content type alone.
    const type = String(res.getHeader('content-type') ?? '');
    if (type === '' || /json/i.test(type)) {
      chunks.push(buffer);
    }
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((...args: unknown[]) => {
    keep(args[0], args[1]);
    return write(...args);
  }) as ServerResponse['write'];
  res.end = ((...args: unknown[]) => {
    if (typeof args[0] !== 'function') {
      keep(args[0], args[1]);
    }
    return end(...args);
  }) as ServerResponse['end'];
  const test = currentTest();
  res.on('finish', () => {
    const length = Number(req.headers['content-length'] ?? 0);
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    let violations: ContractViolation[];
    try {
      violations = checkExchange(doc, {
        method,
        url,
        requestContentType: req.headers['content-type'],
        requestHasBody: length > 0 || req.headers['transfer-encoding'] !== undefined,
        requestJson: req.body,
        status: res.statusCode,
        responseContentType: res.getHeader('content-type') as string | undefined,
        responseHasBody: wrote,
        responseBody: chunks.length
          ? decode(Buffer.concat(chunks), res.getHeader('content-encoding') as string | undefined)
          : undefined,
      });
    } catch (error) {
      violations = [
        {
          operation: `${method} ${url}`,
          exchange: `${method} ${url} → ${res.statusCode}`,
          part: 'check',
          path: '',
          message: `the contract check itself failed: ${(error as Error).stack ?? String(error)}`,
        },
      ];
    }
    for (const v of violations) {
      recorded.push({ ...v, test: currentTest() ?? test });
    }
  });
}
