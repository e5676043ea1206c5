import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { replayMarkerKey, StorageError } from '@rireki/contracts';
import type { ObjectStore } from '@rireki/ports';
import { afterAll, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../aws/S3ObjectStore.js';
import { DirectoryObjectStore } from '../local/DirectoryObjectStore.js';
import { useEmbeddedS3 } from '../testing/useEmbeddedS3.js';
import { markReplayed, readQuarantine } from './quarantineArea.js';

// The quarantine area read back the same way from the directory lake and from S3 (the embedded
// endpoint's S3 API), with what the ingest worker writes and the marks replay leaves.

const { s3 } = useEmbeddedS3();
const dirs: string[] = [];

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const stores: Array<[string, () => Promise<ObjectStore>]> = [
  [
    'DirectoryObjectStore',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'rireki-quarantine-area-'));
      dirs.push(dir);
      return new DirectoryObjectStore(dir);
    },
  ],
  [
    'S3ObjectStore',
    async () => {
      const bucket = `rireki-quarantine-${randomUUID().slice(0, 8)}`;
      await s3().send(new CreateBucketCommand({ Bucket: bucket }));
      return new S3ObjectStore({ client: s3(), lake: `s3://${bucket}/lake` });
    },
  ],
];

const record = (raw: unknown, reason = 'invalid-event') => ({
  quarantinedAt: '2026-11-24T10:00:00.000Z',
  messageId: 'm-1',
  index: reason === 'invalid-event' ? 0 : null,
  reason,
  problems: [{ path: 'status', message: 'must be an integer' }],
  raw,
});
const jsonl = (lines: readonly unknown[]) => `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`;
const A = 'quarantine/dt=2026-11-24/20261124T100000000Z-a.jsonl';
const B = 'quarantine/dt=2026-11-25/20261125T100000000Z-b.jsonl';

describe.each(stores)('readQuarantine on %s', (_name, open) => {
  it('reads records in (file, line) order by day, with app, eventId and replay marks, after a place', async () => {
    // Prepare
    const store = await open();
    await store.put(B, jsonl([record({ app: 'shop', eventId: 'e-1' })]));
    await store.put(
      A,
      jsonl([record({ app: 'shop' }), record('gzip?', 'undecodable-message'), record({ app: 'Bad!' })]),
    );
    await store.put('quarantine/dt=2026-11-26/20261126T100000000Z-c.jsonl', jsonl([record({ app: 'shop' })]));
    await markReplayed(
      store,
      { file: B, line: 0 },
      { replayedAt: '2026-11-26T00:00:00.000Z', eventId: 'e-1' },
    );

    // Act
    const read = async (selection: Parameters<typeof readQuarantine>[1]) => {
      const found = [];
      for await (const one of readQuarantine(store, selection)) found.push(one);
      return found;
    };
    const all = await read({ from: '2026-11-24', to: '2026-11-25' });
    const shop = await read({ from: '2026-11-24', to: '2026-11-25', apps: ['shop'] });
    const after = await read({ from: '2026-11-24', to: '2026-11-25', after: { file: A, line: 0 } });
    const undecodable = await read({ from: '2026-11-24', to: '2026-11-25', reason: 'UNDECODABLE' });

    // Assess
    expect(all.map((one) => [one.file, one.line, one.app])).toEqual([
      [A, 0, 'shop'],
      [A, 1, null],
      [A, 2, null],
      [B, 0, 'shop'],
    ]);
    expect(shop.map((one) => [one.file, one.eventId, one.replayed])).toEqual([
      [A, null, null],
      [B, 'e-1', { replayedAt: '2026-11-26T00:00:00.000Z', eventId: 'e-1' }],
    ]);
    expect(after.map((one) => [one.file, one.line])).toEqual([
      [A, 1],
      [A, 2],
      [B, 0],
    ]);
    expect(undecodable.map((one) => one.line)).toEqual([1]);
    expect(await store.get(replayMarkerKey(B, 0))).not.toBeNull();
  });

  it('refuses a line that is not a quarantine record, naming the file', async () => {
    const store = await open();
    await store.put(A, '{"not":"a record"}\n');

    const failure = await (async () => {
      for await (const _ of readQuarantine(store, { from: '2026-11-24', to: '2026-11-24' })) {
        // nothing to read
      }
    })().catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(StorageError);
    expect((failure as Error).message).toContain(A);
  });
});
