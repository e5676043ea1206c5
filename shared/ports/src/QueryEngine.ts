import { ERROR_CODES, type PartitionRef, RirekiError } from '@rireki/contracts';

/**
 * A value bound to one `?` placeholder: text, a number, a boolean, NULL, or a list of strings
 * (bound as one list value, e.g. DuckDB's `read_parquet(?)` file list).
 */
export type SqlValue = string | number | boolean | null | readonly string[];

/**
 * SQL text with positional `?` placeholders and their values, in placeholder order. Values never
 * appear in `sql`: every one travels as a bound parameter (DuckDB prepared statements, Athena
 * ExecutionParameters).
 */
export interface SqlStatement {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

/**
 * How an engine spells the few things SQL dialects disagree on. Each method returns an SQL
 * expression around the given trusted operand (a column name or an expression built from them) with
 * exactly the placeholders its doc names, so that a caller can bind their values in order.
 */
export interface SqlDialect {
  /**
   * The text value of one key of a map(string, string) column, NULL when the key is absent; one
   * `?`, the key. DuckDB `attributes[?]`, Athena `element_at(attributes, ?)`.
   */
  mapValue(column: string): string;
  /**
   * The timestamp of an epoch-millisecond instant, comparable with the timestamp columns; one `?`,
   * the milliseconds. DuckDB `epoch_ms(?)`, Athena `from_unixtime(? / 1000e0)`.
   */
  timestampFromEpochMs(): string;
  /**
   * The epoch milliseconds of a timestamp column, a BIGINT; no placeholder. DuckDB
   * `epoch_ms(x)`, Athena `date_diff('millisecond', TIMESTAMP '1970-01-01 00:00:00.000', x)`.
   */
  epochMsOf(column: string): string;
  /**
   * Whether `expression` matches one LIKE pattern ignoring case, with `\` escaping `%`, `_` and
   * itself; one `?`, the pattern. DuckDB `x ILIKE ? ESCAPE '\'`, Athena `lower(x) LIKE lower(?) ESCAPE '\'`.
   */
  likeIgnoringCase(expression: string): string;
}

/**
 * The table expression of a search, and what the engine knows of its rows. A search folds copies
 * of an event (the same app, event_id, occurred_at), so a total must count distinct keys; rows
 * the engine knows hold no two copies can be counted as they are, which is far cheaper.
 */
export interface TableSource extends SqlStatement {
  /**
   * The same rows in two disjoint parts, when the engine knows: `unique` holds no two copies of
   * an event, `mixed` may; either is null when empty. No event has rows in both (copies of an
   * event are always in the same partition). Absent when the engine does not know.
   */
  readonly parts?: { readonly unique: SqlStatement | null; readonly mixed: SqlStatement | null };
  /**
   * The same listing of files narrowed to some of its partitions (null when they hold none), so
   * that a search reads part of its range without listing the lake again. Absent where the source
   * does not depend on the partitions (Athena prunes by the WHERE clause).
   */
  readonly narrow?: (partitions: readonly PartitionRef[]) => TableSource | null;
  /**
   * What file metadata says of the partitions of this listing that hold no copies (see
   * QueryEngine.partitionRowCounts), from the same files the source reads. Absent where the engine
   * cannot tell.
   */
  readonly rowCounts?: (options: QueryOptions) => Promise<readonly PartitionRowCount[]>;
}

/**
 * What file metadata says of one partition whose live files hold no two copies of an event (one
 * rewrite wrote them all): its rows and the bounds of their times, known without reading a row.
 */
export interface PartitionRowCount {
  readonly partition: PartitionRef;
  readonly rows: number;
  readonly minOccurredAtMs: number;
  readonly maxOccurredAtMs: number;
  readonly maxReceivedAtMs: number;
}

export interface QueryOptions {
  /** Longest the query may take, waiting for a connection included; past it the query is cancelled. */
  readonly timeoutMs: number;
}

export interface QueryResult {
  /**
   * Rows keyed by column name, values as plain JavaScript: strings, numbers, booleans and null;
   * timestamps as epoch-millisecond numbers; maps as plain objects; lists as arrays.
   */
  readonly rows: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /** Bytes the engine read, where it reports them (Athena). */
  readonly bytesScanned?: number;
}

/**
 * Runs read-only SQL over `action_logs`: DuckDB over the local lake's files, or Athena over the
 * Glue table. Workers build SQL through `dialect` and bind every value.
 */
export interface QueryEngine {
  /** `duckdb` or `athena`, reported in search stats. */
  readonly name: string;
  readonly dialect: SqlDialect;
  /**
   * The table expression to select from for these partitions, with its own bound parameters (DuckDB:
   * `read_parquet(?)` over the files of the registered ones; Athena: the Glue table), or null when
   * none of them holds data. Either leaves out the files that a rewrite's replacement record names
   * as replaced. The rows it yields carry the partition columns `app` and `dt`.
   */
  source(partitions: readonly PartitionRef[]): Promise<TableSource | null>;
  /**
   * The row counts of the partitions among these that hold no copies, from file metadata alone
   * (Parquet footers), so that a total over whole partitions reads no rows; the partitions it does
   * not return are unknown. Optional: an engine that cannot list files (Athena) leaves it out.
   */
  partitionRowCounts?(
    partitions: readonly PartitionRef[],
    options: QueryOptions,
  ): Promise<readonly PartitionRowCount[]>;
  /** Runs one statement. Rejects with a QueryEngineError, `timedOut` when it ran out of time. */
  query(statement: SqlStatement, options: QueryOptions): Promise<QueryResult>;
  /** Releases the engine's resources; queries fail afterwards. */
  close(): Promise<void>;
}

export interface QueryEngineErrorOptions extends ErrorOptions {
  /** The query was cancelled because it ran past its time limit. @defaultValue false */
  readonly timedOut?: boolean;
}

/**
 * A query failed or ran out of time. The message may hold the engine's own text and the SQL, for
 * logs only: a search reply must not show it.
 */
export class QueryEngineError extends RirekiError {
  override readonly name = 'QueryEngineError';
  readonly timedOut: boolean;

  constructor(message: string, options: QueryEngineErrorOptions = {}) {
    // Retrying may help either way: a busy engine, a file replaced under the reader.
    super(ERROR_CODES.internal, message, { retryable: true, cause: options.cause });
    this.timedOut = options.timedOut ?? false;
  }
}
