import { ERROR_CODES, RirekiError, type SearchErrorCode } from '@rireki/contracts';

/** A search answered `ok: false` (or not answered in time: code TIMEOUT). */
export class SearchReplyError extends RirekiError {
  override readonly name = 'SearchReplyError';
  readonly searchCode: SearchErrorCode;
  readonly details: unknown;

  constructor(searchCode: SearchErrorCode, message: string, details?: unknown) {
    super(ERROR_CODES.queueFailed, `${searchCode}: ${message}`, {
      retryable: searchCode === 'BUSY' || searchCode === 'TIMEOUT',
    });
    this.searchCode = searchCode;
    this.details = details;
  }
}
