import { ERROR_CODES, RirekiError, SEARCH_ERROR_CODES, type SearchErrorCode } from '@rireki/contracts';

const C = SEARCH_ERROR_CODES;

/**
 * Codes for which the same search may succeed later, after a backoff: the service was overloaded
 * (BUSY), ran out of time, or its engine failed. The others are the request's to fix.
 */
const RETRYABLE: ReadonlySet<SearchErrorCode> = new Set([C.busy, C.timeout, C.engineError, C.internal]);

/**
 * A search answered `ok: false` (or not answered in time: code TIMEOUT). `searchCode` is the
 * reply's code and `retryable` says whether sending the same search again later may succeed.
 *
 * @example
 * try {
 *   return await client.search(request);
 * } catch (error) {
 *   if (error instanceof SearchReplyError && error.retryable) {
 *     // BUSY, TIMEOUT, ENGINE_ERROR, INTERNAL: wait (1 s, 2 s, 4 s, … with jitter) and try again
 *   }
 *   throw error;
 * }
 */
export class SearchReplyError extends RirekiError {
  override readonly name = 'SearchReplyError';
  readonly searchCode: SearchErrorCode;
  readonly details: unknown;

  constructor(searchCode: SearchErrorCode, message: string, details?: unknown) {
    super(ERROR_CODES.queueFailed, `${searchCode}: ${message}`, { retryable: RETRYABLE.has(searchCode) });
    this.searchCode = searchCode;
    this.details = details;
  }
}
