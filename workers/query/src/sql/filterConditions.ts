import {
  ATTRIBUTE_FILTER_PATTERN,
  type FieldProblem,
  formatProblems,
  SEARCH_FILTER_FIELDS,
  type SearchFilterField,
  type SearchFilterValue,
} from '@rireki/contracts';
import type { SqlDialect, SqlValue } from '@rireki/ports';
import { SearchError } from '../SearchError.js';
import { filterColumn } from './columns.js';
import { column, joinSql, type SqlFragment, sql, trustedSql, valueList } from './fragment.js';
import { containsPattern, prefixPattern } from './likePattern.js';

type Scalar = string | number | boolean;
type Comparisons = Exclude<SearchFilterValue, Scalar | readonly Scalar[]>;

/** What a filter key compares: a column, or one attribute's text value. */
interface Target {
  readonly path: string;
  readonly value: SqlFragment;
  readonly numeric: boolean;
  /** Whether gte/gt/lte/lt make sense: numbers, userId and attributes. */
  readonly orderable: boolean;
}

const RANGE_OPERATORS = { gte: '>=', gt: '>', lte: '<=', lt: '<' } as const;
const RANGE_NAMES = ['gte', 'gt', 'lte', 'lt'] as const;
const ATTRIBUTE_PREFIX = 'attributes.';
/**
 * Text fields that may be ordered as numbers: user ids are often integers (the contract accepts
 * one), while `path >= 5` would only cast paths to numbers. Attributes are orderable too.
 */
const ORDERABLE_TEXT_FIELDS: ReadonlySet<SearchFilterField> = new Set(['userId']);
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * One condition per filter, all of which must hold: a scalar means equals, an array any of, an
 * object all of its comparisons (`not`: none of its values, or the field absent). Every value is bound; a value that cannot apply to its field (a
 * word against status, `prefix` on a number) is an INVALID_REQUEST naming every such filter.
 */
export function filterConditions(
  filters: Readonly<Record<string, SearchFilterValue>>,
  dialect: SqlDialect,
): SqlFragment[] {
  const problems: FieldProblem[] = [];
  const conditions: SqlFragment[] = [];
  for (const [key, filter] of Object.entries(filters)) {
    const target = targetOf(key, dialect);
    const condition = conditionFor(target, filter, problems);
    if (condition) conditions.push(condition);
  }
  if (problems.length > 0) {
    throw new SearchError('INVALID_REQUEST', `invalid filters: ${formatProblems(problems)}`, {
      details: problems,
    });
  }
  return conditions;
}

/** Every filter and the text search of a request: the conditions a matching row passes. */
export function matchConditions(
  request: {
    readonly filters?: Readonly<Record<string, SearchFilterValue>> | undefined;
    readonly text?: string | undefined;
  },
  dialect: SqlDialect,
): SqlFragment[] {
  const conditions = filterConditions(request.filters ?? {}, dialect);
  if (request.text !== undefined) conditions.push(textCondition(request.text, dialect));
  return conditions;
}

/** Case-insensitive substring over path, action and params (the JSON text). */
export function textCondition(text: string, dialect: SqlDialect): SqlFragment {
  const pattern = containsPattern(text);
  return joinSql(
    ['path', 'action', 'params'].map((name) => trustedSql(dialect.likeIgnoringCase(name), [pattern])),
    ' OR ',
  );
}

function targetOf(key: string, dialect: SqlDialect): Target {
  const path = `filters.${key}`;
  if (key.startsWith(ATTRIBUTE_PREFIX) && ATTRIBUTE_FILTER_PATTERN.test(key)) {
    const name = key.slice(ATTRIBUTE_PREFIX.length);
    return {
      path,
      value: trustedSql(dialect.mapValue('attributes'), [name]),
      numeric: false,
      orderable: true,
    };
  }
  if (!isFilterField(key)) {
    const message = 'is not a filter field';
    throw new SearchError('INVALID_REQUEST', `${path}: ${message}`, { details: [{ path, message }] });
  }
  const { name, numeric } = filterColumn(key);
  return { path, value: column(name), numeric, orderable: numeric || ORDERABLE_TEXT_FIELDS.has(key) };
}

