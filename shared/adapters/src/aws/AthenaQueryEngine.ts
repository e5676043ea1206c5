import type { AthenaClient } from '@aws-sdk/client-athena';
import { ACTION_LOG_COLUMNS, ACTION_LOG_TABLE, type PartitionRef } from '@rireki/contracts';
import {
  type ObjectStore,
  type QueryEngine,
  QueryEngineError,
  type QueryOptions,
  type QueryResult,
  type SqlDialect,
  type SqlStatement,
} from '@rireki/ports';
import { readReplacementsOfPartitions } from '../lake/livePartitionFiles.js';
import { type AthenaClock, type AthenaPolling, AthenaQueryRunner } from './AthenaQueryRunner.js';
import { GLUE_NAME } from './actionLogTableDdl.js';
import { toExecutionParameters } from './athenaParameters.js';

export interface AthenaQueryEngineOptions {
  /** A configured client; its `maxAttempts` retries come before the engine's own throttling back-off. */
  readonly client: AthenaClient;
  /** Glue database that holds the `action_logs` table. */
  readonly database: string;
  /** Athena workgroup the queries run in. */
  readonly workgroup: string;
  /**
   * The s3:// lake the Glue table is over (an S3ObjectStore): its replacement records name the
   * files a rewrite replaced, which searches must no longer read.
   */
  readonly store: ObjectStore;
  /** S3 URI for query results. @defaultValue none: the workgroup's result location */
  readonly outputLocation?: string;
  /** @defaultValue first wait 100 ms, doubling up to 2 s */
  readonly polling?: AthenaPolling;
  /** Rows per GetQueryResults page, 1 to 1000. @defaultValue 1000 */
  readonly pageSize?: number;
  /** @defaultValue the system clock */
  readonly clock?: AthenaClock;
}

/**
 * Athena's spelling (Trino SQL, engine v3) of what dialects disagree on.
 *
 * - mapValue: element_at is NULL for a missing key where `m[k]` fails the query. The CAST reads the
 *   key from the map column and from the JSON that `source()` exposes it as alike.
 * - timestampFromEpochMs: `date_add('millisecond', ?, TIMESTAMP '1970-01-01 00:00:00.000')` is a
 *   timestamp(3) without zone, the type Athena gives the lake's TIMESTAMP_MILLIS columns, computed in
 *   whole milliseconds. `from_unixtime(? / 1000e0)` would go through a double and return a timestamp
 *   with time zone, making each comparison cast the column.
 * - epochMsOf: the inverse, in whole milliseconds; `to_unixtime` would return seconds as a double.
 * - likeIgnoringCase: Athena has no ILIKE. A string literal has no backslash escapes in Trino, so
 *   `'\'` is the one-character escape the patterns use.
 */
export const ATHENA_DIALECT: SqlDialect = {
  mapValue: (column) => `element_at(CAST(${column} AS map(varchar, varchar)), ?)`,
  timestampFromEpochMs: () => "date_add('millisecond', ?, TIMESTAMP '1970-01-01 00:00:00.000')",
  epochMsOf: (column) => `date_diff('millisecond', TIMESTAMP '1970-01-01 00:00:00.000', ${column})`,
  likeIgnoringCase: (expression) => `lower(${expression}) LIKE lower(?) ESCAPE '\\'`,
};

/**
 * The most replaced files one search leaves out. Athena documents no limit on the number of
 * ExecutionParameters, only 1,024 characters each and 262,144 for the query text; at about 130
 * characters a file's URI, 2,000 of them make a request about the size of the longest query text.
 * Within the grace only the files rewritten in the last half hour or so are replaced, far fewer.
 */
export const MAX_EXCLUDED_FILES = 2_000;

/**
 * Athena over the Glue table `<database>.action_logs`, values bound as ExecutionParameters. A query
 * is started, polled until it ends or its time runs out (then stopped), and its result pages are
 * read and decoded: timestamps to epoch milliseconds, maps to plain objects.
 *
 * @example
 * const engine = new AthenaQueryEngine({
 *   client: new AthenaClient({}),
 *   database: 'rireki',
 *   workgroup: 'rireki',
 *   store: new S3ObjectStore({ client: new S3Client({}), lake: 's3://my-lake/rireki' }),
 * });
 */
