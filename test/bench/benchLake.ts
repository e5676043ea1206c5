import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalPartitionCatalog } from '@rireki/adapters';
import { LAKE_AREAS } from '@rireki/contracts';
import type { BuilderReply, BuilderRequest } from './lakeBuilderProcess.js';
import type { LakeDay } from './lakeDay.js';

const DAY = 86_400_000;
const BUILDER = fileURLToPath(new URL('./lakeBuilderProcess.ts', import.meta.url));
/** A day of 10M events takes seconds; a builder silent for this long is stuck. */
const DAY_TIMEOUT_MS = 600_000;
/** Events of one day a builder generates at once: 10M events over 40 days stay one part per day. */
const MAX_EVENTS_PER_PART = 500_000;

/**
 * A bench lake in a temporary directory, in both layouts: the Parquet lake and local catalog as
 * the query worker reads them (`lake/`, `catalog/`), and the same events as JSON lines (`json/`).
 */
export interface BenchLake {
  readonly dataDir: string;
  readonly lakeDir: string;
  readonly catalogDir: string;
  readonly jsonDir: string;
  /** The first millisecond after the lake's last day; every row counts as received then. */
  readonly endMs: number;
  readonly days: number;
  /** Events written so far. */
  events: number;
}

export async function createBenchLake(endMs: number, days: number): Promise<BenchLake> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rireki-search-bench-'));
  return {
    dataDir,
    lakeDir: join(dataDir, 'lake'),
    catalogDir: join(dataDir, 'catalog'),
    jsonDir: join(dataDir, 'json'),
    endMs,
    days,
    events: 0,
  };
}

export async function removeBenchLake(lake: BenchLake): Promise<void> {
  await rm(lake.dataDir, { recursive: true, force: true });
}

/**
 * Adds `events` events spread evenly over the lake's days, as more traffic on the same days would:
 * new files in the same partitions and more lines in the same daily JSON files (none with
 * `jsonLines: false`). Days are written by one child process per core, each with its own encoder.
 */
export async function growLake(
  lake: BenchLake,
  events: number,
  options: { readonly jsonLines?: boolean } = {},
): Promise<void> {
  const pending: LakeDay[] = [];
  for (let d = 0; d < lake.days; d++) {
    const first = Math.floor((d * events) / lake.days);
    const next = Math.floor(((d + 1) * events) / lake.days);
    // A large day goes in parts, each spread over the whole day, so that a builder holds at most
    // MAX_EVENTS_PER_PART events in memory.
    for (let part = first; part < next; part += MAX_EVENTS_PER_PART) {
      pending.push({
        dayStartMs: lake.endMs - (lake.days - d) * DAY,
        events: Math.min(MAX_EVENTS_PER_PART, next - part),
        seed: lake.events + part,
        receivedAtMs: lake.endMs,
      });
    }
  }
  const catalog = new LocalPartitionCatalog(lake.catalogDir);
  const builders = Math.min(pending.length, Math.max(1, availableParallelism()));
  await Promise.all(
    Array.from({ length: builders }, () =>
      runBuilder(lake, options.jsonLines === false ? '-' : lake.jsonDir, pending, async (partitions) => {
        for (const partition of partitions) await catalog.register(partition);
      }),
    ),
  );
  lake.events += events;
}

/** One child writing days from the shared list until it is empty. */
async function runBuilder(
  lake: BenchLake,
  jsonDir: string,
  pending: LakeDay[],
  register: (partitions: ReadonlyArray<{ app: string; dt: string }>) => Promise<void>,
): Promise<void> {
  const child = fork(BUILDER, [lake.lakeDir, jsonDir], {
    execArgv: ['--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (let day = pending.shift(); day !== undefined; day = pending.shift()) {
      const reply = await ask(child, { kind: 'day', day });
      if (reply.kind === 'failed') throw new Error(`lake builder failed: ${reply.error}`);
      await register(reply.partitions);
    }
  } finally {
    if (child.connected) child.disconnect();
    await exited;
  }
}

function ask(child: ChildProcess, request: BuilderRequest): Promise<BuilderReply> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`lake builder wrote no day within ${DAY_TIMEOUT_MS} ms`));
    }, DAY_TIMEOUT_MS);
    const onMessage = (reply: BuilderReply) => {
      cleanup();
      resolve(reply);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`lake builder exited with ${code} before answering`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.send(request);
  });
}

/** Bytes of every file under a directory. */
export async function directoryBytes(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const sizes = await Promise.all(
    entries.filter((entry) => entry.isFile()).map((entry) => stat(join(entry.parentPath, entry.name))),
  );
  return sizes.reduce((sum, s) => sum + s.size, 0);
}

/** On-disk bytes of the Parquet table and of the JSON-lines files. */
export async function layoutBytes(lake: BenchLake): Promise<{ parquet: number; jsonLines: number }> {
  const [parquet, jsonLines] = await Promise.all([
    directoryBytes(join(lake.lakeDir, LAKE_AREAS.table)),
    directoryBytes(lake.jsonDir),
  ]);
  return { parquet, jsonLines };
}
