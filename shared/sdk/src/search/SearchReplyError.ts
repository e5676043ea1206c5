import { RETRYABLE_SEARCH_ERROR_CODES, RirekiError, type SearchErrorCode } from '@rireki/contracts';

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
  /** The reply's own message, without the code that `message` starts with. */
  readonly replyMessage: string;
  readonly details: unknown;

  constructor(searchCode: SearchErrorCode, message: string, details?: unknown) {
    super(searchCode, `${searchCode}: ${message}`, {
      retryable: RETRYABLE_SEARCH_ERROR_CODES.has(searchCode),
    });
    this.searchCode = searchCode;
    this.replyMessage = message;
    this.details = details;
  }
}