function isFilterField(key: string): key is SearchFilterField {
  return (SEARCH_FILTER_FIELDS as readonly string[]).includes(key);
}

function conditionFor(
  target: Target,
  filter: SearchFilterValue,
  problems: FieldProblem[],
): SqlFragment | null {
  if (Array.isArray(filter)) {
    const operands: SqlValue[] = [];
    filter.forEach((value, i) => {
      const bound = operand(target, value, `${target.path}.${i}`, problems);
      if (bound !== undefined) operands.push(bound);
    });
    return operands.length === filter.length ? sql`${target.value} IN ${valueList(operands)}` : null;
  }
  if (isComparisons(filter)) return comparisons(target, filter, problems);
  const value = operand(target, filter, target.path, problems);
  return value === undefined ? null : sql`${target.value} = ${value}`;
}

function isComparisons(filter: Exclude<SearchFilterValue, readonly Scalar[]>): filter is Comparisons {
  return typeof filter === 'object' && filter !== null;
}

function comparisons(target: Target, filter: Comparisons, problems: FieldProblem[]): SqlFragment | null {
  const parts: SqlFragment[] = [];
  // Text holds numbers in some rows only: TRY_CAST makes the others NULL, i.e. not matching.
  const asNumber = target.numeric ? target.value : sql`TRY_CAST(${target.value} AS DOUBLE)`;
  for (const name of RANGE_NAMES) {
    const bound = filter[name];
    if (bound === undefined) continue;
    if (!target.orderable) {
      problems.push({
        path: `${target.path}.${name}`,
        message: 'compares numbers, and this field holds text: use equals, prefix or contains',
      });
      continue;
    }
    parts.push(sql`${asNumber} ${trustedSql(RANGE_OPERATORS[name])} ${bound}`);
  }
  const patterns: Array<[string, string]> = [];
  if (filter.prefix !== undefined) patterns.push(['prefix', prefixPattern(filter.prefix)]);
  if (filter.contains !== undefined) patterns.push(['contains', containsPattern(filter.contains)]);
  for (const [name, pattern] of patterns) {
    if (target.numeric) {
      problems.push({ path: `${target.path}.${name}`, message: 'applies to text fields only' });
      continue;
    }
    parts.push(sql`${target.value} LIKE ${pattern} ESCAPE '\\'`);
  }
  if (filter.not !== undefined) {
    const excluded = negation(target, filter.not, problems);
    if (excluded) parts.push(excluded);
  }
  return parts.length === 0 || problems.length > 0 ? null : joinSql(parts, ' AND ');
}

/**
 * Not equal to any of the values. An event without the field has none of them, so it matches: SQL's
 * `NULL NOT IN (…)` is unknown, hence the explicit `IS NULL`.
 */
function negation(
  target: Target,
  not: Scalar | readonly Scalar[],
  problems: FieldProblem[],
): SqlFragment | null {
  const values = typeof not === 'object' ? not : [not];
  const path = `${target.path}.not`;
  const operands: SqlValue[] = [];
  values.forEach((value, i) => {
    const bound = operand(target, value, typeof not === 'object' ? `${path}.${i}` : path, problems);
    if (bound !== undefined) operands.push(bound);
  });
  if (operands.length !== values.length) return null;
  return sql`${target.value} IS NULL OR ${target.value} NOT IN ${valueList(operands)}`;
}

/** The value to compare with: a number for numeric columns, its text for text ones (42 -> '42'). */
function operand(
  target: Target,
  value: Scalar,
  path: string,
  problems: FieldProblem[],
): SqlValue | undefined {
  if (!target.numeric) return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && DECIMAL.test(value)) return Number(value);
  problems.push({ path, message: 'must be a number' });
  return undefined;
}
