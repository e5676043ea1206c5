import { DUCKDB_DIALECT } from '@rireki/adapters';
import type { PartitionRef } from '@rireki/contracts';
import type { QueryEngine } from '@rireki/ports';

/** An engine with no data that records which partitions it was asked for. */
export class EmptyEngine implements QueryEngine {
  readonly name = 'duckdb';
  readonly dialect = DUCKDB_DIALECT;
  readonly sources: PartitionRef[][] = [];
  source(partitions: readonly PartitionRef[]) {
    this.sources.push([...partitions]);
    return Promise.resolve(null);
  }
  query(): never {
    throw new Error('no query expected: the engine has no data');
  }
  close() {
    return Promise.resolve();
  }
}
