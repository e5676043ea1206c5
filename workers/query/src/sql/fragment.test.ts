import { describe, expect, it } from 'vitest';
import { column, joinSql, sql, trustedSql, valueList } from './fragment.js';

describe('sql', () => {
  it('puts every interpolated value behind a placeholder and inlines fragments in order', () => {
    const inner = sql`lower(${"x' OR 1=1"})`;

    const statement = sql`SELECT ${column('path')} FROM t WHERE ${column('status')} = ${404} AND ${inner} IN ${valueList(['a', 'b'])} AND f = ${['l1', 'l2']}`;

    expect(statement).toEqual({
      sql: 'SELECT path FROM t WHERE status = ? AND lower(?) IN (?, ?) AND f = ?',
      params: [404, "x' OR 1=1", 'a', 'b', ['l1', 'l2']],
    });
  });

  it('joins conditions in parentheses', () => {
    expect(joinSql([sql`a = ${1}`, sql`b = ${2} OR c = ${3}`], ' AND ')).toEqual({
      sql: '(a = ?) AND (b = ? OR c = ?)',
      params: [1, 2, 3],
    });
  });

  it('refuses what could smuggle text into SQL', () => {
    expect(() => column('path; DROP TABLE x')).toThrow();
    expect(() => column('Path')).toThrow();
    expect(() => trustedSql('attributes[?]', [])).toThrow(/placeholders/);
    expect(() => valueList([])).toThrow();
    expect(() => joinSql([], ' OR ')).toThrow();
  });
});
