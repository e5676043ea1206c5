import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@rireki/adapters/testing';
import { ENV_KEYS } from '@rireki/contracts';
import { MAINTENANCE_EVENTS } from '@rireki/maintenance';
import type { SearchClient } from '@rireki/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryLake } from '../support/lake.js';
import { type LocalQueues, startLocalQueues } from '../support/localQueues.js';
import { type QueryWorkerClient, startQueryWorkerClient } from '../support/queryWorkerClient.js';
import { recordLakeFiles } from '../support/recordLakeFiles.js';
import { expectEveryEventOnce, followEveryPage } from '../support/searchEverything.js';
import { writeSmallFiles } from '../support/syntheticLake.js';
import { verifyDataDir } from '../support/verifyCli.js';
import { startMaintenanceProcess } from '../support/workerProcess.js';

const ROUNDS = 12;
const FILES_PER_ROUND = 20;
const ROWS_PER_FILE = 10;
const COPIES_PER_ROUND = 4;
const GRACE_MS = 1_500;
const DT = '2026-11-21';
const SEARCH = { app: 'shop', from: `${DT}T00:00:00Z`, to: '2026-11-22T00:00:00Z', limit: 1_000 } as const;
/** Where a kill is aimed: the step the worker has just logged. */
const AIMS = [
  MAINTENANCE_EVENTS.rewriting,
  MAINTENANCE_EVENTS.stored,
  MAINTENANCE_EVENTS.compacted,
  MAINTENANCE_EVENTS.removing,
] as const;

/**
 * The maintenance worker killed with SIGKILL at each step of its work, over and over, while new
 * small files keep arriving: before a rewrite, after its new files are stored but before its
 * record, after the record, and while replaced files are being removed. After every kill search
 * finds every event exactly once; at the end a clean run leaves one copy of each event at rest.
 */
describe('maintenance worker killed at each step', () => {
  let local: LocalQueues;
  let dataDir: string;
  let searching: QueryWorkerClient | undefined;
  let client: SearchClient;
  const ids: string[] = [];
  const hits = new Map<string, number>();

  beforeAll(async () => {
    local = await startLocalQueues();
    dataDir = await mkdtemp(join(tmpdir(), 'rireki-maintenance-kills-'));
    const started = await startQueryWorkerClient(local, dataDir);
    searching = started;
    client = started.client;
  }, 60_000);

  afterAll(async () => {
    await searching?.stop();
    await local?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const startMaintenance = () =>
    startMaintenanceProcess({
      endpoint: local.server.endpoint,
      dataDir,
      env: {
        [ENV_KEYS.maintenanceIntervalMs]: '1000',
        [ENV_KEYS.compactQuietMs]: '0',
        [ENV_KEYS.compactMinFiles]: '2',
        [ENV_KEYS.replacedGraceMs]: String(GRACE_MS),
        [ENV_KEYS.digestIntervalMs]: '1000',
      },
    });

  it(`loses nothing and shows nothing twice after ${ROUNDS} kills`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      // New events arrive, some of them twice (a redelivery), in files named the way ingest names them.
      const offset = ids.length;
      const written = await writeSmallFiles(dataDir, {
        app: 'shop',
        dt: DT,
        files: FILES_PER_ROUND,
        rowsPerFile: ROWS_PER_FILE,
        copies: COPIES_PER_ROUND,
        newestAgeMs: 1_000,
        columns: { event_id: `'shop-${DT}-' || (i + ${offset})` },
      });
      // As if the ingest worker had written them: in a chain, so that verify can account for them.
      await recordLakeFiles(dataDir, written);
      for (let i = 0; i < (FILES_PER_ROUND - COPIES_PER_ROUND) * ROWS_PER_FILE; i++)
        ids.push(`shop-${DT}-${offset + i}`);

      const aim = AIMS[round % AIMS.length] as string;
      const worker = startMaintenance();
      // A removal needs a record past its grace: the previous round's, once the grace has passed.
      await waitFor(`the step ${aim}`, () => worker.logs.some((line) => line.event === aim), {
        timeoutMs: 30_000,
        intervalMs: 5,
      });
      worker.child.kill('SIGKILL');
      await worker.exited;
      const last = worker.logs.findLast((line) => AIMS.includes(line.event as (typeof AIMS)[number]))?.event;
      hits.set(String(last), (hits.get(String(last)) ?? 0) + 1);

      const found = await followEveryPage(client, SEARCH);
      expectEveryEventOnce(found, ids);
      expect(found.total).toBe(ids.length);
    }
    console.info(
      `maintenance kills: ${ROUNDS} SIGKILLs, last step logged: ` +
        [...hits].map(([step, count]) => `${step} ${count}`).join(', ') +
        `; ${ids.length} events found once each after every kill`,
    );
    for (const aim of AIMS) expect(hits.get(aim) ?? 0).toBeGreaterThan(0);
  }, 600_000);

  it('finishes the job on a clean run: one copy of each event at rest, no replaced file or record left', async () => {
    const worker = startMaintenance();
    const lakeDir = join(dataDir, 'lake');
    const partitionDir = join(lakeDir, 'action_logs', 'app=shop', `dt=${DT}`);
    const recordsDir = join(lakeDir, '_maintenance', 'replaced', 'app=shop', `dt=${DT}`);
    // A put killed midway leaves a hidden temporary file, which no reader lists (and `rireki up`
    // sweeps at start); the objects of the lake are the other names.
    const objects = async (dir: string) =>
      (await readdir(dir).catch(() => [] as string[])).filter((name) => !name.startsWith('.'));
    const recordsLeft = async () => (await objects(recordsDir)).length;
    const state = async () =>
      `files ${(await readdir(partitionDir)).join(' ')}; records ${(await objects(recordsDir)).join(' ')}; ` +
      `last logs ${JSON.stringify(worker.logs.slice(-5))}`;
    await waitFor(
      'one compacted file and no record',
      async () => (await objects(partitionDir)).length === 1 && (await recordsLeft()) === 0,
      { timeoutMs: 60_000, intervalMs: 200 },
    ).catch(async (error: unknown) => {
      throw new Error(`${String(error)}: ${await state()}`);
    });
    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);

    const rows = await queryLake<{ n: bigint; distinct_events: bigint }>(
      lakeDir,
      (files) => `SELECT count(*) AS n, count(DISTINCT event_id) AS distinct_events FROM ${files}`,
    );
    expect(rows[0]).toEqual({ n: BigInt(ids.length), distinct_events: BigInt(ids.length) });
    expectEveryEventOnce(await followEveryPage(client, SEARCH), ids);
  }, 120_000);

  it('verifies clean: every rewrite a killed worker began is accounted for as far as it went', async () => {
    const { code, report } = await verifyDataDir(dataDir);
    console.info(
      `maintenance kills: rireki verify: ${report.digests} digests, ${report.pending} pending records, ${report.files} files`,
    );
    expect(report.failures).toEqual([]);
    expect(code).toBe(0);
  }, 120_000);
});
