import type { PartitionRef } from '@rireki/contracts';
import {
  type PartitionRowCount,
  type QueryEngine,
  QueryEngineError,
  type QueryOptions,
  type QueryResult,
  type SqlDialect,
  type SqlStatement,
  type TableSource,
} from '../QueryEngine.js';

/**
 * A QueryEngine around a real one that records what it is asked, and fails every query when told to.
 * It does not own the real engine: closing it refuses its own queries and leaves the real one open.
 */
export class RecordingEngine implements QueryEngine {
  readonly name: string;
  readonly dialect: SqlDialect;
  readonly inner: QueryEngine;
  readonly failWith: (() => unknown) | null;
  readonly sources: PartitionRef[][] = [];
  readonly statements: SqlStatement[] = [];
  readonly timeouts: number[] = [];
  #closed = false;

  constructor(inner: QueryEngine, failWith: (() => unknown) | null = null) {
    this.inner = inner;
    this.failWith = failWith;
    this.name = inner.name;
    this.dialect = inner.dialect;
  }

  source(partitions: readonly PartitionRef[]): Promise<TableSource | null> {
    this.sources.push([...partitions]);
    return this.inner.source(partitions);
  }

  /** The inner engine's, or none known. */
  async partitionRowCounts(
    partitions: readonly PartitionRef[],
    options: QueryOptions,
  ): Promise<readonly PartitionRowCount[]> {
    if (this.failWith) throw this.failWith();
    return (await this.inner.partitionRowCounts?.(partitions, options)) ?? [];
  }

  async query(statement: SqlStatement, options: QueryOptions): Promise<QueryResult> {
    if (this.#closed) throw new QueryEngineError('query engine is closed');
    this.statements.push(statement);
    this.timeouts.push(options.timeoutMs);
    if (this.failWith) throw this.failWith();
    return this.inner.query(statement, options);
  }

  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }
}
