import type { DuckDbQueryEngine } from '@rireki/adapters';
import {
  type LakeRow,
  SEARCH_LIMITS,
  type SearchFilterValue,
  validateSearchRequest,
} from '@rireki/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSearch } from './runSearch.js';
import { SearchError } from './SearchError.js';
import {
  APPS,
  type DatasetEvent,
  datasetEvents,
  expectedKeys,
  keyOf,
  RANGE,
  writeDataset,
} from './testing/searchDataset.js';
import { searchOptions } from './testing/searchHelpers.js';
import { createSearchLake, type SearchLake } from './testing/searchLake.js';

/** Hostile strings: SQL, LIKE wildcards, escapes, look-alike quotes, control characters, the longest allowed and longer. */
const CORPUS = [
  "'",
  "''",
  '"',
  "' OR 1=1 --",
  "' OR '1'='1",
  "'); DROP TABLE action_logs; --",
  '"; DROP TABLE action_logs; --',
  '\\',
  '\\\\',
  "\\'",
  '%',
  '_',
  '%%',
  '%_%',
  '\\%',
  '100%_',
  "it's",
  '’',
  '‘ OR ‘1’=‘1',
  '“quoted”',
  'ʼ OR 1=1 --',
  '＇ OR 1=1 --',
  '\u0000',
  "a\u0000' OR 1=1 --",
  '?',
  '$1',
  ':name',
  '*/ OR 1=1 /*',
  "; SELECT * FROM read_csv('/etc/passwd'); --",
  "' UNION SELECT * FROM read_parquet('/etc/passwd') --",
  "x'::VARCHAR || '",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${…} is the point
  '${1}',
  "\n' OR 1=1\n--",
  '\t',
  '𠮷😀',
  "注文' OR '1'='1",
  '--',
  '/*',
  '200',
  '1e2',
  "'".repeat(SEARCH_LIMITS.maxFilterStringLength),
  'A'.repeat(SEARCH_LIMITS.maxFilterStringLength),
  'A'.repeat(SEARCH_LIMITS.maxFilterStringLength + 1),
];

/** Attribute names the contract's pattern allows, chosen to look like SQL or path syntax. */
const ATTRIBUTE_NAMES = [
  'orderId--',
  'a.b',
  ':',
  '1',
  '_',
  'x:y:z',
  '..',
  '-',
  'tier',
  'orderId.',
  'N'.repeat(128),
];

const COLUMN_OF = {
  eventId: 'event_id',
  action: 'action',
  method: 'method',
  path: 'path',
  userId: 'user_id',
  ip: 'ip',
  userAgent: 'user_agent',
  status: 'status',
  durationMs: 'duration_ms',
} as const satisfies Record<string, keyof LakeRow>;

const NUMERIC = new Set(['status', 'durationMs']);
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function fieldValue(event: DatasetEvent, key: string): string | number | null {
  if (key.startsWith('attributes.')) return event.row.attributes?.[key.slice('attributes.'.length)] ?? null;
  return event.row[COLUMN_OF[key as keyof typeof COLUMN_OF]];
}

type Scalar = string | number | boolean;
type Comparisons = Exclude<SearchFilterValue, Scalar | readonly Scalar[]>;

function isComparisons(filter: SearchFilterValue): filter is Comparisons {
  return typeof filter === 'object' && !Array.isArray(filter);
}

/** The strings and numbers a filter compares with: its scalar, its list, or its comparisons' operands. */
function operandsOf(filter: SearchFilterValue): Scalar[] {
  if (Array.isArray(filter)) return filter;
  if (isComparisons(filter))
    return Object.values(filter)
      .flat()
      .filter((value) => value !== undefined);
  return [filter];
}

/** The contract's meaning of one filter, by brute force, for the scalar, list, prefix, contains and not forms used here. */
function holds(event: DatasetEvent, key: string, filter: SearchFilterValue): boolean {
  const value = fieldValue(event, key);
  const equals = (operand: string | number | boolean) =>
    NUMERIC.has(key) ? value === Number(operand) : value === String(operand);
  // A negation holds for an event without the field.
  if (isComparisons(filter) && filter.not !== undefined)
    return value === null || ![filter.not].flat().some(equals);
  if (value === null) return false;
  if (Array.isArray(filter)) return filter.some(equals);
  if (typeof filter === 'object') {
    return (
      (filter.prefix === undefined || String(value).startsWith(filter.prefix)) &&
      (filter.contains === undefined || String(value).includes(filter.contains))
    );
  }
  return equals(filter);
}

function textHolds(event: DatasetEvent, text: string): boolean {
  const needle = text.toLowerCase();
  return [event.row.path, event.row.action, event.row.params].some(
    (field) => !!field?.toLowerCase().includes(needle),
  );
}

