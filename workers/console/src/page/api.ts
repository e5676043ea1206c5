import { hc, type InferResponseType } from 'hono/client';
import type { ConsoleApi } from '../server/createConsoleApp.js';

/** The console API, typed from the server's own routes; every call carries the API header. */
export const api = hc<ConsoleApi>(new URL('api', document.baseURI).href, {
  headers: { 'x-rireki-console': '1' },
});

export type Session = InferResponseType<typeof api.session.$get, 200>;
export type SearchPage = InferResponseType<typeof api.search.$post, 200>;
export type SearchRow = SearchPage['rows'][number];
export type Histogram = InferResponseType<typeof api.histogram.$post, 200>;
export type TopValues = InferResponseType<typeof api.top.$post, 200>;
export type QuarantinePage = InferResponseType<typeof api.quarantine.$post, 200>;
export type AppList = InferResponseType<typeof api.apps.$get, 200>;

/** A failure the API explains: the query worker's code and words. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The body of a successful response, or an ApiError with the server's explanation. */
export async function ok<T>(
  response: Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>,
): Promise<T> {
  const res = await response;
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!res.ok) {
    throw new ApiError(res.status, body?.error?.code ?? 'HTTP', body?.error?.message ?? `HTTP ${res.status}`);
  }
  return body as T;
}
