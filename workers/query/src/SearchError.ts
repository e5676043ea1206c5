import { ERROR_CODES, RirekiError, SEARCH_ERROR_CODES, type SearchErrorCode } from '@rireki/contracts';

const C = SEARCH_ERROR_CODES;

/**
 * Codes for which the same request may succeed later. The others (invalid request or cursor,
 * forbidden) are the requester's to fix and fail the same way every time.
 */
const RETRYABLE: ReadonlySet<SearchErrorCode> = new Set([C.engineError, C.timeout, C.busy, C.internal]);

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
    super(RETRYABLE.has(searchCode) ? ERROR_CODES.internal : ERROR_CODES.validationFailed, message, {
      retryable: RETRYABLE.has(searchCode),
      cause: options.cause,
    });
    this.searchCode = searchCode;
    if (options.details !== undefined) this.details = options.details;
  }
}
