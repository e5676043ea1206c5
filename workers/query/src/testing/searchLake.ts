import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DirectoryObjectStore,
  DuckDbParquetEncoder,
  DuckDbQueryEngine,
  type DuckDbQueryEngineOptions,
  LocalPartitionCatalog,
} from '@rireki/adapters';
import { LAKE_AREAS, type LakeRow, partitionPath } from '@rireki/contracts';

/** A real lake in a temporary directory: Parquet files written by the real encoder, a local catalog. */
export interface SearchLake {
  readonly dir: string;
  readonly lakeDir: string;
  readonly catalog: LocalPartitionCatalog;
  /** Writes the rows of one app as one Parquet file per UTC day, registering each partition. */
  write(app: string, rows: readonly LakeRow[]): Promise<void>;
  /** A DuckDB engine over this lake; closed with the lake. */
  engine(
    options?: Partial<Omit<DuckDbQueryEngineOptions, 'lakeDir' | 'catalog'>>,
  ): Promise<DuckDbQueryEngine>;
  close(): Promise<void>;
}

export async function createSearchLake(): Promise<SearchLake> {
  const dir = await mkdtemp(join(tmpdir(), 'rireki-search-'));
  const lakeDir = join(dir, 'lake');
  const store = new DirectoryObjectStore(lakeDir);
  const catalog = new LocalPartitionCatalog(join(dir, 'catalog'));
  const encoder = await DuckDbParquetEncoder.create({ threads: 1 });
  const engines: DuckDbQueryEngine[] = [];
  let files = 0;
  return {
    dir,
    lakeDir,
    catalog,
    async write(app, rows) {
      const byDay = new Map<string, LakeRow[]>();
      for (const row of rows) {
        const dt = new Date(row.occurred_at).toISOString().slice(0, 10);
        byDay.set(dt, [...(byDay.get(dt) ?? []), row]);
      }
      for (const [dt, dayRows] of byDay) {
        const partition = { app, dt };
        files += 1;
        const name = `${String(files).padStart(5, '0')}-${randomUUID()}.parquet`;
        await store.put(
          `${LAKE_AREAS.table}/${partitionPath(partition)}/${name}`,
          await encoder.encode(dayRows),
        );
        await catalog.register(partition);
      }
    },
    async engine(options = {}) {
      const engine = await DuckDbQueryEngine.create({ lakeDir, catalog, threads: 1, ...options });
      engines.push(engine);
      return engine;
    },
    async close() {
      await Promise.all(engines.map((engine) => engine.close()));
      await encoder.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A lake row with every optional column null unless given. */
export function lakeRow(fields: Partial<LakeRow> & Pick<LakeRow, 'event_id' | 'occurred_at'>): LakeRow {
  return {
    received_at: fields.occurred_at + 1_000,
    action: null,
    method: null,
    path: null,
    status: null,
    duration_ms: null,
    user_id: null,
    ip: null,
    user_agent: null,
    params: null,
    attributes: null,
    extra: null,
    ...fields,
  };
}
