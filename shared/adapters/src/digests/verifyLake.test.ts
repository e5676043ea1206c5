import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type DigestFile,
  digestKey,
  envelopeText,
  openEnvelope,
  type RewriteRecord,
  replacementKey,
} from '@rireki/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { putReplacement, replacementRecord } from '../lake/testing/replacementRecord.js';
import { DirectoryObjectStore } from '../local/DirectoryObjectStore.js';
import { DigestLedger } from './DigestLedger.js';
import { addRecord, describeFile } from './digestRecords.js';
import { Ed25519DigestSigner, openLocalSigningKey } from './localSigningKey.js';
import { signPayload, TrustedKeyring } from './signatures.js';
import { verifyLake } from './verifyLake.js';

const SHOP = { app: 'shop', dt: '2026-11-24' };
const tableKey = (name: string) => `action_logs/app=shop/dt=2026-11-24/${name}.parquet`;
const QUARANTINE_KEY = 'quarantine/dt=2026-11-24/20261124T000000000Z-q.jsonl';

let dir: string;
let store: DirectoryObjectStore;
let signer: Ed25519DigestSigner;
let keyring: TrustedKeyring;
let now: number;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rireki-verify-'));
  store = new DirectoryObjectStore(join(dir, 'lake'));
  signer = await openLocalSigningKey(join(dir, 'keys'));
  keyring = new TrustedKeyring([{ keyId: signer.keyId, publicKey: signer.publicKey }]);
  now = Date.UTC(2026, 10, 24, 12);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function ledger(role = 'ingest'): DigestLedger {
  return new DigestLedger({
    store,
    signer,
    keyring,
    role,
    nowMs: () => now,
    sealIntervalMs: 60_000,
    adoptAfterMs: 600_000,
  });
}

/** Stores a file the way the workers do: pending record, then the file, then done. */
async function write(chain: DigestLedger, key: string, body: string, rows = 1): Promise<DigestFile> {
  const file = describeFile(key, body, rows, { firstMs: now, lastMs: now });
  const record = addRecord(file, now);
  await chain.intend(record);
  await store.put(key, body);
  chain.done(record.id);
  return file;
}

/** A lake of two digests: two table files and a quarantine file. */
async function cleanLake(): Promise<DigestLedger> {
  const chain = ledger();
  await write(chain, tableKey('a'), 'rows of a');
  await write(chain, QUARANTINE_KEY, '{"reason":"invalid-event"}\n');
  await chain.seal(false);
  await write(chain, tableKey('b'), 'rows of b', 2);
  await chain.close();
  return chain;
}

const verify = () => verifyLake(store, keyring, {});

