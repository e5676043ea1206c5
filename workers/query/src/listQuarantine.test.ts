import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectoryObjectStore, markReplayed } from '@rireki/adapters';
import {
  QUARANTINE_LIMITS,
  QuarantineListRequestSchema,
  validateQuarantineListRequest,
} from '@rireki/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listQuarantine } from './listQuarantine.js';
import { SearchError } from './SearchError.js';

let dir: string;
let store: DirectoryObjectStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rireki-quarantine-'));
  store = new DirectoryObjectStore(dir);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function line(raw: unknown, problem: string, index = 0) {
  return {
    quarantinedAt: '2026-11-24T10:00:00.000Z',
    messageId: `m-${index}`,
    index,
    reason: 'invalid-event',
    problems: [{ path: 'status', message: problem }],
    raw,
  };
}

async function putFile(key: string, lines: readonly unknown[]) {
  await store.put(key, `${lines.map((entry) => JSON.stringify(entry)).join('\n')}\n`);
}

const request = (input: Record<string, unknown>) =>
  QuarantineListRequestSchema.parse({
    kind: 'quarantine.list',
    from: '2026-11-24',
    to: '2026-11-25',
    ...input,
  });

describe('listQuarantine', () => {
  it('pages the records of the apps asked for, oldest first, with their places, reasons and marks', async () => {
    // Prepare: two days, three files, one app-less record, one replayed record.
    const a = 'quarantine/dt=2026-11-24/20261124T100000000Z-a.jsonl';
    const b = 'quarantine/dt=2026-11-24/20261124T110000000Z-b.jsonl';
    const c = 'quarantine/dt=2026-11-25/20261125T090000000Z-c.jsonl';
    await putFile(b, [
      line({ app: 'shop', eventId: 'e-2' }, 'must be an integer', 0),
      line('not an event', 'x', 1),
    ]);
    await putFile(a, [line({ app: 'shop' }, 'must be an integer'), line({ app: 'blog' }, 'too long', 1)]);
    await putFile(c, [line({ app: 'shop', eventId: 'e-3' }, 'Must be an integer')]);
    await markReplayed(
      store,
      { file: c, line: 0 },
      { replayedAt: '2026-11-26T00:00:00.000Z', eventId: 'e-3' },
    );

    // Act
    const first = await listQuarantine(store, request({ app: 'shop', limit: 2 }), ['shop']);
    const second = await listQuarantine(
      store,
      request({ app: 'shop', limit: 2, cursor: first.nextCursor ?? '' }),
      ['shop'],
    );
    const everything = await listQuarantine(store, request({ limit: 100 }), 'all');
    const blog = await listQuarantine(store, request({ reason: 'TOO LONG' }), ['shop', 'blog']);

    // Assess
    expect(first.records.map((r) => [r.file, r.line, r.eventId])).toEqual([
      [a, 0, null],
      [b, 0, 'e-2'],
    ]);
    expect(first.records[0]).toMatchObject({
      app: 'shop',
      reason: 'invalid-event',
      problems: [{ path: 'status', message: 'must be an integer' }],
      raw: '{"app":"shop"}',
      rawTruncated: false,
      replayed: null,
    });
    expect(second.records.map((r) => [r.file, r.line, r.replayed])).toEqual([
      [c, 0, { replayedAt: '2026-11-26T00:00:00.000Z', eventId: 'e-3' }],
    ]);
    expect(second.nextCursor).toBeNull();
    expect(everything.records.map((r) => r.app)).toEqual(['shop', 'blog', 'shop', null, 'shop']);
    expect(blog.records.map((r) => r.app)).toEqual(['blog']);
  });

  it(`cuts raw input to ${QUARANTINE_LIMITS.maxRawBytes} bytes and says so`, async () => {
    await putFile('quarantine/dt=2026-11-24/20261124T100000000Z-a.jsonl', [
      line({ app: 'shop', path: 'é'.repeat(QUARANTINE_LIMITS.maxRawBytes) }, 'too long'),
    ]);

    const [record] = (await listQuarantine(store, request({}), ['shop'])).records;

    expect(record?.rawTruncated).toBe(true);
    expect(Buffer.byteLength(record?.raw ?? '')).toBeLessThanOrEqual(QUARANTINE_LIMITS.maxRawBytes);
    expect(record?.rawBytes).toBeGreaterThan(QUARANTINE_LIMITS.maxRawBytes * 2);
    expect(record?.raw.startsWith('{"app":"shop","path":"éé')).toBe(true);
  });

  it('refuses a cursor it did not make', async () => {
    const failure = await listQuarantine(store, request({ cursor: 'bm90IGpzb24' }), ['shop']).catch(
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(SearchError);
    expect(failure).toMatchObject({ searchCode: 'INVALID_CURSOR' });
  });
});

describe('validateQuarantineListRequest', () => {
  it.each([
    [{ from: '2026-11-25', to: '2026-11-24' }, 'from'],
    [{ from: '2026-11-24', to: '2027-03-01' }, 'to'],
    [{ from: '24/11/2026', to: '2026-11-25' }, 'from'],
    [{ from: '2026-11-24', to: '2026-11-25', limit: 101 }, 'limit'],
    [{ from: '2026-11-24', to: '2026-11-25', app: 'Shop!' }, 'app'],
    [{ from: '2026-11-24', to: '2026-11-25', filters: {} }, 'filters'],
  ])('refuses %j naming %s', (input, path) => {
    const validation = validateQuarantineListRequest({ kind: 'quarantine.list', ...input });

    expect(validation.ok).toBe(false);
    if (!validation.ok) expect(validation.problems.map((problem) => problem.path)).toContain(path);
  });
});
