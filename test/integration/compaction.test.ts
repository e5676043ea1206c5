import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@rireki/adapters/testing';
import { compactTimestamp, ENV_KEYS } from '@rireki/contracts';
import { MAINTENANCE_EVENTS } from '@rireki/maintenance';
import type { SearchClient } from '@rireki/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalQueues, startLocalQueues } from '../support/localQueues.js';
import { type QueryWorkerClient, startQueryWorkerClient } from '../support/queryWorkerClient.js';
import {
  expectEveryEventOnce,
  followEveryPage,
  type SearchedEverything,
} from '../support/searchEverything.js';
import { writeSmallFiles } from '../support/syntheticLake.js';
import { loggedAtLeast, startMaintenanceProcess, type WorkerProcess } from '../support/workerProcess.js';

const FILES = 500;
const ROWS_PER_FILE = 8;
/** The last files repeat the first ones' events, as redeliveries leave them. */
const COPIES = 50;
const EVENTS = (FILES - COPIES) * ROWS_PER_FILE;
const GRACE_MS = 8_000;
const PARTITION = { app: 'shop', dt: '2026-11-20' } as const;
const SEARCH = {
  app: 'shop',
  from: '2026-11-20T00:00:00Z',
  to: '2026-11-21T00:00:00Z',
  limit: 1_000,
} as const;

/**
 * Compaction under search, through the real processes: a partition of 500 small files with
 * duplicate rows, the query worker answering searches the whole time, and the maintenance worker
 * compacting the partition and, after the grace, removing the replaced files. Every search, before,
 * during and after, finds each event exactly once, with a constant total.
 */
describe('compaction while searches run', () => {
  let local: LocalQueues;
  let dataDir: string;
  let searching: QueryWorkerClient | undefined;
  let maintenance: WorkerProcess | undefined;
  let client: SearchClient;
  const ids = Array.from({ length: EVENTS }, (_, i) => `shop-2026-11-20-${i}`);
  /** The first ingest file's bytes, for a late redelivery of its events. */
  let firstFile: Buffer;

  beforeAll(async () => {
    local = await startLocalQueues();
    dataDir = await mkdtemp(join(tmpdir(), 'rireki-compaction-'));
    const [first] = await writeSmallFiles(dataDir, {
      ...PARTITION,
      files: FILES,
      rowsPerFile: ROWS_PER_FILE,
      copies: COPIES,
    });
    firstFile = await readFile(join(dataDir, 'lake', first as string));
    const started = await startQueryWorkerClient(local, dataDir);
    searching = started;
    client = started.client;
  }, 120_000);

  afterAll(async () => {
    await searching?.stop();
    if (maintenance && maintenance.child.exitCode === null) {
      maintenance.child.kill('SIGTERM');
      await maintenance.exited;
    }
    await local?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const files = async () =>
    (await readdir(join(dataDir, 'lake', 'action_logs', 'app=shop', 'dt=2026-11-20'))).filter((name) =>
      name.endsWith('.parquet'),
    );

  it('finds every event once before compaction, with the copies on disk', async () => {
    const found = await followEveryPage(client, SEARCH);

    expectEveryEventOnce(found, ids);
    expect(found.total).toBe(EVENTS);
    expect(await files()).toHaveLength(FILES);
  });

  it('finds every event once, with the same total, in every search while the files are swapped and removed', async () => {
    maintenance = startMaintenanceProcess({
      endpoint: local.server.endpoint,
      dataDir,
      env: {
        [ENV_KEYS.logLevel]: 'info',
        [ENV_KEYS.maintenanceIntervalMs]: '1000',
        [ENV_KEYS.compactQuietMs]: '0',
        [ENV_KEYS.replacedGraceMs]: String(GRACE_MS),
      },
    });
    const running = maintenance;
    const searches: SearchedEverything[] = [];
    const removed = () => running.logs.some((line) => line.event === MAINTENANCE_EVENTS.removed);
    // Searches back to back from before the swap until after the removal, and at least 20 of them.
    await waitFor(
      'the replaced files removed, after 20 searches or more',
      async () => {
        searches.push(await followEveryPage(client, SEARCH));
        return removed() && searches.length >= 20;
      },
      { timeoutMs: 120_000, intervalMs: 0 },
    );
    const compacted = running.logs.find((line) => line.event === MAINTENANCE_EVENTS.compacted);
    console.info(
      `compaction: ${FILES} files, ${FILES * ROWS_PER_FILE} rows → ${String(compacted?.filesAfter)} file, ` +
        `${String(compacted?.rowsOut)} rows (${String(compacted?.duplicatesDropped)} duplicates dropped) in ` +
        `${String(compacted?.ms)} ms; ${searches.length} searches during the swap, each ${EVENTS} events once`,
    );

    expect(compacted).toMatchObject({
      filesBefore: FILES,
      filesAfter: 1,
      rowsOut: EVENTS,
      duplicatesDropped: COPIES * ROWS_PER_FILE,
    });
    for (const found of searches) {
      expectEveryEventOnce(found, ids);
      expect(found.total).toBe(EVENTS);
    }
    expect(await files()).toHaveLength(1);
    expect(
      await readdir(join(dataDir, 'lake', '_maintenance', 'replaced', 'app=shop', 'dt=2026-11-20')),
    ).toEqual([]);
  });

  it('leaves the compacted partition alone on later passes, and stops cleanly', async () => {
    const running = maintenance as WorkerProcess;
    const passes = running.logs.filter((line) => line.event === MAINTENANCE_EVENTS.pass).length;
    await loggedAtLeast(running, MAINTENANCE_EVENTS.pass, passes + 2);

    expect(running.logs.filter((line) => line.event === MAINTENANCE_EVENTS.compacted)).toHaveLength(1);
    running.child.kill('SIGTERM');
    expect((await running.exited).code).toBe(0);
    expectEveryEventOnce(await followEveryPage(client, SEARCH), ids);
  });

  it('counts right when copies of compacted events arrive later in the same partition', async () => {
    // One more ingest file: the first file's events again, as a late redelivery writes them.
    const dir = join(dataDir, 'lake', 'action_logs', 'app=shop', 'dt=2026-11-20');
    await writeFile(join(dir, `${compactTimestamp(Date.now())}-late.parquet`), firstFile);
    expect(await files()).toHaveLength(2);

    const found = await followEveryPage(client, SEARCH);

    expectEveryEventOnce(found, ids);
    expect(found.total).toBe(EVENTS);
  });
});
