/** One line of the filter editor: `status >= 300`, `method = GET|POST`, `path prefix /orders`. */
export interface FilterRow {
  readonly field: string;
  readonly op: FilterOp;
  readonly value: string;
}

export const FILTER_OPS = ['=', '!=', '>=', '>', '<=', '<', 'prefix', 'contains'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

type FilterValue = string | number | boolean | Array<string | number | boolean> | Record<string, unknown>;

const RANGE_KEY: Partial<Record<FilterOp, string>> = { '>=': 'gte', '>': 'gt', '<=': 'lte', '<': 'lt' };

/**
 * The search contract's filters from the editor's lines. Comparisons on one field combine into one
 * range (`status >= 300` and `< 600`); `a|b` is any of; numbers stay numbers on numeric fields.
 * Returns the problems instead when a line cannot be one (a comparison with a word).
 */
export function filtersOf(
  rows: readonly FilterRow[],
  numericFields: readonly string[],
): { filters: Record<string, FilterValue>; problems: string[] } {
  const filters: Record<string, FilterValue> = {};
  const problems: string[] = [];
  const typed = (field: string, text: string): string | number =>
    numericFields.includes(field) && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  for (const row of rows) {
    const field = row.field.trim();
    const text = row.value.trim();
    if (field === '' || text === '') continue;
    const range = RANGE_KEY[row.op];
    if (range !== undefined) {
      const number = Number(text);
      if (!/^-?\d+(\.\d+)?$/.test(text)) {
        problems.push(`${field} ${row.op} ${text}: a comparison needs a number`);
        continue;
      }
      const previous = filters[field];
      const base =
        typeof previous === 'object' && previous !== null && !Array.isArray(previous) ? previous : {};
      filters[field] = { ...base, [range]: number };
      continue;
    }
    const values = text.split('|').map((part) => typed(field, part.trim()));
    if (row.op === '=') filters[field] = values.length === 1 ? (values[0] as string | number) : values;
    else if (row.op === '!=') filters[field] = { not: values.length === 1 ? values[0] : values };
    else filters[field] = { [row.op]: text };
  }
  return { filters, problems };
}
