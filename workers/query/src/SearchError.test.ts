import { SEARCH_ERROR_CODES, type SearchErrorCode } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import { SearchError } from './SearchError.js';

describe('SearchError', () => {
  it.each([
    [SEARCH_ERROR_CODES.busy, true],
    [SEARCH_ERROR_CODES.timeout, true],
    [SEARCH_ERROR_CODES.engineError, true],
    [SEARCH_ERROR_CODES.internal, true],
    [SEARCH_ERROR_CODES.invalidRequest, false],
    [SEARCH_ERROR_CODES.invalidCursor, false],
    [SEARCH_ERROR_CODES.forbidden, false],
  ] as Array<[SearchErrorCode, boolean]>)('%s is its code, retryable: %s', (code, retryable) => {
    const error = new SearchError(code, 'refused', { details: { why: 'test' } });

    expect(error).toMatchObject({ code, searchCode: code, retryable, details: { why: 'test' } });
  });
});
