import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DirectoryObjectStore, LocalPartitionCatalog, livePartitionFiles } from '@rireki/adapters';
import type { SearchOkReply } from '@rireki/contracts';
import type { CompactionSummary } from '@rireki/maintenance';
import { procStatusMiB } from '../support/processRss.js';
import type { BenchLake } from './benchLake.js';
import type { BenchSearch } from './benchSearches.js';
import { openProductSearch, parseBenchRequest } from './engineBench.js';
import type { Tick } from './progress.js';
import { measured } from './readBytes.js';

const RIREKI = fileURLToPath(new URL('../../workers/cli/bin/rireki.js', import.meta.url));

/** `rireki compact`'s summary, with the peak RSS of its process under the memory limit it was given. */
export type CompactionRun = CompactionSummary & { readonly peakRssMiB: number; readonly memoryLimit: string };

/** The live files of the lake's partitions. */
export interface LakeShape {
  readonly partitions: number;
  readonly filesPerPartition: number[];
  readonly bytes: number;
}

/** The product's search in this process: wall time and bytes read per run. */
export interface InProcessSearch {
  readonly name: string;
  readonly ms: number[];
  readonly bytes: number[];
  readonly rows: number;
  readonly total: number | undefined;
}

export async function lakeShape(lake: BenchLake): Promise<LakeShape> {
  const store = new DirectoryObjectStore(lake.lakeDir);
  const partitions = await new LocalPartitionCatalog(lake.catalogDir).list();
  const filesPerPartition: number[] = [];
  let bytes = 0;
  for (const partition of partitions) {
    const { keys } = await livePartitionFiles(store, partition);
    filesPerPartition.push(keys.length);
    for (const key of keys) bytes += (await stat(store.pathOf(key))).size;
  }
  return { partitions: partitions.length, filesPerPartition, bytes };
}

/** Each search `repeats` times on the query worker's own runSearch and engine; nothing else reads meanwhile. */
export async function inProcessSearches(
  lake: BenchLake,
  searches: readonly BenchSearch[],
  repeats: number,
  tick: Tick,
  label: string,
): Promise<InProcessSearch[]> {
  const { search: product, close } = await openProductSearch(lake);
  try {
    const results: InProcessSearch[] = [];
    for (const search of searches) {
      tick(`compaction: ${search.name}, in process, ${label}`);
      const request = parseBenchRequest(search);
      const warm: SearchOkReply = await product(request);
      const ms: number[] = [];
      const bytes: number[] = [];
      for (let run = 0; run < repeats; run++) {
        const one = await measured(() => product(request));
        ms.push(one.ms);
        bytes.push(one.bytesRead);
      }
      results.push({ name: search.name, ms, bytes, rows: warm.rows.length, total: warm.total });
    }
    return results;
  } finally {
    await close();
  }
}

/** `rireki compact` as an operator runs it, every file quiet; its peak RSS sampled from /proc. */
export async function compactLake(lake: BenchLake): Promise<CompactionRun> {
  const memoryLimit = '512MB';
  const child = spawn(
    process.execPath,
    [RIREKI, 'compact', '--quiet-ms', '0', '--json', '--data-dir', lake.dataDir],
    {
      env: { PATH: process.env.PATH, RIREKI_REWRITE_MEMORY_LIMIT: memoryLimit },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  let peak = 0;
  const sampler = setInterval(() => {
    void procStatusMiB(child.pid ?? -1, 'VmHWM').then((mib) => {
      if (mib !== undefined) peak = Math.max(peak, mib);
    });
  }, 100);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`rireki compact exited with ${code}: ${stderr.slice(-2_000)}`);
  const summary = JSON.parse(stdout) as CompactionSummary;
  if (summary.failed > 0) throw new Error(`rireki compact: ${summary.failed} partitions failed`);
  return { ...summary, peakRssMiB: peak, memoryLimit };
}
