import type { DuckDbQueryEngine } from '@rireki/adapters';
import { afterAll, beforeAll } from 'vitest';
import { APPS, type DatasetEvent, datasetEvents, expectedKeys, writeDataset } from './searchDataset.js';
import { createSearchLake, type SearchLake } from './searchLake.js';

export interface DatasetLake {
  readonly events: readonly DatasetEvent[];
  /** The lake and a DuckDB engine over it, once the file's beforeAll has run. */
  lake(): SearchLake;
  engine(): DuckDbQueryEngine;
  /** The keys a search over every app should return, newest first unless told. */
  all(match?: (event: DatasetEvent) => boolean, order?: 'asc' | 'desc'): ReturnType<typeof expectedKeys>;
}

/**
 * The runSearch suites' dataset: `count` events over the dataset's apps and days, written to a lake
 * of the calling test file's own before its tests, removed after them.
 */
export function useDatasetLake(count: number): DatasetLake {
  const events = datasetEvents(count);
  let lake: SearchLake | undefined;
  let engine: DuckDbQueryEngine | undefined;
  beforeAll(async () => {
    lake = await createSearchLake();
    await writeDataset(lake, events);
    engine = await lake.engine({ connections: 2, threads: 2 });
  }, 60_000);
  afterAll(async () => {
    await lake?.close();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the dataset lake is used before its beforeAll ran');
    return value;
  };
  return {
    events,
    lake: () => ready(lake),
    engine: () => ready(engine),
    all: (match, order = 'desc') => expectedKeys(events, { apps: APPS, order, ...(match ? { match } : {}) }),
  };
}
