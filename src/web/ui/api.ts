import { useQuery, type UseQueryOptions } from '@tanstack/react-query';

/** A problem+json answer from the API, with the field paths the server named. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly errors: Array<{ path: string; message: string }>,
    readonly body: Record<string, unknown>,
  ) {
    super(detail || title);
  }

  /** The message for one field (`/title`, `/values/3/value`), if the server named it. */
  fieldMessage(path: string): string | undefined {
    return this.errors.find((e) => e.path === path)?.message;
  }
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The session's CSRF token, sent as X-CSRF-Token with every change (the server refuses a change
 * made with the session cookie without it). Set by the session provider (src/web/session.tsx).
 */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the API answers 401 outside /api/v1/auth/: the session has ended or the page needs someone signed in. */
let onUnauthenticated: ((error: ApiError) => void) | null = null;
export function setUnauthenticatedHandler(handler: ((error: ApiError) => void) | null): void {
  onUnauthenticated = handler;
}

/** Calls the API; JSON in and out; a problem answer becomes an ApiError; no answer at all becomes status 0. */
export async function api<T>(path: string, init: { method?: Method; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  let res: Response;
  const method = init.method ?? 'GET';
  try {
    res = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method !== 'GET' && csrfToken ? { 'x-csrf-token': csrfToken } : {}),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch (e) {
    throw new ApiError(0, 'network', 'Network error', (e as Error).message, [], {});
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!res.ok) {
    const type = typeof body.type === 'string' ? body.type : '';
    const error = new ApiError(
      res.status,
      type.replace('urn:samspel:problem:', ''),
      String(body.title ?? res.statusText),
      String(body.detail ?? ''),
      Array.isArray(body.errors) ? (body.errors as Array<{ path: string; message: string }>) : [],
      body,
    );
    if (res.status === 401 && !path.startsWith('/api/v1/auth/')) onUnauthenticated?.(error);
    throw error;
  }
  return body as T;
}

/** A GET through the query cache; `null` waits (a dependent query). */
export function useApi<T>(path: string | null, options: Partial<UseQueryOptions<T, ApiError>> = {}) {
  return useQuery<T, ApiError>({ queryKey: [path], queryFn: () => api<T>(path!), enabled: path !== null, ...options });
}
