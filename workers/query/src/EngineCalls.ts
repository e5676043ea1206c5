import { performance } from 'node:perf_hooks';
import type { PartitionRef, SearchStats } from '@rireki/contracts';
import {
  type PartitionRowCount,
  type QueryEngine,
  QueryEngineError,
  type SqlStatement,
  type TableSource,
} from '@rireki/ports';
import { SearchError } from './SearchError.js';

/** The engine calls of one request (a search, a histogram, top values): its deadline, its stats, and failures turned into SearchErrors. */
export class EngineCalls {
  readonly engine: QueryEngine;
  readonly #started = performance.now();
  readonly #deadline: number;
  bytesScanned: number | undefined;

  constructor(engine: QueryEngine, deadline: number) {
    this.engine = engine;
    this.#deadline = deadline;
  }

  elapsedMs(): number {
    return Math.round(performance.now() - this.#started);
  }

  /** The stats of a reply: the engine, the time so far, and the bytes scanned where the engine tells. */
  stats(): SearchStats {
    const stats: SearchStats = { engine: this.engine.name, elapsedMs: this.elapsedMs() };
    if (this.bytesScanned !== undefined) stats.bytesScanned = this.bytesScanned;
    return stats;
  }

  async source(partitions: readonly PartitionRef[]): Promise<TableSource | null> {
    this.#remainingMs();
    try {
      return await this.engine.source(partitions);
    } catch (error) {
      throw failure(error);
    }
  }

  /** The source of part of a search's partitions: the same listing narrowed, or a new one. */
  async narrow(source: TableSource, partitions: readonly PartitionRef[]): Promise<TableSource | null> {
    return source.narrow === undefined ? this.source(partitions) : source.narrow(partitions);
  }

  /**
   * What the engine's file metadata says of these partitions of the source; none when it cannot
   * tell. The source's own listing answers where it can, so no file is listed twice.
   */
  async rowCounts(
    source: TableSource,
    partitions: readonly PartitionRef[],
  ): Promise<readonly PartitionRowCount[]> {
    const timeoutMs = this.#remainingMs();
    try {
      if (source.rowCounts !== undefined) return await source.rowCounts({ timeoutMs });
      if (this.engine.partitionRowCounts === undefined) return [];
      return await this.engine.partitionRowCounts(partitions, { timeoutMs });
    } catch (error) {
      throw failure(error);
    }
  }

  async query(statement: SqlStatement): Promise<ReadonlyArray<Readonly<Record<string, unknown>>>> {
    const timeoutMs = this.#remainingMs();
    try {
      const result = await this.engine.query(statement, { timeoutMs });
      if (result.bytesScanned !== undefined)
        this.bytesScanned = (this.bytesScanned ?? 0) + result.bytesScanned;
      return result.rows;
    } catch (error) {
      throw failure(error);
    }
  }

  #remainingMs(): number {
    const remaining = Math.floor(this.#deadline - performance.now());
    if (remaining <= 0) throw timedOut();
    return remaining;
  }
}

function timedOut(cause?: unknown): SearchError {
  return new SearchError('TIMEOUT', 'the search did not finish within its time budget', { cause });
}

function failure(error: unknown): SearchError {
  if (error instanceof SearchError) return error;
  if (error instanceof QueryEngineError && error.timedOut) return timedOut(error);
  return new SearchError('ENGINE_ERROR', 'the query engine could not run the search', { cause: error });
}