describe('verifyLake', () => {
  it('passes a lake whose every file is in a chain, and counts what it checked', async () => {
    await cleanLake();

    const report = await verify();

    expect(report.failures).toEqual([]);
    expect(report).toMatchObject({ ok: true, chains: 1, digests: 2, pending: 0, records: 3, files: 3 });
  });

  it('names the table file whose bytes changed', async () => {
    await cleanLake();
    const path = store.pathOf(tableKey('a'));
    const bytes = await readFile(path);
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    await writeFile(path, bytes);

    const report = await verify();

    expect(report.ok).toBe(false);
    expect(report.failures).toEqual([
      { place: tableKey('a'), problem: expect.stringMatching(/^has SHA-256 [0-9a-f]{64}, but .* recorded/) },
    ]);
  });

  it('names a truncated quarantine file by its size', async () => {
    await cleanLake();
    await truncate(store.pathOf(QUARANTINE_KEY), 5);

    const [failure] = (await verify()).failures;

    expect(failure).toEqual({
      place: QUARANTINE_KEY,
      problem: expect.stringMatching(/^is 5 bytes, but .* recorded 27/),
    });
  });

  it('names a deleted data file and a foreign one', async () => {
    await cleanLake();
    await store.delete(tableKey('b'));
    await store.put(tableKey('planted'), 'not from rireki');

    const { failures } = await verify();

    expect(failures.map((f) => f.place).sort()).toEqual([tableKey('b'), tableKey('planted')]);
    expect(failures.find((f) => f.place === tableKey('b'))?.problem).toMatch(/is not in the lake/);
    expect(failures.find((f) => f.place === tableKey('planted'))?.problem).toMatch(/rireki did not write/);
  });

  it('finds a gap where a digest was deleted, and a rename where two were swapped', async () => {
    const chain = await cleanLake();
    const first = store.pathOf(digestKey(chain.writer, 0));
    const second = store.pathOf(digestKey(chain.writer, 1));
    const [a, b] = await Promise.all([readFile(first), readFile(second)]);
    await writeFile(first, b);
    await writeFile(second, a);

    const swapped = await verify();
    expect(swapped.failures[0]).toEqual({
      place: digestKey(chain.writer, 0),
      problem: `holds digest 1 of writer ${chain.writer}: it was moved or renamed`,
    });

    await writeFile(first, a);
    await writeFile(second, b);
    await store.delete(digestKey(chain.writer, 0));
    const gap = await verify();
    expect(gap.failures[0]).toEqual({
      place: digestKey(chain.writer, 1),
      problem: `is digest 1 of writer ${chain.writer}, whose chain has no digest 0 (digest 0 is missing)`,
    });
    // The files only the deleted digest accounted for are foreign now.
    expect(gap.failures.map((f) => f.place)).toContain(tableKey('a'));
  });

  it('refuses an edited digest, and one signed by another key', async () => {
    const chain = await cleanLake();
    const key = digestKey(chain.writer, 1);
    const text = new TextDecoder().decode((await store.get(key)) ?? new Uint8Array());
    await store.put(key, text.replace('rows of b', 'x').replace(/"rows":2/, '"rows":3'));
    expect((await verify()).failures[0]).toEqual({
      place: key,
      problem: expect.stringMatching(/^has a signature that does not match its content/),
    });

    const opened = openEnvelope(text);
    if (!opened.ok) throw new Error(opened.problem);
    const other = new Ed25519DigestSigner(generateKeyPairSync('ed25519').privateKey);
    await store.put(key, envelopeText(opened.payloadLine, await signPayload(other, opened.payloadLine)));
    expect((await verify()).failures[0]).toEqual({
      place: key,
      problem: `is signed by key ${other.keyId}, which is not a trusted key`,
    });
  });

  it('refuses a byte changed in a signature line, which the signature does not cover', async () => {
    const chain = await cleanLake();
    const key = digestKey(chain.writer, 1);
    const text = new TextDecoder().decode((await store.get(key)) ?? new Uint8Array());
    const [payload, signature] = text.split('\n');
    await store.put(key, `${payload}\n ${signature}\n`);

    expect((await verify()).failures[0]).toEqual({
      place: key,
      problem: 'its signature line is not as rireki writes it (it was changed)',
    });
  });

  it('refuses a byte-order mark put before an envelope', async () => {
    const chain = await cleanLake();
    const key = digestKey(chain.writer, 1);
    const bytes = (await store.get(key)) ?? new Uint8Array();
    await store.put(key, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]));

    expect((await verify()).failures[0]).toEqual({
      place: key,
      problem: expect.stringMatching(/^has a signature that does not match its content/),
    });
  });

  it('finds an edit of an earlier digest through the next one, even re-signed', async () => {
    const chain = await cleanLake();
    const key = digestKey(chain.writer, 0);
    const opened = openEnvelope(new TextDecoder().decode((await store.get(key)) ?? new Uint8Array()));
    if (!opened.ok) throw new Error(opened.problem);
    // Someone holding the key re-signs a changed first digest: the link of the second still breaks.
    const changed = opened.payloadLine.replace('"final":false', '"final":false ');
    await store.put(key, envelopeText(changed, await signPayload(signer, changed)));

    expect((await verify()).failures[0]).toEqual({
      place: digestKey(chain.writer, 1),
      problem: expect.stringMatching(
        /^names .*0000000000\.jsonl with SHA-256 [0-9a-f]+, but that digest's is/,
      ),
    });
  });
});

