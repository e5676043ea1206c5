import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import {
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBType,
  type DuckDBValue,
  LIST,
  listValue,
  VARCHAR,
} from '@duckdb/node-api';
import { type PartitionRef, partitionKey } from '@rireki/contracts';
import type { PartitionCatalog } from '@rireki/ports';
import {
  type PartitionRowCount,
  type QueryEngine,
  QueryEngineError,
  type QueryOptions,
  type QueryResult,
  type SqlDialect,
  type SqlStatement,
  type TableSource,
} from '@rireki/ports';
import { isDuplicateFree, livePartitionFiles } from '../lake/livePartitionFiles.js';
import { DirectoryObjectStore } from './DirectoryObjectStore.js';
import { ConnectionPool } from './DuckDbConnectionPool.js';
import { binding, plainRow } from './duckDbValues.js';
import { type FooterSummary, ParquetFooterCache } from './ParquetFooterCache.js';

export interface DuckDbQueryEngineOptions {
  /** The lake root, the directory that holds `action_logs/`. */
  readonly lakeDir: string;
  /** Which partitions exist; files of unregistered partitions are never read. */
  readonly catalog: PartitionCatalog;
  /** Queries that run side by side; more wait for a free connection. @defaultValue 4 */
  readonly connections?: number;
  /** DuckDB worker threads, shared by all connections. @defaultValue DuckDB's default, one per core */
  readonly threads?: number;
}

export const DUCKDB_DIALECT: SqlDialect = {
  mapValue: (column) => `${column}[?]`,
  timestampFromEpochMs: () => 'epoch_ms(?)',
  epochMsOf: (column) => `epoch_ms(${column})`,
  likeIgnoringCase: (expression) => `${expression} ILIKE ? ESCAPE '\\'`,
};

/** How often an interrupt is repeated past a query's deadline, until the query stops. */
const INTERRUPT_REPEAT_MS = 25;

// Partition values are text, as in the Glue table; left to itself DuckDB would read dt as a DATE.
const SOURCE_SQL =
  "read_parquet(?, hive_partitioning = true, hive_types = {'app': 'VARCHAR', 'dt': 'VARCHAR'})";

/**
 * Per file, from the Parquet footer: rows, and the bounds of occurred_at and received_at from the
 * row groups' statistics (text, read back as timestamps only for those two columns); `complete` is
 * false when a row group lacks one.
 */
const FOOTER_SQL = `SELECT file_name AS file,
  sum(row_group_num_rows) FILTER (WHERE path_in_schema = 'event_id') AS rows,
  min(CASE WHEN path_in_schema = 'occurred_at' THEN CAST(stats_min_value AS TIMESTAMP) END) AS min_occurred_at,
  max(CASE WHEN path_in_schema = 'occurred_at' THEN CAST(stats_max_value AS TIMESTAMP) END) AS max_occurred_at,
  max(CASE WHEN path_in_schema = 'received_at' THEN CAST(stats_max_value AS TIMESTAMP) END) AS max_received_at,
  bool_and(stats_min_value IS NOT NULL AND stats_max_value IS NOT NULL)
    FILTER (WHERE path_in_schema IN ('occurred_at', 'received_at')) AS complete
FROM parquet_metadata(?) GROUP BY file_name`;

function footerOf(row: Readonly<Record<string, unknown>>): FooterSummary | null {
  const { rows, min_occurred_at: min, max_occurred_at: max, max_received_at: received } = row;
  if (row.complete !== true) return null;
  if (![rows, min, max, received].every((value) => typeof value === 'number')) return null;
  return {
    rows: rows as number,
    minOccurredAtMs: min as number,
    maxOccurredAtMs: max as number,
    maxReceivedAtMs: received as number,
  };
}

/**
 * DuckDB over the local lake. Each query gets one connection of a small pool, so searches run side
 * by side up to the pool size and then wait their turn. The instance may read the lake directory
 * only: external access is off and the configuration locked, a second wall behind bound parameters.
 */
export class DuckDbQueryEngine implements QueryEngine {
  readonly name = 'duckdb';
  readonly dialect = DUCKDB_DIALECT;
  readonly #instance: DuckDBInstance;
  readonly #pool: ConnectionPool;
  readonly #lake: DirectoryObjectStore;
  readonly #catalog: PartitionCatalog;
  readonly #footers = new ParquetFooterCache();
  #closed = false;

