/**
 * The one way the web app talks to the api: a typed client generated from docs/openapi.json
 * (`npx openapi-typescript docs/openapi.json -o apps/web/src/api/schema.d.ts`). Never import server code here.
 *
 * - The session is the HttpOnly cookie `par_session` (same origin); unsafe methods carry `X-CSRF-Token`.
 * - Error bodies are `{error: {code, message, messageVi}}`; they become an `ApiError` whose text is shown to
 *   people — never raw JSON or a stack.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type ApiPath = keyof paths;

let csrfToken: string | undefined;
/** Remember the CSRF token returned by login or /auth/me. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Listeners told when the api answers 401 (the session ended): the app goes back to the login page. */
const unauthorisedListeners = new Set<() => void>();
export function onUnauthorised(listener: () => void): () => void {
  unauthorisedListeners.add(listener);
  return () => unauthorisedListeners.delete(listener);
}

/** Tell the listeners the session ended (a keep-alive that found it gone). */
export function notifyUnauthorised(): void {
  unauthorisedListeners.forEach((l) => l());
}

/** When the api last answered with the session alive: any answer but 401 to a request of the person moved its idle clock. */
let lastContactAt = Date.now();
export function lastServerContact(): number {
  return lastContactAt;
}

/**
 * Requests started synchronously inside `fn` are background ones (polls): they carry `X-Background: 1`, so the
 * server does not count them as activity for the idle timeout, and neither does the idle warning.
 */
const BACKGROUND = 'X-Background';
let backgroundDepth = 0;
export function inBackground<T>(fn: () => Promise<T>): Promise<T> {
  backgroundDepth++;
  try {
    return fn();
  } finally {
    backgroundDepth--;
  }
}

const session: Middleware = {
  onRequest({ request }) {
    if (UNSAFE.has(request.method) && csrfToken) {
      request.headers.set('X-CSRF-Token', csrfToken);
    }
    // openapi-fetch calls onRequest synchronously from api.GET(...), so the depth is that of the caller.
    if (backgroundDepth > 0) {
      request.headers.set(BACKGROUND, '1');
    }
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !request.url.includes('/api/auth/')) {
      notifyUnauthorised();
    } else if (response.status !== 401 && request.headers.get(BACKGROUND) !== '1') {
      lastContactAt = Date.now();
    }
    return response;
  },
};

/**
 * GETs started before the screen that will ask for them is drawn: on signing in, the frame's campaign list and
 * notifications and the landing screen's first data (home.ts, `landingRequests`). On a 150 ms-latency office link
 * their round trips then overlap the first render of the frame instead of following it. Each is handed to the first
 * identical GET (same path and query) within WARM_MS, then forgotten; one nobody asks for is dropped.
 */
const WARM_MS = 10_000;
const warmed = new Map<string, { response: Promise<Response>; at: number }>();
export function warmGet(pathAndQuery: string): void {
  const response = fetch(pathAndQuery, { credentials: 'same-origin' });
  // A warm request nobody takes that fails (offline) is not an unhandled rejection; whoever takes it still sees it fail.
  response.catch(() => undefined);
  warmed.set(pathAndQuery, { response, at: Date.now() });
}

function fetchOrWarmed(request: Request): Promise<Response> {
  if (request.method === 'GET' && warmed.size > 0) {
    const url = new URL(request.url);
    const key = url.pathname + url.search;
    const hit = warmed.get(key);
    warmed.delete(key);
    if (hit && Date.now() - hit.at < WARM_MS) {
      return hit.response;
    }
  }
  return fetch(request);
}

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin', fetch: fetchOrWarmed });
api.use(session);

/** An api error with the sentence to show (Vietnamese and English). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageVi: string,
    readonly messageEn: string,
    readonly details?: unknown,
  ) {
    super(messageEn);
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; messageVi?: string; details?: unknown };
}

/** Turn any failure (an error body, a network failure, a proxy's HTML page) into an ApiError. */
export function toApiError(status: number, body: unknown): ApiError {
  const e = (body as ErrorBody | undefined)?.error;
  if (e && typeof e === 'object' && (e.messageVi || e.message)) {
    return new ApiError(
      status,
      e.code ?? 'ERROR',
      e.messageVi ?? e.message ?? '',
      e.message ?? e.messageVi ?? '',
      e.details,
    );
  }
  if (status === 0) {
    return new ApiError(
      0,
      'NETWORK',
      'Không kết nối được máy chủ. Kiểm tra mạng và thử lại.',
      'Cannot reach the server. Check the network and try again.',
    );
  }
  if (status >= 500) {
    return new ApiError(
      status,
      'SERVER',
      'Máy chủ gặp sự cố. Vui lòng thử lại sau ít phút.',
      'The server had a problem. Please try again in a few minutes.',
    );
  }
  return new ApiError(
    status,
    'ERROR',
    `Yêu cầu không thành công (mã ${status}).`,
    `The request failed (status ${status}).`,
  );
}

/** Unwrap an openapi-fetch result: the data, or throw an ApiError. */
export async function call<T>(promise: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await promise;
  } catch {
    throw toApiError(0, undefined);
  }
  if (!result.response.ok) {
    throw toApiError(result.response.status, result.error);
  }
  return result.data as T;
}

/**
 * Upload a multipart form to a path of the api with progress (fetch has no upload progress; XMLHttpRequest does).
 * `path` is checked against the generated paths, so a route that is gone fails the type check.
 */
export function uploadWithProgress<T>(
  path: string,
  form: FormData,
  onProgress: (percent: number) => void,
  method: 'POST' | 'PUT' = 'POST',
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, path);
    xhr.withCredentials = true;
    if (csrfToken) {
      xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    }
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) {
        onProgress(Math.round((e.loaded / e.total) * 100));
      }
    };
    xhr.onerror = () => reject(toApiError(0, undefined));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as T);
      } else {
        reject(toApiError(xhr.status, body));
      }
    };
    xhr.send(form);
  });
}

/** True when the generated client knows this route (it lands in docs/openapi.json when its engineer ships it). */
export type HasPath<P extends string> = P extends ApiPath ? true : false;