describe('witnessing', () => {
  it('names a deleted chain through the digest of another writer that witnessed it', async () => {
    // An erasure's chain, then an ingest worker's next digest, which witnesses it.
    const command = ledger('cli');
    await write(command, tableKey('erased'), 'rows without the user');
    await command.close();
    const ingest = ledger('ingest');
    await write(ingest, tableKey('a'), 'rows of a');
    await ingest.seal(false);
    const witnessing = digestKey(ingest.writer, 0);
    expect((await verify()).failures).toEqual([]);

    // The command's work undone whole: its chain and its file.
    await store.delete(digestKey(command.writer, 0));
    await store.delete(tableKey('erased'));

    expect((await verify()).failures).toEqual([
      {
        place: witnessing,
        problem: `witnessed ${digestKey(command.writer, 0)}, which is missing (a chain or its newest digests were deleted)`,
      },
    ]);
  });

  it('witnesses a chain that moved on within one seal, and idle writers stop witnessing each other', async () => {
    const ingest = ledger('ingest');
    await write(ingest, tableKey('a'), 'rows of a');
    await ingest.seal(false);
    const maintenance = ledger('maintenance');
    await write(maintenance, tableKey('b'), 'rows of b');
    await maintenance.seal(false);

    // The ingest worker has no records of its own, but the maintenance chain moved: one digest.
    expect(await ingest.seal(false)).toBe(digestKey(ingest.writer, 1));
    // Each only witnessed the other's witnessing since: nothing more to write, however often.
    for (let i = 0; i < 3; i++) {
      expect(await maintenance.seal(false)).toBeNull();
      expect(await ingest.seal(false)).toBeNull();
    }
    expect((await verify()).failures).toEqual([]);
  });

  it('starts no chain to witness others alone', async () => {
    await cleanLake();
    const idle = ledger('cli');
    await idle.close();
    expect((await store.list('digests/chains')).filter((key) => key.includes('/cli-'))).toEqual([]);
  });
});