  private constructor(
    instance: DuckDBInstance,
    connections: DuckDBConnection[],
    lake: DirectoryObjectStore,
    catalog: PartitionCatalog,
  ) {
    this.#instance = instance;
    this.#pool = new ConnectionPool(connections);
    this.#lake = lake;
    this.#catalog = catalog;
  }

  static async create(options: DuckDbQueryEngineOptions): Promise<DuckDbQueryEngine> {
    const size = options.connections ?? 4;
    if (!Number.isInteger(size) || size < 1) throw new RangeError('connections must be a positive integer');
    const lakeDir = resolve(options.lakeDir);
    const config: Record<string, string> = {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      // DuckDB keeps what it reads of each Parquet file in memory, up to its memory limit (80% of
      // RAM), so a query worker over a growing lake grows with it; the lake is on local disk, and
      // the OS page cache already holds what is read often.
      enable_external_file_cache: 'false',
    };
    if (options.threads !== undefined) config.threads = String(options.threads);
    const instance = await DuckDBInstance.create(':memory:', config);
    try {
      const setup = await instance.connect();
      await setup.run(
        'SET GLOBAL allowed_directories = ?',
        [listValue([`${lakeDir}${sep}`])],
        [LIST(VARCHAR)],
      );
      await setup.run('SET GLOBAL enable_external_access = false');
      await setup.run('SET GLOBAL lock_configuration = true');
      setup.closeSync();
      const connections: DuckDBConnection[] = [];
      for (let i = 0; i < size; i++) connections.push(await instance.connect());
      return new DuckDbQueryEngine(instance, connections, new DirectoryObjectStore(lakeDir), options.catalog);
    } catch (error) {
      instance.closeSync();
      throw error;
    }
  }

  /**
   * `read_parquet` over the live files of the registered partitions among these, split by what
   * compaction knows: partitions whose files one rewrite wrote hold each event once.
   */
  async source(partitions: readonly PartitionRef[]): Promise<TableSource | null> {
    return this.#sourceOver(await this.#liveFiles(partitions));
  }

  #sourceOver(live: ReadonlyArray<{ partition: PartitionRef; keys: readonly string[] }>): TableSource | null {
    const unique: string[] = [];
    const mixed: string[] = [];
    for (const { keys } of live) {
      const paths = keys.map((key) => this.#lake.pathOf(key));
      (isDuplicateFree(keys) ? unique : mixed).push(...paths);
    }
    const files = [...unique, ...mixed].sort();
    if (files.length === 0) return null;
    const over = (list: string[]): SqlStatement | null =>
      list.length === 0 ? null : { sql: SOURCE_SQL, params: [list.sort()] };
    return {
      sql: SOURCE_SQL,
      params: [files],
      parts: { unique: over(unique), mixed: over(mixed) },
      narrow: (partitions) => {
        const wanted = new Set(partitions.map(partitionKey));
        return this.#sourceOver(live.filter(({ partition }) => wanted.has(partitionKey(partition))));
      },
      rowCounts: (options) => this.#rowCountsOf(live, options),
    };
  }

  /**
   * Rows and time bounds of the duplicate-free partitions among these, summed from the row groups
   * of their files' Parquet footers. A partition whose footers lack a statistic is left out. Each
   * footer is read once per file content (ParquetFooterCache); a stat per file tells whether it
   * is the one read before.
   */
  async partitionRowCounts(
    partitions: readonly PartitionRef[],
    options: QueryOptions,
  ): Promise<PartitionRowCount[]> {
    return this.#rowCountsOf(await this.#liveFiles(partitions), options);
  }

