import { describe, expect, it } from 'vitest';
import { parsePointedReply, parseReply } from './parseReply.js';
import { SearchReplyError } from './SearchReplyError.js';

const page = {
  ok: true,
  rows: [
    {
      eventId: 'e1',
      app: 'shop',
      occurredAt: '2026-11-24T00:30:00.000Z',
      receivedAt: '2026-11-24T00:30:01.000Z',
      path: '/x',
    },
  ],
  nextCursor: null,
  stats: { engine: 'duckdb', elapsedMs: 3 },
};

function refusal(read: () => unknown): SearchReplyError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(SearchReplyError);
    return error as SearchReplyError;
  }
  throw new Error('expected a SearchReplyError');
}

describe('parseReply', () => {
  it('returns a page, an error reply and a pointer as the contract types them, extra row fields kept', () => {
    expect(parseReply(JSON.stringify(page), 'the reply')).toEqual(page);
    const error = {
      ok: false,
      error: { code: 'BUSY', message: 'waited 12 s', details: { waitedMs: 12_000 } },
    };
    expect(parseReply(JSON.stringify(error), 'the reply')).toEqual(error);
    const pointer = { ok: true, pointer: { location: 'file:///tmp/r.json', bytes: 300_000 } };
    expect(parseReply(JSON.stringify(pointer), 'the reply')).toEqual(pointer);
  });

  it('refuses a body that is not JSON, as INTERNAL and retryable', () => {
    const error = refusal(() => parseReply('{oops', 'the reply'));
    expect(error).toMatchObject({ searchCode: 'INTERNAL', retryable: true });
    expect(error.message).toMatch(/^INTERNAL: the reply is not JSON: SyntaxError/);
  });

  it('refuses a row without its required fields, naming the path', () => {
    const broken = { ...page, rows: [{ app: 'shop', occurredAt: '2026-11-24T00:30:00.000Z' }] };
    const error = refusal(() => parseReply(JSON.stringify(broken), 'the reply'));
    expect(error.message).toContain('the reply does not match the search reply contract');
    expect(error.message).toContain('rows.0.eventId');
  });

  it('refuses a pointed document that is not a page', () => {
    const error = refusal(() =>
      parsePointedReply(
        JSON.stringify({ ok: false, error: { code: 'BUSY', message: 'x' } }),
        'the reply at s3://b/k',
      ),
    );
    expect(error.message).toContain('the reply at s3://b/k does not match the search reply contract');
  });
});