export class AthenaQueryEngine implements QueryEngine {
  readonly name = 'athena';
  readonly dialect = ATHENA_DIALECT;
  readonly #runner: AthenaQueryRunner;
  readonly #store: ObjectStore;
  readonly #database: string;
  #closed = false;

  constructor(options: AthenaQueryEngineOptions) {
    if (!GLUE_NAME.test(options.database)) {
      throw new RangeError(`database must be a Glue name (a-z, 0-9, _), got "${options.database}"`);
    }
    if (!options.store.location.startsWith('s3://')) {
      throw new RangeError(`store must be the s3:// lake Athena reads, got "${options.store.location}"`);
    }
    this.#runner = new AthenaQueryRunner(options);
    this.#store = options.store;
    this.#database = options.database;
  }

  /**
   * The table less the files that rewrites of these partitions replaced, which stay in S3 until
   * their grace has passed: without them a search would read a compaction's rows twice, or an
   * erased user's rows from the old files. Athena names each row's file in `"$path"`, the full
   * `s3://bucket/key` URI, so the replaced files' URIs are bound to one `?` each of a
   * `"$path" NOT IN (…)`; a search whose partitions hold no record reads the whole table as it is.
   * The records are read here, before Athena lists the files: a rewrite stores its new files
   * before its record, so either the record is seen or the old files are still there.
   *
   * Athena prunes partitions itself on the `app` and `dt` conditions of the WHERE clause that the
   * search writes. Map columns are selected as JSON, which GetQueryResults returns exactly, where
   * a map's own `{k=v, …}` text is ambiguous.
   *
   * Rejects with a StorageError when a record cannot be read, and with a QueryEngineError when
   * the records name more than MAX_EXCLUDED_FILES files (the search can succeed once the
   * maintenance worker has removed some of them).
   */
  async source(partitions: readonly PartitionRef[]): Promise<SqlStatement | null> {
    if (partitions.length === 0) return null;
    const records = await readReplacementsOfPartitions(this.#store, partitions);
    const replaced = [...new Set(records.flatMap((record) => record.replaced))].sort();
    if (replaced.length > MAX_EXCLUDED_FILES) {
      throw new QueryEngineError(
        `the replacement records of the ${partitions.length} partitions searched name ${replaced.length} files; a search leaves out at most ${MAX_EXCLUDED_FILES}`,
      );
    }
    const uris = replaced.map((key) => this.#store.uriOf(key));
    return { sql: sourceSql(this.#database, uris.length), params: uris };
  }

  async query(statement: SqlStatement, options: QueryOptions): Promise<QueryResult> {
    if (this.#closed) throw new QueryEngineError('query engine is closed');
    const deadline = this.#runner.now() + options.timeoutMs;
    const outcome = await this.#runner.run(statement.sql, toExecutionParameters(statement.params), deadline);
    if (outcome.state !== 'SUCCEEDED') {
      const code = outcome.error?.ErrorType === undefined ? '' : ` (error type ${outcome.error.ErrorType})`;
      throw new QueryEngineError(
        `Athena query ${outcome.queryExecutionId} ${outcome.state}${code}: ${outcome.reason}`,
        { cause: outcome.error },
      );
    }
    const rows = await this.#runner.rows(outcome.queryExecutionId, { skipHeader: true, deadline });
    const scanned = outcome.execution.Statistics?.DataScannedInBytes;
    return scanned === undefined ? { rows } : { rows, bytesScanned: scanned };
  }

  async close(): Promise<void> {
    this.#closed = true;
  }
}

/** The table as a subquery, with one `?` for each of `excluded` files' URIs. */
function sourceSql(database: string, excluded: number): string {
  const columns = ACTION_LOG_COLUMNS.map((column) =>
    column.kind === 'stringMap' ? `CAST(${column.name} AS JSON) AS ${column.name}` : column.name,
  );
  const table = `"${database}"."${ACTION_LOG_TABLE}"`;
  // Athena binds one scalar per `?`, so a list is written as one placeholder per value.
  const where = excluded === 0 ? '' : ` WHERE "$path" NOT IN (${Array(excluded).fill('?').join(', ')})`;
  return `(SELECT app, dt, ${columns.join(', ')} FROM ${table}${where}) AS ${ACTION_LOG_TABLE}`;
}
