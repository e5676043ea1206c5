import type { SearchFilterValue } from '@rireki/contracts';

/**
 * A text filter as the bench's baselines (JSON lines, PostgreSQL) translate it: equality, or
 * `{ contains }` as a LIKE pattern with `\` escaping `%`, `_` and itself. Others are refused,
 * naming the baseline and the filter.
 */
export function benchTextFilter(
  baseline: string,
  filter: SearchFilterValue,
): { readonly op: '=' | 'LIKE'; readonly param: string } {
  if (typeof filter === 'string' || typeof filter === 'number' || typeof filter === 'boolean')
    return { op: '=', param: String(filter) };
  if (!Array.isArray(filter) && typeof filter === 'object' && Object.keys(filter).join() === 'contains') {
    const contains = (filter as { contains: string }).contains;
    return { op: 'LIKE', param: `%${contains.replace(/[\\%_]/g, '\\$&')}%` };
  }
  throw new Error(
    `the ${baseline} bench search takes equality or { contains } filters, not ${JSON.stringify(filter)}`,
  );
}

/** The SQL of a translated filter on one column, its value at `placeholder`. */
export function textFilterSql(column: string, op: '=' | 'LIKE', placeholder: string): string {
  return op === '=' ? `${column} = ${placeholder}` : `${column} LIKE ${placeholder} ESCAPE '\\'`;
}
