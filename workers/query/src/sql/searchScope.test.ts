import { type SearchRequestInput, validateSearchRequest } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import { instantMs, searchScope } from './searchScope.js';

function request(input: Partial<SearchRequestInput>) {
  const validation = validateSearchRequest({
    app: 'shop',
    from: '2026-11-30T22:00:00Z',
    to: '2026-12-01T02:00:00Z',
    ...input,
  });
  if (!validation.ok) throw new Error('invalid test request');
  return validation.request;
}

describe('searchScope', () => {
  it('keeps the requested apps that are allowed, sorted, each once', () => {
    const scope = searchScope(request({ app: ['shop', 'blog', 'admin'] }), ['blog', 'shop', 'blog', 'other']);

    expect(scope.apps).toEqual(['blog', 'shop']);
  });

  it('covers every UTC day the range touches, across a month end', () => {
    const scope = searchScope(request({ app: ['shop', 'blog'] }), ['shop', 'blog']);

    expect(scope.partitions).toEqual([
      { app: 'blog', dt: '2026-11-30' },
      { app: 'blog', dt: '2026-12-01' },
      { app: 'shop', dt: '2026-11-30' },
      { app: 'shop', dt: '2026-12-01' },
    ]);
    expect(scope).toMatchObject({ fromMs: Date.UTC(2026, 10, 30, 22), toMs: Date.UTC(2026, 11, 1, 2) });
  });

  it('has no partitions when no app is allowed', () => {
    expect(searchScope(request({}), ['blog']).partitions).toEqual([]);
  });
});

describe('instantMs', () => {
  it.each([
    ['2026-11-24T00:30:00Z', Date.UTC(2026, 10, 24, 0, 30)],
    ['2026-11-24T09:30:00.123+09:00', Date.UTC(2026, 10, 24, 0, 30, 0, 123)],
    ['2026-11-24T00:30:00.123000Z', Date.UTC(2026, 10, 24, 0, 30, 0, 123)],
    ['2026-11-24T00:30:00.1231Z', Date.UTC(2026, 10, 24, 0, 30, 0, 124)],
    ['2026-11-24T00:30:00.9999Z', Date.UTC(2026, 10, 24, 0, 30, 1, 0)],
  ])('%s is the first whole millisecond at or after it', (text, ms) => {
    expect(instantMs(text, 'from')).toBe(ms);
  });

  it('refuses what is not a date-time', () => {
    expect(() => instantMs('yesterday', 'to')).toThrow(
      expect.objectContaining({ searchCode: 'INVALID_REQUEST' }),
    );
  });
});
