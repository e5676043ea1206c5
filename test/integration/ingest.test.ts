// Over 250 lines: one suite over one embedded endpoint and the built ingest worker, which every case
// shares.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { DuckDBInstance } from '@duckdb/node-api';
import { LocalPartitionCatalog, workerProcessEvents } from '@rireki/adapters';
import { waitFor } from '@rireki/adapters/testing';
import { ACTION_LOG_COLUMNS, COLUMN_KINDS, ENV_KEYS } from '@rireki/contracts';
import { INGEST_EVENTS } from '@rireki/ingest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parquetFiles, queryLake, rowCount } from '../support/lake.js';
import { type LocalQueues, queueDepth, startLocalQueues } from '../support/localQueues.js';
import { sendMixed } from '../support/sendMixed.js';
import { type IngestProcess, startIngestProcess } from '../support/workerProcess.js';

const APPS = ['shop', 'blog', 'admin'] as const;
const DAYS = ['2026-11-20', '2026-11-21', '2026-11-22'] as const;

function event(i: number): Record<string, unknown> {
  const app = APPS[i % APPS.length] as string;
  const day = DAYS[Math.floor(i / APPS.length) % DAYS.length] as string;
  const second = String(i % 60).padStart(2, '0');
  return {
    app,
    occurredAt: i % 2 === 0 ? `${day}T12:00:${second}.123Z` : Date.parse(`${day}T03:00:${second}Z`),
    eventId: `evt-${i}`,
    action: 'OrderController@show',
    method: 'GET',
    path: `/orders/${i}`,
    status: 200,
    durationMs: i % 97,
    userId: i % 5 === 0 ? i : `u${i % 40}`,
    params: { page: i % 7 },
    attributes: { orderId: `ORD-${i}`, paid: i % 2 === 0 },
    tenant: 'acme',
  };
}

