import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import { ACTION_LOG_COLUMNS, COLUMN_KINDS, EncoderError } from '@rireki/contracts';
import type { PartitionRewriter, RewriteOptions, RewriteResult } from '@rireki/ports';

export interface DuckDbPartitionRewriterOptions {
  /** Threads for reading, sorting and writing. @defaultValue 2 */
  readonly threads?: number;
  /** DuckDB's memory limit; beyond it the sort spills to local disk. @defaultValue '512MB' */
  readonly memoryLimit?: string;
  /**
   * Rows per row group, the unit a search skips. Sorted by user, a row group of 10k rows holds a
   * few users' rows; one user's search over a day of 250k events then reads 0.12 MB where row
   * groups of 50k make it read 0.59 MB, for files 5% larger (measured on a synthetic day).
   * @defaultValue 10000
   */
  readonly rowGroupSize?: number;
  /** ZSTD level, as the encoder's. @defaultValue 6 */
  readonly compressionLevel?: number;
}

/**
 * The sort key of rewritten files: one user's rows sit together in few row groups, so that the most
 * common search (one user's history over days) reads only those; within a user, time order.
 */
export const REWRITE_SORT_KEY = 'user_id NULLS LAST, occurred_at, event_id';

/** Rewrites a partition's files with DuckDB, within a memory limit, spilling to a local directory. */
export class DuckDbPartitionRewriter implements PartitionRewriter {
  readonly #instance: DuckDBInstance;
  readonly #connection: DuckDBConnection;
  readonly #workDir: string;
  readonly #rowGroupSize: number;
  readonly #level: number;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  private constructor(
    instance: DuckDBInstance,
    connection: DuckDBConnection,
    workDir: string,
    options: DuckDbPartitionRewriterOptions,
  ) {
    this.#instance = instance;
    this.#connection = connection;
    this.#workDir = workDir;
    this.#rowGroupSize = options.rowGroupSize ?? 10_000;
    this.#level = options.compressionLevel ?? 6;
  }

  static async create(options: DuckDbPartitionRewriterOptions = {}): Promise<DuckDbPartitionRewriter> {
    const workDir = mkdtempSync(join(tmpdir(), 'rireki-rewrite-'));
    const instance = await DuckDBInstance.create(':memory:', {
      threads: String(options.threads ?? 2),
      memory_limit: options.memoryLimit ?? '512MB',
      temp_directory: join(workDir, 'spill'),
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    return new DuckDbPartitionRewriter(instance, await instance.connect(), workDir, options);
  }

  rewrite(inputs: readonly string[], options: RewriteOptions): Promise<RewriteResult> {
    if (this.#closed) return Promise.reject(new EncoderError('rewriter is closed', { retryable: false }));
    if (inputs.length === 0)
      return Promise.reject(new EncoderError('nothing to rewrite', { retryable: false }));
    if (!Number.isSafeInteger(options.maxRowsPerFile) || options.maxRowsPerFile < 1) {
      return Promise.reject(new RangeError('maxRowsPerFile must be a positive integer'));
    }
    const result = this.#queue.then(() => this.#rewriteNow(inputs, options));
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async #rewriteNow(inputs: readonly string[], options: RewriteOptions): Promise<RewriteResult> {
    const outDir = join(this.#workDir, randomUUID());
    const release = () => rm(outDir, { recursive: true, force: true });
    const c = this.#connection;
    try {
      await mkdir(outDir);
      const inputList = listValue([...inputs]);
      const source = 'read_parquet($files, hive_partitioning = false)';
      const drop = options.dropUserId === undefined ? 'false' : 'user_id IS NOT DISTINCT FROM $user';
      const params =
        options.dropUserId === undefined
          ? { files: inputList }
          : { files: inputList, user: options.dropUserId };
      const types =
        options.dropUserId === undefined ? { files: LIST(VARCHAR) } : { files: LIST(VARCHAR), user: VARCHAR };
      const counted = await c.runAndReadAll(
        `SELECT count(*) AS rows_in, count(*) FILTER (WHERE ${drop}) AS erased FROM ${source}`,
        params,
        types,
      );
      const [count] = counted.getRowObjectsJS() as Array<{ rows_in: bigint; erased: bigint }>;
      const rowsIn = Number(count?.rows_in ?? 0);
      const rowGroupSize = Math.min(this.#rowGroupSize, options.maxRowsPerFile);
      const copyOptions = `(FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL ${this.#level}, ROW_GROUP_SIZE ${rowGroupSize})`;
      const quoted = (file: string) => `'${file.replaceAll("'", "''")}'`;
      const sameEvent = 's.event_id = d.event_id AND s.occurred_at = d.occurred_at';
      // Every step spills past the memory limit: a window over the whole partition would not, so
      // only the events that have copies (few, as a rule) go through one. First those keys (a
      // hash aggregate), then every row of the other events (an anti join against the keys), then
      // the first received copy of each of the rest.
      await c.run(
        `CREATE OR REPLACE TEMP TABLE copied AS SELECT event_id, occurred_at FROM ${source} ` +
          `WHERE NOT (${drop}) GROUP BY ALL HAVING count(*) > 1`,
        params,
        types,
      );
      await c.run(
        `CREATE OR REPLACE TEMP TABLE kept AS SELECT ${SELECT_LIST} FROM ${source} s ANTI JOIN copied d ON ${sameEvent} WHERE NOT (${drop})`,
        params,
        types,
      );
      await c.run(
        `INSERT INTO kept SELECT * FROM (SELECT ${SELECT_LIST} FROM ${source} s SEMI JOIN copied d ON ${sameEvent} WHERE NOT (${drop})) ` +
          'QUALIFY row_number() OVER (PARTITION BY event_id, occurred_at ORDER BY received_at) = 1',
        params,
        types,
      );
      const keptCount = await c.runAndReadAll('SELECT count(*) AS n FROM kept');
      const rowsOut = Number((keptCount.getRowObjectsJS()[0] as { n: bigint }).n);
      const files: string[] = [];
      const fileStats: Array<{ rows: number; firstMs: number; lastMs: number }> = [];
      const statsOf = async (table: string, where: string) => {
        const read = await c.runAndReadAll(
          `SELECT count(*) AS n, epoch_ms(min(occurred_at)) AS first, epoch_ms(max(occurred_at)) AS last FROM ${table} ${where}`,
        );
        const row = read.getRowObjectsJS()[0] as { n: bigint; first: bigint; last: bigint };
        fileStats.push({ rows: Number(row.n), firstMs: Number(row.first), lastMs: Number(row.last) });
      };
      if (rowsOut > 0 && rowsOut <= options.maxRowsPerFile) {
        // DuckDB keeps a query's order when it writes Parquet on several threads.
        const file = join(outDir, 'part_0.parquet');
        await c.run(
          `COPY (SELECT * FROM kept ORDER BY ${REWRITE_SORT_KEY}) TO ${quoted(file)} ${copyOptions}`,
        );
        files.push(file);
        await statsOf('kept', '');
      } else if (rowsOut > 0) {
        // Sorted once into a table; it keeps the sorted order as its rowid order, so one file per
        // range of rowids holds exactly maxRowsPerFile rows (DuckDB's own file splitting counts
        // whole row groups).
        await c.run(
          `CREATE OR REPLACE TEMP TABLE rewrite AS SELECT * FROM kept ORDER BY ${REWRITE_SORT_KEY}`,
        );
        for (let first = 0; first < rowsOut; first += options.maxRowsPerFile) {
          const file = join(outDir, `part_${files.length}.parquet`);
          const range = `WHERE rowid >= ${first} AND rowid < ${first + options.maxRowsPerFile}`;
          await c.run(`COPY (SELECT * FROM rewrite ${range}) TO ${quoted(file)} ${copyOptions}`);
          files.push(file);
          await statsOf('rewrite', range);
        }
      }
      await dropWorkTables(c);
      const erasedRows = Number(count?.erased ?? 0);
      return {
        files,
        fileStats,
        rowsIn,
        rowsOut,
        duplicatesDropped: rowsIn - erasedRows - rowsOut,
        erasedRows,
        release,
      };
    } catch (error) {
      await release();
      await dropWorkTables(c).catch(() => undefined);
      throw new EncoderError(`could not rewrite ${inputs.length} files: ${String(error)}`, { cause: error });
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue;
    this.#connection.closeSync();
    this.#instance.closeSync();
    await rm(this.#workDir, { recursive: true, force: true });
  }
}

async function dropWorkTables(c: DuckDBConnection): Promise<void> {
  for (const table of ['copied', 'kept', 'rewrite']) await c.run(`DROP TABLE IF EXISTS ${table}`);
}

/** Every column of the table as the lake declares it, so a rewritten file has the ingest files' schema. */
const SELECT_LIST = ACTION_LOG_COLUMNS.map(
  (column) => `CAST(${column.name} AS ${COLUMN_KINDS[column.kind].duckdbType}) AS ${column.name}`,
).join(', ');
