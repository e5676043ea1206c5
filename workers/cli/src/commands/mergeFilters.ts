import type { FieldProblem, SearchFilterValue } from '@rireki/contracts';

/** One `--filter` as given and as parsed. */
export interface ParsedFilter {
  readonly argument: string;
  readonly field: string;
  readonly value: SearchFilterValue;
}

type Comparisons = Exclude<SearchFilterValue, string | number | boolean | readonly unknown[]>;

function isComparisons(value: SearchFilterValue): value is Comparisons {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const LOWER = ['gte', 'gt'] as const;
const UPPER = ['lte', 'lt'] as const;

/**
 * The filters of repeated `--filter` flags, one value per field: comparisons on one field merge
 * (`status>=300` and `status<600` is `{gte: 300, lt: 600}`), whatever the order of the flags.
 * Anything that would silently drop a flag is a problem naming both: two equality filters on one
 * field, an equality beside a comparison, the same comparison twice, or a range that is empty.
 */
export function mergeFilters(parsed: readonly ParsedFilter[]): {
  readonly filters: Record<string, SearchFilterValue>;
  readonly problems: FieldProblem[];
} {
  const filters: Record<string, SearchFilterValue> = {};
  const sources = new Map<string, string[]>();
  const problems: FieldProblem[] = [];
  for (const { argument, field, value } of parsed) {
    const earlier = filters[field];
    const given = sources.get(field) ?? [];
    sources.set(field, [...given, argument]);
    if (earlier === undefined) {
      filters[field] = value;
      continue;
    }
    const before = given.map((text) => `"${text}"`).join(', ');
    if (!isComparisons(earlier) || !isComparisons(value)) {
      problems.push({
        path: '--filter',
        message: `"${argument}" and ${before} both filter ${field} and cannot both hold: use ${field}=a|b for any of, or comparisons (>=, <, ^=, *=) that combine`,
      });
      continue;
    }
    // Two negations are one "none of": status!=200 and status!=304 is not any of [200, 304].
    const repeated = Object.keys(value).filter((op) => op in earlier && op !== 'not');
    const none = noneOf(earlier, value);
    if (repeated.length > 0) {
      problems.push({
        path: '--filter',
        message: `"${argument}" repeats ${repeated.join(', ')} of ${field}, already given by ${before}`,
      });
      continue;
    }
    filters[field] = { ...earlier, ...value, ...(none === undefined ? {} : { not: none }) };
  }
  for (const [field, value] of Object.entries(filters)) {
    if (isComparisons(value) && isEmptyRange(value)) {
      problems.push({
        path: '--filter',
        message: `${(sources.get(field) ?? []).map((text) => `"${text}"`).join(' and ')} match no ${field}: the range is empty`,
      });
    }
  }
  return { filters, problems };
}

function noneOf(a: Comparisons, b: Comparisons): Comparisons['not'] {
  if (a.not === undefined || b.not === undefined) return a.not ?? b.not;
  const values = [a.not, b.not].flat();
  return [...new Set(values)];
}

function isEmptyRange(value: Comparisons): boolean {
  const record = value as Partial<Record<(typeof LOWER)[number] | (typeof UPPER)[number], number>>;
  for (const low of LOWER) {
    for (const high of UPPER) {
      const a = record[low];
      const b = record[high];
      if (a === undefined || b === undefined) continue;
      if (a > b || (a === b && (low === 'gt' || high === 'lt'))) return true;
    }
  }
  return false;
}
