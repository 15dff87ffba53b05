/**
 * The one API client: a fetch wrapper for `/api/v1` that
 *  - sends the Bearer access token,
 *  - on a 401 refreshes the token pair once (single flight, shared by concurrent calls) and retries,
 *  - hands over to the session-lost handler (→ /login) when the refresh fails,
 *  - turns `application/problem+json` answers into `ApiError`.
 */
import type { Problem } from '@switchboard/shared';
import { clearTokens, getAccessToken, getRefreshToken, setTokens } from './tokens';

export const API_BASE = '/api/v1';

export type FieldError = { field: string; message: string };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem | null;
  readonly fieldErrors: FieldError[];
  /** Seconds from a `Retry-After` header (429). */
  readonly retryAfter: number | null;

  constructor(status: number, problem: Problem | null, message?: string, retryAfter: number | null = null) {
    super(message ?? problem?.detail ?? problem?.title ?? `Request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.code = problem?.code ?? (status === 0 ? 'network_error' : `http_${status}`);
    this.fieldErrors = problem?.errors ?? [];
    this.retryAfter = retryAfter;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is, with `contentType`. */
  body?: BodyInit;
  contentType?: string;
  accept?: string;
  /** Send the access token and refresh on 401 (default true). */
  auth?: boolean;
  signal?: AbortSignal;
}

let onSessionLost: () => void = () => {
  if (!window.location.pathname.startsWith('/login')) window.location.assign('/login');
};

/** The app registers how to leave for the login page (router navigation instead of a reload). */
export function setSessionLostHandler(handler: () => void): void {
  onSessionLost = handler;
}

export function buildUrl(path: string, query?: Query): string {
  const qs = new URLSearchParams();
  if (query) {
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue;
      qs.set(k, String(v));
    }
  }
  const s = qs.toString();
  return `${API_BASE}${path}${s ? `?${s}` : ''}`;
}

async function readProblem(res: Response): Promise<ApiError> {
  let problem: Problem | null = null;
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await res.json()) as Partial<Problem> & { message?: string; error?: string };
      problem = {
        type: body.type ?? 'about:blank',
        title: body.title ?? body.error ?? res.statusText,
        status: body.status ?? res.status,
        detail: body.detail ?? body.message,
        code: body.code ?? `http_${res.status}`,
        request_id: body.request_id,
        errors: Array.isArray(body.errors) ? body.errors : undefined,
      };
    } catch {
      problem = null;
    }
  }
  const ra = Number(res.headers.get('retry-after'));
  return new ApiError(res.status, problem, undefined, Number.isFinite(ra) && ra > 0 ? ra : null);
}

let refreshing: Promise<boolean> | null = null;

async function doRefresh(): Promise<boolean> {
  const refresh_token = getRefreshToken();
  if (!refresh_token) return false;
  let res: Response;
  try {
    res = await fetch(`${API_BASE}/auth/refresh`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ refresh_token }),
    });
  } catch {
    // The server is unreachable: keep the session, the call fails as a network error.
    throw new ApiError(0, null, 'Cannot reach the server. Check your connection and try again.');
  }
  if (!res.ok) return false;
  const body = (await res.json()) as { data: { access_token: string; refresh_token: string } };
  setTokens(body.data);
  return true;
}

/** Refresh the token pair; concurrent callers share one request. Resolves false when the session is over. */
export function refreshSession(): Promise<boolean> {
  if (!refreshing) refreshing = doRefresh().finally(() => (refreshing = null));
  return refreshing;
}

function sessionLost(): void {
  clearTokens();
  onSessionLost();
}

/** Low level: returns the successful Response, throws `ApiError` otherwise. */
export async function apiFetch(path: string, opts: RequestOptions = {}): Promise<Response> {
  const auth = opts.auth ?? true;
  const send = async (): Promise<{ res: Response; token: string | null }> => {
    const headers: Record<string, string> = { Accept: opts.accept ?? 'application/json' };
    let body: BodyInit | undefined;
    if (opts.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.body !== undefined) {
      body = opts.body;
      if (opts.contentType) headers['Content-Type'] = opts.contentType;
    }
    const token = auth ? getAccessToken() : null;
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      const res = await fetch(buildUrl(path, opts.query), {
        method: opts.method ?? 'GET',
        headers,
        body,
        signal: opts.signal,
      });
      return { res, token };
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw new ApiError(0, null, 'Cannot reach the server. Check your connection and try again.');
    }
  };

  let { res, token } = await send();
  if (res.status === 401 && auth) {
    const first = await readProblem(res);
    // A wrong password (e.g. change-password) is not an expired session.
    if (first.code === 'invalid_credentials') throw first;
    // Another tab (or a concurrent call) may already have rotated the tokens.
    const current = getAccessToken();
    const ok = current && current !== token ? true : await refreshSession();
    if (!ok) {
      sessionLost();
      throw first;
    }
    ({ res } = await send());
    if (res.status === 401) {
      const err = await readProblem(res);
      if (err.code !== 'invalid_credentials') sessionLost();
      throw err;
    }
  }
  if (!res.ok) throw await readProblem(res);
  return res;
}

/** JSON request; resolves the whole body (or undefined for 204). */
export async function apiRequest<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await apiFetch(path, opts);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** `{ data }` envelope → data. */
export async function apiData<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const body = await apiRequest<{ data: T }>(path, opts);
  return body?.data as T;
}

export interface ListMeta {
  page: number;
  page_size: number;
  total: number;
  next_cursor?: string | null;
}

export interface ListResult<T> {
  data: T[];
  meta: ListMeta;
}

/** `{ data: [...], meta }` envelope. */
export async function apiList<T>(path: string, query?: Query, signal?: AbortSignal): Promise<ListResult<T>> {
  const body = await apiRequest<ListResult<T>>(path, { query, signal });
  const data = body?.data ?? [];
  return { data, meta: body?.meta ?? { page: 1, page_size: data.length, total: data.length } };
}

/** Downloads a file from an authenticated GET endpoint (a plain link cannot send the Authorization header). */
export async function apiDownload(path: string, fallbackName: string, query?: Query): Promise<void> {
  const res = await apiFetch(path, { query, accept: '*/*' });
  const blob = await res.blob();
  const disposition = res.headers.get('content-disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