describe('an anchor kept outside the lake', () => {
  it('finds the newest digests of every chain deleted with their files, which nothing in the lake can', async () => {
    const chain = ledger();
    await write(chain, tableKey('a'), 'rows of a');
    await chain.seal(false);
    await write(chain, tableKey('b'), 'rows of b');
    await chain.close();
    const { heads } = await verify();
    expect(heads).toEqual([
      { key: digestKey(chain.writer, 1), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);

    // The second digest and the file it accounted for, gone: the chain just looks shorter.
    await store.delete(digestKey(chain.writer, 1));
    await store.delete(tableKey('b'));
    expect((await verify()).failures).toEqual([]);

    expect((await verifyLake(store, keyring, {}, { anchor: heads })).failures).toEqual([
      {
        place: digestKey(chain.writer, 1),
        problem:
          'is in the anchor but missing from the lake (its chain, or its newest digests, were deleted)',
      },
    ]);
  });
});

describe('crash safety', () => {
  it('accounts for a file whose writer died before sealing, and adopts it into another chain', async () => {
    const dead = ledger();
    await write(dead, tableKey('a'), 'rows of a');
    // No seal: the process was killed. The pending record still accounts for the file.
    expect((await verify()).failures).toEqual([]);

    now += 600_001;
    const next = ledger();
    await next.seal(false);

    const report = await verify();
    expect(report.failures).toEqual([]);
    expect(report).toMatchObject({ pending: 0, digests: 1, records: 1 });
  });

  it('drops the pending record of a file that was never stored, and refuses to adopt a file it names wrongly', async () => {
    const dead = ledger();
    const never = addRecord(describeFile(tableKey('never'), 'x', 1, null), now);
    await dead.intend(never);
    const swapped = addRecord(describeFile(tableKey('swapped'), 'what was meant', 1, null), now);
    await dead.intend(swapped);
    await store.put(tableKey('swapped'), 'what someone else put there');

    now += 600_001;
    const next = ledger();
    await next.seal(false);

    const { failures } = await verify();
    expect(failures).toEqual([
      { place: tableKey('swapped'), problem: expect.stringMatching(/rireki did not write/) },
    ]);
    expect(await store.list('digests/pending')).toEqual([]);
  });

  it('does not adopt a pending record signed by another key, and names it', async () => {
    const stranger = new Ed25519DigestSigner(generateKeyPairSync('ed25519').privateKey);
    const forged = new DigestLedger({
      store,
      signer: stranger,
      keyring,
      role: 'ingest',
      nowMs: () => now,
      sealIntervalMs: 60_000,
      adoptAfterMs: 600_000,
    });
    await write(forged, tableKey('planted'), 'planted rows');
    const refused: string[] = [];
    now += 600_001;
    const next = new DigestLedger({
      store,
      signer,
      keyring,
      role: 'ingest',
      nowMs: () => now,
      sealIntervalMs: 60_000,
      adoptAfterMs: 600_000,
      events: {
        sealed: () => undefined,
        sealFailed: () => undefined,
        pendingRefused: (f) => refused.push(f.key),
      },
    });
    await next.seal(false);

    expect(refused).toEqual([expect.stringContaining(`digests/pending/${forged.writer}/`)]);
    const places = (await verify()).failures.map((f) => f.place);
    expect(places).toContain(tableKey('planted'));
    expect(places.some((place) => place.startsWith(`digests/pending/${forged.writer}/`))).toBe(true);
  });
});

/** A compaction of SHOP's day that replaced `replaced` with `added`, one row each way per row. */
function compactionRecord(
  id: string,
  rewriteId: string,
  replaced: readonly DigestFile[],
  added: DigestFile,
): RewriteRecord {
  return {
    id,
    at: new Date(now).toISOString(),
    op: 'rewrite',
    reason: 'compaction',
    app: SHOP.app,
    dt: SHOP.dt,
    rewriteId,
    removed: replaced.map(({ key, sha256 }) => ({ key, sha256 })),
    added: [added],
    rowsIn: added.rows,
    rowsOut: added.rows,
    rowsErased: 0,
  };
}

describe('rewrites', () => {
  async function rewrite(chain: DigestLedger, replaced: DigestFile[], withRecord: boolean): Promise<void> {
    const added = describeFile(tableKey('c'), 'rows of a and b', 3, null);
    const record = compactionRecord('rewrite-1', 'r1', replaced, added);
    await chain.intend(record);
    await store.put(added.key, 'rows of a and b');
    if (withRecord)
      await putReplacement(
        store,
        replacementRecord(
          SHOP,
          'r1',
          replaced.map((f) => f.key),
          [added.key],
        ),
      );
    chain.done(record.id);
  }

  it('passes while the replaced files wait out their grace, and after they are gone', async () => {
    const chain = ledger('maintenance');
    const a = await write(chain, tableKey('a'), 'rows of a');
    const b = await write(chain, tableKey('b'), 'rows of b', 2);
    await rewrite(chain, [a, b], true);
    await chain.close();
    expect((await verify()).failures).toEqual([]);

    await store.delete(a.key);
    await store.delete(b.key);
    await store.delete(replacementKey(SHOP, 'r1'));
    expect((await verify()).failures).toEqual([]);
  });

  it('names a removed file that came back once no replacement record lists it', async () => {
    const chain = ledger('maintenance');
    const a = await write(chain, tableKey('a'), 'rows of a');
    await rewrite(chain, [a], true);
    await chain.close();
    await store.delete(replacementKey(SHOP, 'r1'));

    const { failures } = await verify();

    expect(failures).toEqual([
      { place: a.key, problem: expect.stringMatching(/^was removed by .* \(compaction\) but is present$/) },
    ]);
  });

  it('keeps the files of a rewrite that died before its switch, and not its removals', async () => {
    const dead = ledger('maintenance');
    const a = await write(dead, tableKey('a'), 'rows of a');
    await dead.seal(false);
    await rewrite(dead, [a], false);
    // Killed before its replacement record: a and c are both live files now.
    now += 600_001;
    await ledger('maintenance').seal(false);

    expect((await verify()).failures).toEqual([]);
    await store.delete(a.key);
    expect((await verify()).failures).toEqual([
      { place: a.key, problem: expect.stringMatching(/is not in the lake/) },
    ]);
  });
});

describe('a rewrite killed before its switch, still pending', () => {
  it('counts its new file and not its removals, while the replaced file stays live', async () => {
    const chain = ledger('maintenance');
    const a = await write(chain, tableKey('a'), 'rows of a');
    await chain.close();
    const dead = ledger('maintenance');
    const c = describeFile(tableKey('c'), 'rows of a again', 1, null);
    await dead.intend(compactionRecord('rewrite-2', 'r2', [a], c));
    await store.put(c.key, 'rows of a again');

    expect((await verify()).failures).toEqual([]);
  });
});

describe('a replaced file waiting out its grace', () => {
  it('is still checked against its hash', async () => {
    const chain = ledger('maintenance');
    const a = await write(chain, tableKey('a'), 'rows of a');
    const c = describeFile(tableKey('c'), 'rows of a again', 1, null);
    const record = compactionRecord('rewrite-3', 'r3', [a], c);
    await chain.intend(record);
    await store.put(c.key, 'rows of a again');
    await putReplacement(store, replacementRecord(SHOP, 'r3', [a.key], [c.key]));
    chain.done(record.id);
    await chain.close();
    await store.put(a.key, 'rows of a, edited');

    expect((await verify()).failures).toEqual([
      { place: a.key, problem: expect.stringMatching(/^is 17 bytes, but .* recorded 9/) },
    ]);
  });
});
