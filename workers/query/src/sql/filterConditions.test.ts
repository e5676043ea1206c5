import { DUCKDB_DIALECT } from '@rireki/adapters';
import { describe, expect, it } from 'vitest';
import { SearchError } from '../SearchError.js';
import { filterConditions, textCondition } from './filterConditions.js';

describe('filterConditions', () => {
  it('binds the attribute name and every value, escaping LIKE patterns', () => {
    const [condition] = filterConditions(
      { 'attributes.tier': { gte: 1, prefix: '100%_\\' } },
      DUCKDB_DIALECT,
    );

    expect(condition).toEqual({
      sql: "(TRY_CAST(attributes[?] AS DOUBLE) >= ?) AND (attributes[?] LIKE ? ESCAPE '\\')",
      params: ['tier', 1, 'tier', '100\\%\\_\\\\%'],
    });
  });

  it('compares numbers with numeric columns and text with text columns', () => {
    const conditions = filterConditions(
      { status: ['404', 500], durationMs: { lt: 2.5 }, userId: 42, ip: [true, 'x'] },
      DUCKDB_DIALECT,
    );

    expect(conditions).toEqual([
      { sql: 'status IN (?, ?)', params: [404, 500] },
      { sql: '(duration_ms < ?)', params: [2.5] },
      { sql: 'user_id = ?', params: ['42'] },
      { sql: 'ip IN (?, ?)', params: ['true', 'x'] },
    ]);
  });

  it('negates with every value bound, letting an absent field match', () => {
    const conditions = filterConditions(
      { status: { not: [200, '304'] }, 'attributes.tier': { not: 'gold' }, durationMs: { gte: 1, not: 5 } },
      DUCKDB_DIALECT,
    );

    expect(conditions).toEqual([
      { sql: '(status IS NULL OR status NOT IN (?, ?))', params: [200, 304] },
      { sql: '(attributes[?] IS NULL OR attributes[?] NOT IN (?))', params: ['tier', 'tier', 'gold'] },
      { sql: '(duration_ms >= ?) AND (duration_ms IS NULL OR duration_ms NOT IN (?))', params: [1, 5] },
    ]);
  });

  it('names each value of a negation that cannot apply to its field', () => {
    const failure = (() => {
      try {
        return filterConditions({ status: { not: [200, 'x'] }, durationMs: { not: 'y' } }, DUCKDB_DIALECT);
      } catch (error) {
        return error;
      }
    })();

    expect(failure).toBeInstanceOf(SearchError);
    expect((failure as SearchError).details).toEqual([
      { path: 'filters.status.not.1', message: 'must be a number' },
      { path: 'filters.durationMs.not', message: 'must be a number' },
    ]);
  });

  it('refuses keys that are not filters', () => {
    expect(() => filterConditions({ "attributes.a'b": 'x' }, DUCKDB_DIALECT)).toThrow(SearchError);
    expect(() => filterConditions({ params: 'x' }, DUCKDB_DIALECT)).toThrow(SearchError);
  });
});

describe('textCondition', () => {
  it('matches path, action or params ignoring case, with one escaped pattern each', () => {
    expect(textCondition("50%_'", DUCKDB_DIALECT)).toEqual({
      sql: "(path ILIKE ? ESCAPE '\\') OR (action ILIKE ? ESCAPE '\\') OR (params ILIKE ? ESCAPE '\\')",
      params: ["%50\\%\\_'%", "%50\\%\\_'%", "%50\\%\\_'%"],
    });
  });
});