  async #rowCountsOf(
    live: ReadonlyArray<{ partition: PartitionRef; keys: readonly string[] }>,
    options: QueryOptions,
  ): Promise<PartitionRowCount[]> {
    const files: Array<{ path: string; partition: PartitionRef }> = [];
    for (const { partition, keys } of live) {
      if (isDuplicateFree(keys))
        for (const key of keys) files.push({ path: this.#lake.pathOf(key), partition });
    }
    if (files.length === 0) return [];
    const footers = await this.#footersOf(
      files.map((file) => file.path),
      options,
    );
    const counts = new Map<string, PartitionRowCount | null>();
    for (const [i, { partition }] of files.entries()) {
      const key = partitionKey(partition);
      const file = footers[i];
      const before = counts.get(key);
      if (before === null) continue;
      if (file === null || file === undefined) {
        counts.set(key, null);
        continue;
      }
      counts.set(key, {
        partition,
        rows: (before?.rows ?? 0) + file.rows,
        minOccurredAtMs: Math.min(before?.minOccurredAtMs ?? Infinity, file.minOccurredAtMs),
        maxOccurredAtMs: Math.max(before?.maxOccurredAtMs ?? -Infinity, file.maxOccurredAtMs),
        maxReceivedAtMs: Math.max(before?.maxReceivedAtMs ?? -Infinity, file.maxReceivedAtMs),
      });
    }
    return [...counts.values()].filter((count) => count !== null);
  }

  /** The footer summary of each path, in order: from the cache, or read in one query for the rest. */
  async #footersOf(paths: readonly string[], options: QueryOptions): Promise<Array<FooterSummary | null>> {
    const identities = await Promise.all(
      paths.map(async (path) => {
        try {
          return ParquetFooterCache.identity(path, await stat(path));
        } catch (error) {
          // Gone since the listing (a replaced file past its grace): the search lists again on retry.
          throw new QueryEngineError(`could not read ${path}: ${String(error)}`, { cause: error });
        }
      }),
    );
    const missing = paths.filter((_, i) => this.#footers.get(identities[i] as string) === undefined);
    if (missing.length > 0) {
      const { rows } = await this.query({ sql: FOOTER_SQL, params: [[...missing].sort()] }, options);
      const read = new Map(rows.map((row) => [String(row.file), footerOf(row)]));
      for (const [i, path] of paths.entries()) {
        const summary = read.get(path);
        if (summary !== undefined) this.#footers.set(identities[i] as string, summary);
      }
    }
    return identities.map((identity) => this.#footers.get(identity) ?? null);
  }

  /** The live files (less those a rewrite replaced) of the registered partitions among these. */
  async #liveFiles(partitions: readonly PartitionRef[]) {
    const wanted = new Set(partitions.map(partitionKey));
    const registered = (await this.#catalog.list()).filter((partition) =>
      wanted.has(partitionKey(partition)),
    );
    return Promise.all(
      registered.map(async (partition) => ({
        partition,
        keys: (await livePartitionFiles(this.#lake, partition)).keys,
      })),
    );
  }

  async query(statement: SqlStatement, options: QueryOptions): Promise<QueryResult> {
    if (this.#closed) throw new QueryEngineError('query engine is closed');
    const deadline = Date.now() + options.timeoutMs;
    const connection = await this.#pool.acquire(options.timeoutMs);
    let timedOut = false;
    let again: NodeJS.Timeout | undefined;
    // DuckDB drops an interrupt that arrives before the query starts running (it still waits for a
    // thread), and such a query would then run to its end holding the connection. So past the
    // deadline the interrupt repeats until the query has stopped.
    const timer = setTimeout(
      () => {
        timedOut = true;
        connection.interrupt();
        again = setInterval(() => connection.interrupt(), INTERRUPT_REPEAT_MS);
      },
      Math.max(0, deadline - Date.now()),
    );
    try {
      const values: DuckDBValue[] = [];
      const types: DuckDBType[] = [];
      for (const param of statement.params) {
        const [value, type] = binding(param);
        values.push(value);
        types.push(type);
      }
      const reader = await connection.runAndReadAll(statement.sql, values, types);
      return { rows: reader.getRowObjects().map(plainRow) };
    } catch (error) {
      if (timedOut) {
        throw new QueryEngineError(`query interrupted after ${options.timeoutMs} ms`, {
          timedOut: true,
          cause: error,
        });
      }
      throw new QueryEngineError(`query failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
      clearInterval(again);
      this.#pool.release(connection);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const connections = await this.#pool.drain();
    for (const connection of connections) connection.closeSync();
    this.#instance.closeSync();
  }
}
