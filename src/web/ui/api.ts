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

/** Calls the API; JSON in and out; a problem answer becomes an ApiError; no answer at all becomes status 0. */
export async function api<T>(path: string, init: { method?: Method; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      headers: { accept: 'application/json', ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
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
    throw new ApiError(
      res.status,
      type.replace('urn:samspel:problem:', ''),
      String(body.title ?? res.statusText),
      String(body.detail ?? ''),
      Array.isArray(body.errors) ? (body.errors as Array<{ path: string; message: string }>) : [],
      body,
    );
  }
  return body as T;
}

/** A GET through the query cache; `null` waits (a dependent query). */
export function useApi<T>(path: string | null, options: Partial<UseQueryOptions<T, ApiError>> = {}) {
  return useQuery<T, ApiError>({ queryKey: [path], queryFn: () => api<T>(path!), enabled: path !== null, ...options });
}
