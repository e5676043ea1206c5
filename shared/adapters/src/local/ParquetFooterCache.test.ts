import { describe, expect, it } from 'vitest';
import { ParquetFooterCache } from './ParquetFooterCache.js';

const summary = (rows: number) => ({ rows, minOccurredAtMs: 1, maxOccurredAtMs: 2, maxReceivedAtMs: 3 });

describe('ParquetFooterCache', () => {
  it('keeps a summary under the path with its size and mtime, so another content of the path is unknown', () => {
    const cache = new ParquetFooterCache();
    const first = ParquetFooterCache.identity('/lake/a.parquet', { size: 100, mtimeMs: 5 });
    cache.set(first, summary(7));

    expect(cache.get(first)).toEqual(summary(7));
    expect(
      cache.get(ParquetFooterCache.identity('/lake/a.parquet', { size: 101, mtimeMs: 5 })),
    ).toBeUndefined();
    expect(
      cache.get(ParquetFooterCache.identity('/lake/a.parquet', { size: 100, mtimeMs: 6 })),
    ).toBeUndefined();
    expect(
      cache.get(ParquetFooterCache.identity('/lake/b.parquet', { size: 100, mtimeMs: 5 })),
    ).toBeUndefined();
  });

  it('remembers a footer without statistics as null, apart from an unknown one', () => {
    const cache = new ParquetFooterCache();
    cache.set('x', null);

    expect(cache.get('x')).toBeNull();
    expect(cache.get('y')).toBeUndefined();
  });

  it('lets the least recently stored entries go past its size', () => {
    const cache = new ParquetFooterCache(2);
    cache.set('a', summary(1));
    cache.set('b', summary(2));
    cache.set('a', summary(1));
    cache.set('c', summary(3));

    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toEqual(summary(1));
    expect(cache.get('c')).toEqual(summary(3));
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => new ParquetFooterCache(0)).toThrow('maxEntries must be a positive integer');
  });
});
