import { SearchReplyError } from '@rireki/sdk';

/** The statuses of a failed API call. */
export type ErrorStatus = 400 | 403 | 502 | 503 | 504;

/** The HTTP status of each search error code; the body carries the code, message and details. */
const STATUS: Readonly<Record<string, ErrorStatus>> = {
  INVALID_REQUEST: 400,
  INVALID_CURSOR: 400,
  FORBIDDEN: 403,
  BUSY: 503,
  TIMEOUT: 504,
  ENGINE_ERROR: 502,
  INTERNAL: 502,
};

export interface ApiError {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

/** What the page is told of a failure: the query worker's own words, or that it could not be asked. */
export function apiError(error: unknown): { status: ErrorStatus; body: ApiError } {
  if (error instanceof SearchReplyError) {
    const body: ApiError = {
      error:
        error.details === undefined
          ? { code: error.searchCode, message: error.replyMessage }
          : { code: error.searchCode, message: error.replyMessage, details: error.details },
    };
    return { status: STATUS[error.searchCode] ?? 502, body };
  }
  return {
    status: 502,
    body: {
      error: { code: 'UNAVAILABLE', message: `the search queue could not be reached: ${String(error)}` },
    },
  };
}
