import { SEARCH_LIMITS, type SearchRequestInput, validateSearchRequest } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, type SearchCursor, searchHash } from './cursor.js';
import { SearchError } from './SearchError.js';

function request(input: Partial<SearchRequestInput> = {}) {
  const validation = validateSearchRequest({
    app: ['shop', 'blog'],
    from: '2026-11-24T00:00:00Z',
    to: '2026-11-25T00:00:00Z',
    filters: { status: 404, 'attributes.orderId': { prefix: 'ORD-' } },
    text: 'cart',
    ...input,
  });
  if (!validation.ok) throw new Error('invalid test request');
  return validation.request;
}

describe('encodeCursor / decodeCursor', () => {
  it('round-trips through an opaque URL-safe string within the contract length', () => {
    const cursor: SearchCursor = {
      after: { occurredAtMs: Date.UTC(2026, 10, 24, 9), eventId: `${'é'.repeat(127)}'`, app: 'shop' },
      order: 'desc',
      snapshotMs: Date.UTC(2026, 10, 25),
      requestHash: searchHash(request()),
    };

    const text = encodeCursor(cursor);

    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(text.length).toBeLessThanOrEqual(SEARCH_LIMITS.maxCursorLength);
    expect(decodeCursor(text, request())).toEqual(cursor);
  });

  it('refuses a cursor made for another search', () => {
    const text = encodeCursor({
      after: { occurredAtMs: 1, eventId: 'e', app: 'shop' },
      order: 'desc',
      snapshotMs: 2,
      requestHash: searchHash(request()),
    });

    expect(() => decodeCursor(text, request({ text: 'carts' }))).toThrow(SearchError);
    expect(() => decodeCursor(text, request({ order: 'asc' }))).toThrow(
      expect.objectContaining({ searchCode: 'INVALID_CURSOR' }),
    );
  });

  it.each(['x', '====', 'e30', Buffer.from('[1,"a"]').toString('base64url')])('refuses %s', (text) => {
    expect(() => decodeCursor(text, request())).toThrow(
      expect.objectContaining({ searchCode: 'INVALID_CURSOR' }),
    );
  });
});

describe('searchHash', () => {
  it('ignores spelling, page size and includeTotal', () => {
    const hash = searchHash(request());

    expect(searchHash(request({ app: ['blog', 'shop', 'shop'] }))).toBe(hash);
    expect(searchHash(request({ from: '2026-11-24T09:00:00+09:00' }))).toBe(hash);
    expect(searchHash(request({ filters: { 'attributes.orderId': { prefix: 'ORD-' }, status: 404 } }))).toBe(
      hash,
    );
    expect(searchHash(request({ limit: 7, includeTotal: true }))).toBe(hash);
  });

  it.each<[string, Partial<SearchRequestInput>]>([
    ['app', { app: 'shop' }],
    ['from', { from: '2026-11-24T00:00:00.001Z' }],
    ['to', { to: '2026-11-24T23:59:59Z' }],
    ['a filter value', { filters: { status: '404', 'attributes.orderId': { prefix: 'ORD-' } } }],
    ['a comparison', { filters: { status: 404, 'attributes.orderId': { contains: 'ORD-' } } }],
    ['text', { text: 'Cart' }],
    ['order', { order: 'asc' }],
  ])('changes with %s', (_name, change) => {
    expect(searchHash(request(change))).not.toBe(searchHash(request()));
  });
});
