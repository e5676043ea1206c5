import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { waitFor } from '@rireki/adapters/testing';
import { ENV_KEYS } from '@rireki/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/freePort.js';
import { stackQueueUrls, stackSqs } from '../support/stackClient.js';
import { type StackProcess, startStackProcess } from '../support/stackProcess.js';

const RIREKI = fileURLToPath(new URL('../../workers/cli/bin/rireki.js', import.meta.url));
const run = promisify(execFile);
const KEYS = { ops: 'ops-key-0123456789abcd', blogger: 'blogger-key-0123456789' };

/**
 * `rireki quarantine list|show|replay` through the real CLI against `rireki up` in signed mode:
 * events quarantined for a fixable reason are listed with their reasons, made searchable exactly
 * once by a fixed replay, refused a second replay, and hidden from a requester without a grant.
 */
describe('rireki quarantine', () => {
  let port: number;
  let dataDir: string;
  let stack: StackProcess;
  let sqs: SQSClient;
  const now = Date.now();
  const at = (i: number) => new Date(now - 60_000 + i * 1_000).toISOString();

  const rireki = (args: string[], requester: keyof typeof KEYS = 'ops') =>
    run(process.execPath, [RIREKI, ...args], {
      env: {
        PATH: process.env.PATH,
        [ENV_KEYS.port]: String(port),
        [ENV_KEYS.dataDir]: dataDir,
        RIREKI_REQUESTER: requester,
        RIREKI_REQUESTER_KEY: KEYS[requester],
      },
    }).then(
      (done) => ({ code: 0, ...done }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
  const shopFiles = async () => {
    const dir = join(dataDir, 'lake', 'action_logs', 'app=shop');
    const days = await readdir(dir).catch(() => []);
    const files = await Promise.all(days.map((day) => readdir(join(dir, day))));
    return files.flat().filter((file) => file.endsWith('.parquet')).length;
  };
  const searchStatus = async (filter: string) => {
    const searched = await rireki(['search', '--app', 'shop', '--filter', filter, '--total', '--json']);
    if (searched.code !== 0) throw new Error(searched.stderr);
    return JSON.parse(searched.stdout) as {
      rows: Array<{ eventId: string; status?: number }>;
      total: number;
    };
  };

  beforeAll(async () => {
    port = await freePort();
    dataDir = await mkdtemp(join(tmpdir(), 'rireki-quarantine-'));
    stack = startStackProcess({
      port,
      dataDir,
      logFile: join(dataDir, 'stack.log'),
      args: ['--ephemeral'],
      env: {
        [ENV_KEYS.flushMaxAgeMs]: '200',
        [ENV_KEYS.searchAccess]: 'signed',
        [ENV_KEYS.searchGrants]: JSON.stringify({ ops: '*', blogger: ['blog'] }),
        [ENV_KEYS.requesterKeys]: JSON.stringify(KEYS),
      },
    });
    await stack.ready(60_000);
    sqs = stackSqs(port);
    // Three events with a status the contract refuses (text), one with its own eventId; two valid.
    const events = [
      { app: 'shop', occurredAt: at(1), eventId: 'own-id-1', path: '/pay', status: 'OK' },
      { app: 'shop', occurredAt: at(2), path: '/pay', status: 'OK' },
      { app: 'shop', occurredAt: at(3), path: '/pay', status: 'OK' },
      { app: 'shop', occurredAt: at(4), eventId: 'ok-200', path: '/', status: 200 },
      { app: 'shop', occurredAt: at(5), eventId: 'ok-404', path: '/x', status: 404 },
    ];
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: stackQueueUrls(port).ingest,
        Entries: events.map((event, i) => ({ Id: String(i), MessageBody: JSON.stringify(event) })),
      }),
    );
    await waitFor('the valid events searchable', async () => (await searchStatus('path^=/')).total === 2, {
      timeoutMs: 30_000,
    });
  }, 120_000);

  afterAll(async () => {
    sqs?.destroy();
    await stack?.interrupt(20_000);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('lists the quarantined events with their reasons, and refuses a requester without a grant', async () => {
    const listed = await rireki(['quarantine', 'list', '--app', 'shop', '--reason', 'STATUS', '--json']);
    const table = await rireki(['quarantine', 'list', '--app', 'shop']);
    const refused = await rireki(['quarantine', 'list', '--app', 'shop', '--json'], 'blogger');
    const everything = await rireki(['quarantine', 'list'], 'blogger');

    expect(listed.code).toBe(0);
    const { records } = JSON.parse(listed.stdout) as {
      records: Array<{
        file: string;
        line: number;
        eventId: string | null;
        problems: unknown;
        replayed: unknown;
      }>;
    };
    expect(records).toHaveLength(3);
    expect(records.map((record) => record.eventId).sort()).toEqual([null, null, 'own-id-1']);
    for (const record of records) {
      expect(record.problems).toEqual([{ path: 'status', message: expect.any(String) }]);
      expect(record.replayed).toBeNull();
    }
    expect(table.stdout).toContain('invalid-event');
    expect(table.stdout).toContain(`${records[0]?.file}#${records[0]?.line}`);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('FORBIDDEN');
    expect(everything.code).toBe(1);
    expect(everything.stderr).toContain('FORBIDDEN');

    const ref = `${records[0]?.file}#${records[0]?.line}`;
    const shown = await rireki(['quarantine', 'show', ref, '--app', 'shop']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`record         ${ref}`);
    expect(shown.stdout).toContain('"status": "OK"');
  });

  it('replays with a fix exactly once; a second replay is refused, and --again still lands once', async () => {
    // Act: the fix makes them valid.
    const first = await rireki(['quarantine', 'replay', '--app', 'shop', '--set', 'status=502', '--json']);

    // Assess: searchable once each, with their own or a derived eventId.
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).counts).toMatchObject({ replayed: 3, 'already-replayed': 0 });
    await waitFor(
      'the replayed events searchable',
      async () => (await searchStatus('status=502')).total === 3,
      {
        timeoutMs: 30_000,
      },
    );
    const ids = (await searchStatus('status=502')).rows.map((row) => row.eventId).sort();
    expect(ids[0]).toBe('own-id-1');
    expect(ids.slice(1).every((id) => /^q-[0-9a-f]{32}$/.test(id))).toBe(true);

    const listed = await rireki(['quarantine', 'list', '--app', 'shop', '--json']);
    const marks = (JSON.parse(listed.stdout) as { records: Array<{ replayed: { eventId: string } | null }> })
      .records;
    expect(marks.map((record) => record.replayed?.eventId).sort()).toEqual(ids);

    const second = await rireki(['quarantine', 'replay', '--app', 'shop', '--set', 'status=502']);
    expect(second.code).toBe(1);
    expect(second.stdout).toContain('3 already-replayed');
    expect(second.stdout).toContain('--again');

    const filesBefore = await shopFiles();
    const again = await rireki([
      'quarantine',
      'replay',
      '--app',
      'shop',
      '--set',
      'status=502',
      '--again',
      '--json',
    ]);
    expect(JSON.parse(again.stdout).counts).toMatchObject({ replayed: 3 });
    await waitFor('the second copies written', async () => (await shopFiles()) > filesBefore, {
      timeoutMs: 30_000,
    });
    expect((await searchStatus('status=502')).total).toBe(3);
  });

  it('answers a negation through the CLI: status!=200 and status!=200|404', async () => {
    const notOk = await searchStatus('status!=200');
    const neither = await searchStatus('status!=200|404');

    expect(notOk.rows.map((row) => row.status).sort()).toEqual([404, 502, 502, 502]);
    expect(neither.total).toBe(3);
  });

  it('refuses bad dates and app codes by flag, for list and replay alike, before sending anything', async () => {
    const list = await rireki(['quarantine', 'list', '--to', 'garbage', '--app', 'shop,Blog']);
    const replay = await rireki(['quarantine', 'replay', '--from', '2026-13-01']);

    expect(list.code).toBe(2);
    expect(list.stderr).toContain('--to: must be a UTC date, YYYY-MM-DD (got "garbage")');
    expect(list.stderr).toContain('--app: must be an app code');
    expect(replay.code).toBe(2);
    expect(replay.stderr).toContain('--from: must be a UTC date, YYYY-MM-DD (got "2026-13-01")');
  });

  it('refuses a requester without its key, as rireki search does', async () => {
    const refused = await run(process.execPath, [RIREKI, 'quarantine', 'list', '--app', 'shop'], {
      env: { PATH: process.env.PATH, [ENV_KEYS.port]: String(port), RIREKI_REQUESTER: 'ops' },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );

    expect(refused.code).toBe(78);
    expect(refused.stderr).toContain('RIREKI_REQUESTER_KEY: is required when RIREKI_REQUESTER is set');
  });
});
