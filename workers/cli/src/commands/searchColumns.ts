import { ACTION_LOG_FIELDS, type FieldProblem, type SearchRow } from '@rireki/contracts';
import { formatInstant } from '../flags/timeFlag.js';

/** The columns of the table when `--columns` is not given. */
export const TABLE_COLUMNS = [
  'occurredAt',
  'app',
  'method',
  'path',
  'status',
  'durationMs',
  'userId',
  'action',
] as const;

const FIRST_COLUMNS = ['eventId', 'occurredAt', 'receivedAt'] as const;

/** The columns of a CSV export when `--columns` is not given: every field of the contract, ids and times first. */
export const CSV_COLUMNS: readonly string[] = [
  ...FIRST_COLUMNS,
  ...[...ACTION_LOG_FIELDS].filter((field) => !(FIRST_COLUMNS as readonly string[]).includes(field)),
];

const NESTED = /^(attributes|params|extra)\.[A-Za-z0-9_.:-]{1,128}$/;
const TIME_FIELDS: ReadonlySet<string> = new Set(['occurredAt', 'receivedAt']);

/** The columns `--columns` names, or every problem: each must be a field, receivedAt, or a nested name. */
export function parseColumns(
  raw: string,
): { readonly columns: string[] } | { readonly problem: FieldProblem } {
  const columns = raw
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = columns.filter(
    (name) => !ACTION_LOG_FIELDS.has(name) && name !== 'receivedAt' && !NESTED.test(name),
  );
  if (columns.length === 0 || unknown.length > 0) {
    return {
      problem: {
        path: '--columns',
        message: `${columns.length === 0 ? 'names no column' : `has unknown columns ${unknown.map((name) => `"${name}"`).join(', ')}`}: use fields of the action-log contract (${[...CSV_COLUMNS].join(', ')}), attributes.<name>, params.<name> or extra.<name> (got "${raw}")`,
      },
    };
  }
  return { columns };
}

/** A row's value for a column, as text: times in `zone`, objects as compact JSON, absent as ''. */
export function cellText(row: SearchRow, column: string, zone: string): string {
  const value = columnValue(row, column);
  if (value === undefined || value === null) return '';
  if (TIME_FIELDS.has(column) && typeof value === 'string') return formatInstant(Date.parse(value), zone);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function columnValue(row: SearchRow, column: string): unknown {
  const match = NESTED.exec(column);
  if (match === null) return row[column];
  const name = column.slice(column.indexOf('.') + 1);
  // Extra fields come back at the top level of a row.
  const holder = match[1] === 'extra' ? row : row[match[1] as 'attributes' | 'params'];
  return typeof holder === 'object' && holder !== null
    ? (holder as Record<string, unknown>)[name]
    : undefined;
}

/** A row with its times shown in `zone`: the same instants, still RFC 3339. */
export function rowInZone(row: SearchRow, zone: string): SearchRow {
  if (zone === 'UTC') return row;
  return {
    ...row,
    occurredAt: formatInstant(Date.parse(row.occurredAt), zone),
    receivedAt: formatInstant(Date.parse(row.receivedAt), zone),
  };
}