describe('ingest worker through the real SQS API', () => {
  let local: LocalQueues;
  let dataDir: string;
  let worker: IngestProcess | undefined;

  beforeEach(async () => {
    local = await startLocalQueues();
    dataDir = await mkdtemp(join(tmpdir(), 'rireki-it-'));
  });

  afterEach(async () => {
    if (worker && worker.child.exitCode === null) {
      worker.child.kill('SIGKILL');
      await worker.exited;
    }
    worker = undefined;
    await local.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const lakeDir = () => join(dataDir, 'lake');
  const start = (env: Record<string, string> = {}) => {
    worker = startIngestProcess({
      endpoint: local.server.endpoint,
      queueUrl: local.queues.ingest,
      dataDir,
      env,
    });
    return worker;
  };
  const drained = async () => {
    const depth = await queueDepth(local.sqs, local.queues.ingest);
    return depth.visible + depth.inFlight === 0;
  };

  it('lands 10k events from 3 apps over 3 days as exactly 10k rows in the right partitions', async () => {
    // Prepare
    const events = Array.from({ length: 10_000 }, (_, i) => event(i));
    start({ [ENV_KEYS.flushMaxAgeMs]: '500' });

    // Act
    await sendMixed(local.sqs, local.queues.ingest, events);
    await waitFor('10k rows in the lake', async () => (await rowCount(lakeDir())) >= 10_000, {
      timeoutMs: 60_000,
    });
    await waitFor('the ingest queue to drain', drained, { timeoutMs: 30_000 });

    // Assess: counts per partition, no duplicates, values mapped
    const perPartition = await queryLake<{ app: string; dt: string; n: bigint; ids: bigint }>(
      lakeDir(),
      (files) =>
        `SELECT app, CAST(dt AS VARCHAR) AS dt, count(*) AS n, count(DISTINCT event_id) AS ids FROM ${files} GROUP BY ALL ORDER BY ALL`,
    );
    const expected = new Map<string, number>();
    for (const e of events) {
      const key = `${e.app}/${new Date(e.occurredAt as string | number).toISOString().slice(0, 10)}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    expect(perPartition.map((p) => [`${p.app}/${p.dt}`, Number(p.n), Number(p.ids)])).toEqual(
      [...expected.entries()].sort().map(([key, n]) => [key, n, n]),
    );
    const sample = await queryLake<Record<string, unknown>>(
      lakeDir(),
      (files) =>
        `SELECT event_id, user_id, attributes['orderId'] AS order_id, attributes['paid'] AS paid, params, extra, status, duration_ms FROM ${files} WHERE event_id = 'evt-10'`,
    );
    expect(sample).toEqual([
      {
        event_id: 'evt-10',
        user_id: '10',
        order_id: 'ORD-10',
        paid: 'true',
        params: '{"page":3}',
        extra: '{"tenant":"acme"}',
        status: 200,
        duration_ms: 10,
      },
    ]);
    const partitions = await new LocalPartitionCatalog(join(dataDir, 'catalog')).list();
    expect(partitions).toHaveLength(APPS.length * DAYS.length);
    expect(new Set(partitions.map((p) => `${p.app}/${p.dt}`))).toEqual(new Set(expected.keys()));
  });

  it('writes every file with the Parquet type the catalog declares for each column, ZSTD-compressed', async () => {
    start({ [ENV_KEYS.flushMaxAgeMs]: '200' });
    await sendMixed(
      local.sqs,
      local.queues.ingest,
      Array.from({ length: 600 }, (_, i) => event(i)),
    );
    await waitFor('600 rows', async () => (await rowCount(lakeDir())) >= 600);

    const files = await parquetFiles(lakeDir());
    expect(files.length).toBeGreaterThanOrEqual(APPS.length * DAYS.length);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      for (const file of files) {
        const schema = (
          await connection.runAndReadAll(`SELECT name, type, converted_type FROM parquet_schema('${file}')`)
        ).getRowObjectsJS() as Array<{ name: string; type: string | null; converted_type: string | null }>;
        for (const column of ACTION_LOG_COLUMNS) {
          const declared = COLUMN_KINDS[column.kind].parquet;
          const actual = schema.find((entry) => entry.name === column.name);
          expect({
            file,
            column: column.name,
            type: actual?.type,
            convertedType: actual?.converted_type,
          }).toEqual({
            file,
            column: column.name,
            type: declared.physicalType,
            convertedType: declared.convertedType,
          });
        }
        const codecs = (
          await connection.runAndReadAll(`SELECT DISTINCT compression FROM parquet_metadata('${file}')`)
        ).getRowObjectsJS() as Array<{ compression: string }>;
        expect(codecs.map((c) => c.compression)).toEqual(['ZSTD']);
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('lands the valid events of a mixed message and quarantines the rest with reasons', async () => {
    start({ [ENV_KEYS.flushMaxAgeMs]: '200' });
    const good = [event(1), event(2)];
    const bad = [
      { app: 'Shop!', occurredAt: '2026-11-20T10:00:00Z' },
      { app: 'shop', occurredAt: '2026-11-20 10:00', status: 'ok' },
      'not an object',
    ];
    await sendMixed(local.sqs, local.queues.ingest, []);
    await local.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: local.queues.ingest,
        Entries: [
          {
            Id: 'mixed',
            MessageBody: JSON.stringify({ events: [good[0], bad[0], good[1], bad[1], bad[2]] }),
          },
          { Id: 'garbage', MessageBody: '{"events": [' },
        ],
      }),
    );

    await waitFor('2 rows', async () => (await rowCount(lakeDir())) === 2);
    await waitFor('the queue to drain', drained);

    const quarantineDir = join(lakeDir(), 'quarantine');
    const files = await readdir(quarantineDir, { recursive: true });
    const records = (
      await Promise.all(
        files.filter((f) => f.endsWith('.jsonl')).map((f) => readFile(join(quarantineDir, f), 'utf8')),
      )
    )
      .flatMap((text) => text.trim().split('\n'))
      .map(
        (line) =>
          JSON.parse(line) as {
            index: number | null;
            reason: string;
            raw: unknown;
            problems: Array<{ path: string }>;
          },
      );
    const byIndex = (index: number | null) => records.find((r) => r.index === index);
    expect(records).toHaveLength(4);
    expect(byIndex(1)).toMatchObject({ reason: 'invalid-event', raw: bad[0], problems: [{ path: 'app' }] });
    expect(
      byIndex(3)
        ?.problems.map((p) => p.path)
        .sort(),
    ).toEqual(['occurredAt', 'status']);
    expect(byIndex(4)).toMatchObject({ raw: 'not an object', problems: [{ path: '' }] });
    expect(byIndex(null)).toMatchObject({ reason: 'undecodable-message', raw: '{"events": [' });
    const ids = await queryLake<{ event_id: string }>(
      lakeDir(),
      (f) => `SELECT event_id FROM ${f} ORDER BY 1`,
    );
    expect(ids.map((r) => r.event_id)).toEqual(['evt-1', 'evt-2']);
  });

  it('loses nothing when SIGTERM arrives while it is flushing, and exits 0', async () => {
    // Small files so that flushes are under way all the time while events arrive.
    start({ [ENV_KEYS.flushMaxRows]: '200', [ENV_KEYS.flushMaxAgeMs]: '60000' });
    const events = Array.from({ length: 5_000 }, (_, i) => ({ ...event(i), eventId: `term-${i}` }));
    const sending = sendMixed(local.sqs, local.queues.ingest, events);
    const first = worker as IngestProcess;
    await waitFor('a flush to start', () => first.logs.some((l) => l.event === INGEST_EVENTS.flushed));

    first.child.kill('SIGTERM');
    const exit = await first.exited;
    await sending;

    expect(exit).toEqual({ code: 0, signal: null });
    expect(first.logs.some((l) => l.event === INGEST_EVENTS.stopped)).toBe(true);
    // What the first worker did not take is still on the queue: a second one finishes it.
    const second = start({ [ENV_KEYS.flushMaxAgeMs]: '200' });
    await waitFor('the queue to drain', drained, { timeoutMs: 60_000 });
    const rows = await queryLake<{ n: bigint; ids: bigint }>(
      lakeDir(),
      (f) => `SELECT count(*) AS n, count(DISTINCT event_id) AS ids FROM ${f}`,
    );
    expect(Number(rows[0]?.ids)).toBe(5_000);
    expect(Number(rows[0]?.n)).toBe(5_000);
    await waitFor('the second worker to start', () =>
      second.logs.some((l) => l.event === INGEST_EVENTS.started),
    );
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
  });
});

describe('ingest worker start-up', () => {
  it('refuses a bad variable with its name and exits 78', async () => {
    const worker = startIngestProcess({
      endpoint: 'http://127.0.0.1:9',
      queueUrl: `http://127.0.0.1:9/000000000000/${randomUUID()}`,
      dataDir: tmpdir(),
      env: { [ENV_KEYS.flushMaxRows]: 'lots' },
    });
    const exit = await worker.exited;
    expect(exit.code).toBe(78);
    const fatal = worker.logs.find((l) => l.event === workerProcessEvents('ingest').startFailed);
    expect(String(fatal?.error)).toContain(
      'RIREKI_FLUSH_MAX_ROWS: must be an integer from 1 to 10000000 (got "lots")',
    );
  });
});
