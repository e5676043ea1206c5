import { columnOfField, isNumericColumn, type SearchFilterValue } from '@rireki/contracts';

/** Whether a field's values are numbers: `status=500` means the number 500, not the text "500". */
function isNumericField(field: string): boolean {
  const column = columnOfField(field);
  return column !== undefined && isNumericColumn(column);
}

const OPERATORS = [
  ['!=', 'not'],
  ['>=', 'gte'],
  ['<=', 'lte'],
  ['^=', 'prefix'],
  ['*=', 'contains'],
  ['>', 'gt'],
  ['<', 'lt'],
  ['=', 'eq'],
] as const;

/**
 * Parses one `--filter` argument: `field=value` (equals), `field=a|b` (any of), `field!=value`
 * (not equal; an event without the field matches), `field!=a|b` (none of), `field>=n`,
 * `field>n`, `field<=n`, `field<n`, `field^=prefix`, `field*=text` (contains).
 */
export function parseFilter(argument: string): [string, SearchFilterValue] {
  let best: { index: number; token: string; op: string } | undefined;
  for (const [token, op] of OPERATORS) {
    const index = argument.indexOf(token);
    if (index > 0 && (best === undefined || index < best.index)) best = { index, token, op };
  }
  if (best === undefined) {
    throw new Error(`--filter "${argument}": expected field=value, field>=n, field^=prefix, field*=text …`);
  }
  const field = argument.slice(0, best.index).trim();
  const raw = argument.slice(best.index + best.token.length);
  const numeric = isNumericField(field);
  const scalar = (text: string): string | number => {
    if (!numeric) return text;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value))
      throw new Error(`--filter "${argument}": ${field} takes numbers`);
    return value;
  };
  const number = (text: string): number => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value))
      throw new Error(`--filter "${argument}": ${best?.token} takes a number`);
    return value;
  };
  switch (best.op) {
    case 'eq': {
      const values = raw.split('|');
      return [field, values.length > 1 ? values.map(scalar) : scalar(raw)];
    }
    case 'not': {
      const values = raw.split('|');
      return [field, { not: values.length > 1 ? values.map(scalar) : scalar(raw) }];
    }
    case 'prefix':
      return [field, { prefix: raw }];
    case 'contains':
      return [field, { contains: raw }];
    default:
      return [field, { [best.op]: number(raw) }];
  }
}
