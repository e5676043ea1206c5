/**
 * The one definition of the `action_logs` table. The Parquet encoder, the catalog DDL (Athena/Glue)
 * and the query layer all read it, so files and catalog cannot drift apart.
 */

/** A column's logical kind, and how each system spells it. */
export const COLUMN_KINDS = {
  string: {
    athenaType: 'string',
    duckdbType: 'VARCHAR',
    parquet: { physicalType: 'BYTE_ARRAY', convertedType: 'UTF8' },
  },
  // Athena and Glue read Parquet timestamps at millisecond precision only, so the lake stores
  // INT64 TIMESTAMP(MILLIS) and never microseconds or INT96.
  timestamp: {
    athenaType: 'timestamp',
    duckdbType: 'TIMESTAMP_MS',
    parquet: { physicalType: 'INT64', convertedType: 'TIMESTAMP_MILLIS' },
  },
  int: {
    athenaType: 'int',
    duckdbType: 'INTEGER',
    parquet: { physicalType: 'INT32', convertedType: 'INT_32' },
  },
  double: {
    athenaType: 'double',
    duckdbType: 'DOUBLE',
    parquet: { physicalType: 'DOUBLE', convertedType: null },
  },
  stringMap: {
    athenaType: 'map<string,string>',
    duckdbType: 'MAP(VARCHAR, VARCHAR)',
    parquet: { physicalType: null, convertedType: 'MAP' },
  },
} as const;

export type ColumnKind = keyof typeof COLUMN_KINDS;

export interface ColumnDefinition {
  /** Column name in Parquet and in the catalog (snake_case, as Athena folds case). */
  readonly name: string;
  readonly kind: ColumnKind;
  readonly nullable: boolean;
  /** The action-log v1 field this column holds (camelCase), or null when the worker computes it. */
  readonly field: string | null;
  /** The column holds JSON text of a value that is not text (params, the extra fields). */
  readonly json: boolean;
  readonly comment: string;
}

export const ACTION_LOG_TABLE = 'action_logs';

export const ACTION_LOG_COLUMNS = [
  {
    name: 'event_id',
    kind: 'string',
    nullable: false,
    field: 'eventId',
    json: false,
    comment: 'event id, given or derived from the SQS MessageId and index',
  },
  {
    name: 'occurred_at',
    kind: 'timestamp',
    nullable: false,
    field: 'occurredAt',
    json: false,
    comment: 'when the request was handled (UTC)',
  },
  {
    name: 'received_at',
    kind: 'timestamp',
    nullable: false,
    field: null,
    json: false,
    comment: 'when the ingest worker received the event (UTC)',
  },
  {
    name: 'action',
    kind: 'string',
    nullable: true,
    field: 'action',
    json: false,
    comment: 'route name or controller action',
  },
  { name: 'method', kind: 'string', nullable: true, field: 'method', json: false, comment: 'HTTP method' },
  { name: 'path', kind: 'string', nullable: true, field: 'path', json: false, comment: 'request path' },
  { name: 'status', kind: 'int', nullable: true, field: 'status', json: false, comment: 'response status' },
  {
    name: 'duration_ms',
    kind: 'double',
    nullable: true,
    field: 'durationMs',
    json: false,
    comment: 'handling time in milliseconds',
  },
  { name: 'user_id', kind: 'string', nullable: true, field: 'userId', json: false, comment: 'acting user' },
  { name: 'ip', kind: 'string', nullable: true, field: 'ip', json: false, comment: 'client address' },
  {
    name: 'user_agent',
    kind: 'string',
    nullable: true,
    field: 'userAgent',
    json: false,
    comment: 'client user agent',
  },
  {
    name: 'params',
    kind: 'string',
    nullable: true,
    field: 'params',
    json: true,
    comment: 'request input after redaction, JSON text',
  },
  {
    name: 'attributes',
    kind: 'stringMap',
    nullable: true,
    field: 'attributes',
    json: false,
    comment: 'app-specific fields, values as text',
  },
  {
    name: 'extra',
    kind: 'string',
    nullable: true,
    field: null,
    json: true,
    comment: 'every other top-level field the app sent, JSON text',
  },
] as const satisfies readonly ColumnDefinition[];

/** Hive-style partition keys, in path order: `app=<app>/dt=<YYYY-MM-DD>`. */
export const ACTION_LOG_PARTITION_KEYS = [
  { name: 'app', kind: 'string', comment: 'app code' },
  { name: 'dt', kind: 'string', comment: 'UTC date of occurred_at, YYYY-MM-DD' },
] as const;

interface KindValue {
  string: string;
  /** Epoch milliseconds, UTC. */
  timestamp: number;
  int: number;
  double: number;
  stringMap: Readonly<Record<string, string>>;
}

type Column = (typeof ACTION_LOG_COLUMNS)[number];

/** One row of `action_logs` as the encoder takes it, keyed by column name. */
export type LakeRow = {
  readonly [C in Column as C['name']]: C['nullable'] extends true
    ? KindValue[C['kind']] | null
    : KindValue[C['kind']];
};

/** A partition of `action_logs`. */
export interface PartitionRef {
  readonly app: string;
  /** UTC date, YYYY-MM-DD. */
  readonly dt: string;
}

/** A column of `action_logs` that holds a field of the action-log contract. */
export type FieldColumn = Extract<Column, { field: string }>;

/** The action-log field each column holds, in column order: the one field ↔ column mapping. */
export const FIELD_COLUMNS: readonly FieldColumn[] = ACTION_LOG_COLUMNS.filter(
  (column): column is FieldColumn => column.field !== null,
);

const COLUMN_BY_FIELD = new Map<string, FieldColumn>(FIELD_COLUMNS.map((column) => [column.field, column]));

/** The column that holds an action-log field (durationMs → duration_ms), or undefined for none. */
export function columnOfField(field: string): FieldColumn | undefined {
  return COLUMN_BY_FIELD.get(field);
}

/** Whether a column holds numbers (compared and parsed as numbers, not text). */
export function isNumericColumn(column: ColumnDefinition): boolean {
  return column.kind === 'int' || column.kind === 'double';
}
