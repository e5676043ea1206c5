import { RETRYABLE_SEARCH_ERROR_CODES, RirekiError, type SearchErrorCode } from '@rireki/contracts';

export interface SearchErrorOptions {
  /** Shown to the requester, e.g. the problems of an INVALID_REQUEST as `[{ path, message }]`. */
  readonly details?: unknown;
  /** For logs only: never part of the reply. */
  readonly cause?: unknown;
}

/**
 * A search that ends in an `ok: false` reply. `searchCode` and `message` go to the requester, so
 * the message never holds engine output or SQL; the original error stays in `cause` for logs.
 */
export class SearchError extends RirekiError {
  override readonly name = 'SearchError';
  readonly searchCode: SearchErrorCode;
  readonly details?: unknown;

  constructor(searchCode: SearchErrorCode, message: string, options: SearchErrorOptions = {}) {
    super(searchCode, message, {
      retryable: RETRYABLE_SEARCH_ERROR_CODES.has(searchCode),
      cause: options.cause,
    });
    this.searchCode = searchCode;
    if (options.details !== undefined) this.details = options.details;
  }
}
