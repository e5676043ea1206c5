import type { SqlStatement, SqlValue } from '@rireki/ports';

/**
 * A piece of SQL and the values of its `?` placeholders, in order. Fragments are only ever built
 * by the helpers below, which put each value behind a placeholder, so composing them can never
 * splice a value into the text.
 */
export type SqlFragment = SqlStatement;

type Part = SqlValue | SqlFragment;

function isFragment(part: Part): part is SqlFragment {
  return typeof part === 'object' && part !== null && !Array.isArray(part);
}

/**
 * SQL from a template: each interpolated value becomes a `?` with the value bound, each fragment
 * is inlined with its own values.
 *
 * @example sql`${column('status')} = ${404}` // { sql: 'status = ?', params: [404] }
 */
export function sql(strings: TemplateStringsArray, ...parts: readonly Part[]): SqlFragment {
  let text = strings[0] ?? '';
  const params: SqlValue[] = [];
  parts.forEach((part, i) => {
    if (isFragment(part)) {
      text += part.sql;
      params.push(...part.params);
    } else {
      text += '?';
      params.push(part);
    }
    text += strings[i + 1] ?? '';
  });
  return { sql: text, params };
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** A column name from the table definition; anything else is a programming error. */
export function column(name: string): SqlFragment {
  if (!IDENTIFIER.test(name)) throw new Error(`not an SQL identifier: ${name}`);
  return { sql: name, params: [] };
}

/**
 * Trusted SQL text (a dialect's expression, an operator) with the values of its `?` placeholders,
 * checked to match in number.
 */
export function trustedSql(text: string, params: readonly SqlValue[] = []): SqlFragment {
  const placeholders = text.split('?').length - 1;
  if (placeholders !== params.length) {
    throw new Error(`expression has ${placeholders} placeholders for ${params.length} values: ${text}`);
  }
  return { sql: text, params };
}

/** `(a, b, c)`: one placeholder per value. */
export function valueList(values: readonly SqlValue[]): SqlFragment {
  if (values.length === 0) throw new Error('a value list needs at least one value');
  return { sql: `(${values.map(() => '?').join(', ')})`, params: values };
}

/** The fragments joined by trusted SQL, e.g. ` AND `, each wrapped in parentheses. */
export function joinSql(fragments: readonly SqlFragment[], separator: ' AND ' | ' OR ' | ' + '): SqlFragment {
  if (fragments.length === 0) throw new Error('nothing to join');
  return {
    sql: fragments.map((fragment) => `(${fragment.sql})`).join(separator),
    params: fragments.flatMap((fragment) => fragment.params),
  };
}
