import { SEARCH_ERROR_CODES, type SearchErrorCode } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import { SearchReplyError } from './SearchReplyError.js';

describe('SearchReplyError', () => {
  it.each([
    [SEARCH_ERROR_CODES.busy, true],
    [SEARCH_ERROR_CODES.timeout, true],
    [SEARCH_ERROR_CODES.engineError, true],
    [SEARCH_ERROR_CODES.internal, true],
    [SEARCH_ERROR_CODES.invalidRequest, false],
    [SEARCH_ERROR_CODES.invalidCursor, false],
    [SEARCH_ERROR_CODES.forbidden, false],
  ] as Array<[SearchErrorCode, boolean]>)('%s: a retry with backoff may help: %s', (code, retryable) => {
    const error = new SearchReplyError(code, 'the reply said so', { waitedMs: 12_000 });

    expect(error).toMatchObject({ code, searchCode: code, retryable, details: { waitedMs: 12_000 } });
    expect(error.message).toBe(`${code}: the reply said so`);
  });
});