/** Every place a string can go in a request: filter values, prefix, contains, lists, text. */
function placements(value: string): Array<{ filters?: Record<string, SearchFilterValue>; text?: string }> {
  return [
    ...[
      'eventId',
      'action',
      'method',
      'path',
      'userId',
      'ip',
      'userAgent',
      'attributes.orderId',
      'attributes.tier',
    ].map((key) => ({ filters: { [key]: value } })),
    ...['eventId', 'action', 'path', 'userAgent', 'attributes.tier'].flatMap((key) => [
      { filters: { [key]: { prefix: value } } },
      { filters: { [key]: { contains: value } } },
    ]),
    ...['eventId', 'method', 'userAgent', 'attributes.tier'].map((key) => ({
      filters: { [key]: { not: value } },
    })),
    { filters: { method: [value, 'PUT'] } },
    { filters: { action: { not: [value, 'view'] } } },
    { filters: { status: { not: value } } },
    { filters: { 'attributes.orderId': ['ORD-7', value] } },
    { filters: { status: value } },
    { filters: { durationMs: [value] } },
    { text: value },
  ];
}

const events = datasetEvents(600);
let lake: SearchLake;
let engine: DuckDbQueryEngine;

beforeAll(async () => {
  lake = await createSearchLake();
  await writeDataset(lake, events);
  engine = await lake.engine({ connections: 2 });
}, 60_000);

afterAll(async () => {
  await lake?.close();
});

/** The outcome of one request, compared with what the contract says it must be. */
async function check(request: {
  filters?: Record<string, SearchFilterValue>;
  text?: string;
}): Promise<string | null> {
  const validation = validateSearchRequest({ app: [...APPS], ...RANGE, limit: 1000, ...request });
  const strings = Object.values(request.filters ?? {})
    .flatMap(operandsOf)
    .filter((value) => typeof value === 'string');
  const tooLong =
    strings.some((value) => value.length > SEARCH_LIMITS.maxFilterStringLength) ||
    (request.text?.length ?? 0) > SEARCH_LIMITS.maxTextLength;
  if (!validation.ok)
    return tooLong ? null : `rejected by validation: ${JSON.stringify(validation.problems)}`;
  if (tooLong) return 'accepted a value over the length limit';

  const notANumber = Object.entries(request.filters ?? {}).some(
    ([key, filter]) =>
      NUMERIC.has(key) &&
      operandsOf(filter).some((value) => typeof value === 'string' && !DECIMAL.test(value)),
  );
  try {
    const reply = await runSearch(engine, validation.request, searchOptions());
    if (notANumber) return 'accepted a word against a numeric field';
    const expected = expectedKeys(events, {
      apps: APPS,
      match: (event) =>
        Object.entries(request.filters ?? {}).every(([key, filter]) => holds(event, key, filter)) &&
        (request.text === undefined || textHolds(event, request.text)),
    });
    const actual = reply.rows.map(keyOf);
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      return `returned ${actual.length} rows, expected ${expected.length}`;
    }
    return null;
  } catch (error) {
    if (error instanceof SearchError && error.searchCode === 'INVALID_REQUEST' && notANumber) return null;
    return `failed: ${error instanceof SearchError ? error.searchCode : String(error)}`;
  }
}

describe('hostile strings in every string field return exactly the matching rows, never an engine error', () => {
  it('the corpus is large enough and the lake holds rows that some of it must match', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(30);
    expect(events.some((event) => event.row.action === "it's 100%_done")).toBe(true);
  });

  it.each(CORPUS.map((value) => [JSON.stringify(value).slice(0, 40), value]))('%s', async (_label, value) => {
    const problems: string[] = [];
    for (const request of placements(value)) {
      const problem = await check(request);
      if (problem) problems.push(`${JSON.stringify(request).slice(0, 120)}: ${problem}`);
    }

    expect(problems).toEqual([]);
  });

  it.each(ATTRIBUTE_NAMES)('attribute name %s', async (name) => {
    const problems: string[] = [];
    for (const value of ["' OR '1'='1", 'std', '%', 'ORD-7']) {
      for (const filter of [value, { contains: value }]) {
        const problem = await check({ filters: { [`attributes.${name}`]: filter } });
        if (problem) problems.push(`${name} ${JSON.stringify(filter)}: ${problem}`);
      }
    }

    expect(problems).toEqual([]);
  });

  it('attribute names outside the pattern never reach the engine', () => {
    for (const name of ["a'b", 'a b', 'a;b', '', 'N'.repeat(129), "x') OR 1=1 --"]) {
      const validation = validateSearchRequest({
        app: 'shop',
        ...RANGE,
        filters: { [`attributes.${name}`]: 'x' },
      });
      expect(validation.ok).toBe(false);
    }
  });
});
