/**
 * Fetching from the node: same-origin cookies only (the session cookie is HttpOnly, the UI never sees a
 * token), and every failure turned into an ApiError carrying the problem's code, so pages show the same code
 * a CLI user would look up in docs/errors.md.
 */
import type { ProblemDetails } from './types.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly title: string;

  constructor(problem: ProblemDetails) {
    super(`${problem.code}: ${problem.detail}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.detail = problem.detail;
    this.title = problem.title;
  }
}

/**
 * TanStack Query's retry rule for every query of the UI: a 4xx answer (not signed in, forbidden, not found, a bad
 * request) says the same thing again, so only other failures are tried again, twice.
 */
export const noRetryOnClientError = (failureCount: number, err: unknown): boolean =>
  !(err instanceof ApiError && err.status >= 400 && err.status < 500) && failureCount < 2;

const isProblem = (v: unknown): v is ProblemDetails =>
  typeof v === 'object' && v !== null && typeof (v as { code?: unknown }).code === 'string' && typeof (v as { detail?: unknown }).detail === 'string';

/** Reads a failed response as a problem; a proxy's HTML error page still becomes a readable error. */
export async function problemOf(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as unknown;
    if (isProblem(body)) return new ApiError({ ...body, status: body.status || response.status });
  } catch {
    // not JSON: fall through
  }
  return new ApiError({
    type: 'about:blank',
    title: response.statusText || 'Request failed',
    status: response.status,
    code: response.status === 401 ? 'AUTH_REQUIRED' : `HTTP_${response.status}`,
    detail: `The node answered ${response.status} ${response.statusText}`.trim() + '.',
  });
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, code: 'NETWORK', detail: 'The node could not be reached; check the connection and try again.' });
  }
  if (!response.ok) throw await problemOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const getJson = <T>(path: string, signal?: AbortSignal): Promise<T> => request<T>('GET', path, undefined, signal);
export const postJson = <T>(path: string, body: unknown = {}, signal?: AbortSignal): Promise<T> => request<T>('POST', path, body, signal);

/** Path segments from the API (dataset ids, review ids) are escaped even though their patterns are safe. */
export const seg = (s: string | number): string => encodeURIComponent(String(s));
