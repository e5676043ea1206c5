import type { AthenaClient } from '@aws-sdk/client-athena';
import { ACTION_LOG_COLUMNS, ACTION_LOG_TABLE, type PartitionRef } from '@rireki/contracts';
import {
  type QueryEngine,
  QueryEngineError,
  type QueryOptions,
  type QueryResult,
  type SqlDialect,
  type SqlStatement,
} from '@rireki/ports';
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
 * - likeIgnoringCase: Athena has no ILIKE. A string literal has no backslash escapes in Trino, so
 *   `'\'` is the one-character escape the patterns use.
 */
export const ATHENA_DIALECT: SqlDialect = {
  mapValue: (column) => `element_at(CAST(${column} AS map(varchar, varchar)), ?)`,
  timestampFromEpochMs: () => "date_add('millisecond', ?, TIMESTAMP '1970-01-01 00:00:00.000')",
  likeIgnoringCase: (expression) => `lower(${expression}) LIKE lower(?) ESCAPE '\\'`,
};

/**
 * Athena over the Glue table `<database>.action_logs`, values bound as ExecutionParameters. A query
 * is started, polled until it ends or its time runs out (then stopped), and its result pages are
 * read and decoded: timestamps to epoch milliseconds, maps to plain objects.
 *
 * @example
 * const engine = new AthenaQueryEngine({ client: new AthenaClient({}), database: 'rireki', workgroup: 'rireki' });
 */
export class AthenaQueryEngine implements QueryEngine {
  readonly name = 'athena';
  readonly dialect = ATHENA_DIALECT;
  readonly #runner: AthenaQueryRunner;
  readonly #source: string;
  #closed = false;

  constructor(options: AthenaQueryEngineOptions) {
    if (!GLUE_NAME.test(options.database)) {
      throw new RangeError(`database must be a Glue name (a-z, 0-9, _), got "${options.database}"`);
    }
    this.#runner = new AthenaQueryRunner(options);
    this.#source = sourceSql(options.database);
  }

  /**
   * The table, whatever the partitions: Athena prunes partitions itself on the `app` and `dt`
   * conditions of the WHERE clause that the search writes. Map columns are selected as JSON, which
   * GetQueryResults returns exactly, where a map's own `{k=v, …}` text is ambiguous.
   */
  async source(partitions: readonly PartitionRef[]): Promise<SqlStatement | null> {
    return partitions.length === 0 ? null : { sql: this.#source, params: [] };
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

function sourceSql(database: string): string {
  const columns = ACTION_LOG_COLUMNS.map((column) =>
    column.kind === 'stringMap' ? `CAST(${column.name} AS JSON) AS ${column.name}` : column.name,
  );
  return `(SELECT app, dt, ${columns.join(', ')} FROM "${database}"."${ACTION_LOG_TABLE}") AS ${ACTION_LOG_TABLE}`;
}
