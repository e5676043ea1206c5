import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DirectoryObjectStore } from '@rireki/adapters';
import { waitFor } from '@rireki/adapters/testing';
import { ENV_KEYS } from '@rireki/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalQueues, startLocalQueues, waitForDrain } from '../support/localQueues.js';
import { sendFixture } from '../support/searchFixture.js';
import { twoAppEvents } from '../support/twoAppEvents.js';
import { startIngestProcess } from '../support/workerProcess.js';

const RIREKI = fileURLToPath(new URL('../../workers/cli/bin/rireki.js', import.meta.url));
const run = promisify(execFile);
const EVENTS = 3_000;

/**
 * The digest chain end to end, as an operator meets it: the ingest worker process writes files and
 * quarantine with digests on (the default), `rireki compact` and `rireki erase` rewrite the lake,
 * and `rireki verify` then passes; after a byte of one file is flipped it fails, naming the file.
 */
describe('rireki verify over a lake the product wrote and rewrote', () => {
  let local: LocalQueues;
  let dataDir: string;
  const rireki = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, [RIREKI, ...args, '--data-dir', dataDir], {
      env: { PATH: process.env.PATH, [ENV_KEYS.replacedGraceMs]: '1000', ...env },
    }).then(
      (done) => ({ code: 0, ...done }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  beforeAll(async () => {
    local = await startLocalQueues(30);
    dataDir = await mkdtemp(join(tmpdir(), 'rireki-digests-'));
    const events = twoAppEvents('digest', 0, EVENTS).map((event, i) =>
      i % 500 === 0 ? { ...event, status: 'not a status' } : { ...event, userId: `u${i % 7}` },
    );
    await sendFixture(local.sqs, local.queues.ingest, events);
    const worker = startIngestProcess({
      endpoint: local.server.endpoint,
      queueUrl: local.queues.ingest,
      dataDir,
      env: { [ENV_KEYS.flushMaxRows]: '500', [ENV_KEYS.digestIntervalMs]: '1000' },
    });
    await waitForDrain(local.sqs, local.queues.ingest);
    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await local?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('passes after ingest, with the quarantine and every table file accounted for', async () => {
    const result = await rireki(['verify']);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^verified: 1 chain, \d+ digests, 0 pending records, \d+ records; \d+ files/,
    );
    expect(await readdir(join(dataDir, 'lake', 'quarantine'))).not.toEqual([]);
  });

  it('passes after a compaction, an erasure and a retention, which are in the chain too', async () => {
    expect((await rireki(['compact', '--quiet-ms', '0'])).code).toBe(0);
    const erased = await rireki(['erase', '--app', 'shop', '--user', 'u3', '--json']);
    expect(erased.code).toBe(0);
    expect(JSON.parse(erased.stdout).rowsRemoved).toBeGreaterThan(0);
    // blog's day is a month old: retired now, its files deleted by the next run once the grace is over.
    const retention = { [ENV_KEYS.retention]: '{"blog": 7}' };
    expect(JSON.parse((await rireki(['retain', '--json'], retention)).stdout)).toMatchObject({ expired: 1 });
    const grace = Date.now() + 1_100;
    await waitFor('the grace to pass', () => Date.now() > grace, { timeoutMs: 5_000, intervalMs: 50 });
    expect((await rireki(['retain'], retention)).code).toBe(0);
    // Its day's folder may stay behind, empty: no file of it does.
    expect(await new DirectoryObjectStore(join(dataDir, 'lake')).list('action_logs/app=blog')).toEqual([]);

    const result = await rireki(['verify', '--json']);

    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ok: true, failures: [] });
    // The ingest worker's chain, then one per command that changed the lake: the second retain
    // only deletes files the first one's record already removed, so it records nothing.
    const lake = new DirectoryObjectStore(join(dataDir, 'lake'));
    const reasons: string[] = [];
    for (const key of await lake.list('digests/chains')) {
      if (!key.includes('/cli-')) continue;
      const [payload] = new TextDecoder().decode((await lake.get(key)) ?? new Uint8Array()).split('\n');
      for (const record of JSON.parse(payload ?? '{}').records)
        if (record.op === 'rewrite') reasons.push(record.reason);
    }
    // Both apps' days compacted; one erased; blog's retired.
    expect(reasons.sort()).toEqual(['compaction', 'compaction', 'erasure', 'retention']);
  });

  it('fails after one byte of a compacted file is flipped, naming it, and passes once it is back', async () => {
    const dir = join(dataDir, 'lake', 'action_logs', 'app=shop');
    const [day] = await readdir(dir);
    // The file the compaction wrote, not one it replaced (those wait out their grace).
    const [name] = (await readdir(join(dir, day ?? ''))).filter((file) =>
      /-r[0-9a-f]{8}-\d{4}\.parquet$/.test(file),
    );
    const path = join(dir, day ?? '', name ?? '');
    const original = await readFile(path);
    const changed = Buffer.from(original);
    changed[100] = (changed[100] ?? 0) ^ 0xff;
    await writeFile(path, changed);

    const result = await rireki(['verify']);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`first break: action_logs/app=shop/${day}/${name}: has SHA-256`);
    await writeFile(path, original);
    expect((await rireki(['verify'])).code).toBe(0);
  });

  it('shows the key it trusts, and refuses flags it cannot use', async () => {
    const shown = await rireki(['verify', '--show-key']);
    expect(shown.stderr).toMatch(/^key id ed25519:[0-9a-f]{32} \(from .*keys\)\n$/);
    expect(shown.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]*-----END PUBLIC KEY-----\n$/);
    // The copy kept elsewhere is what a verifier is then told to trust.
    await writeFile(join(dataDir, 'pinned.pem'), shown.stdout);
    expect((await rireki(['verify', '--public-key', join(dataDir, 'pinned.pem')])).code).toBe(0);

    const bad = await rireki(['verify', '--from', '2026-13-01', '--public-key', join(dataDir, 'nope.pem')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from: must be a UTC date, YYYY-MM-DD (got "2026-13-01")');
    expect(bad.stderr).toContain('--public-key: is not a readable PEM public key');

    const privateKey = await rireki([
      'verify',
      '--public-key',
      join(dataDir, 'keys', 'digest-signing.key.pem'),
    ]);
    expect(privateKey.code).toBe(2);
    expect(privateKey.stderr).toContain('--public-key: is a private key; give its public key');

    // A mistyped data directory is not an empty lake that verifies.
    const typo = await run(
      process.execPath,
      [RIREKI, 'verify', '--data-dir', `${dataDir}-typo`, '--public-key', join(dataDir, 'pinned.pem')],
      {
        env: { PATH: process.env.PATH },
      },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(`--data-dir: holds no lake (no directory ${dataDir}-typo/lake)`);
  });

  it('keeps an anchor of the chains’ heads outside the lake, and checks it on the next run', async () => {
    const anchor = join(dataDir, 'verify-anchor.json');
    const first = await rireki(['verify', '--anchor', anchor]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^anchor: none yet; .*verify-anchor\.json now holds this run's \d+ heads$/m);
    const kept = JSON.parse(await readFile(anchor, 'utf8')) as { heads: unknown[] };
    expect(kept.heads.length).toBeGreaterThan(1);

    const second = await rireki(['verify', '--anchor', anchor]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`anchor: ${kept.heads.length} chain heads of `);

    await writeFile(join(dataDir, 'not-an-anchor.json'), '{"heads": 3}');
    const bad = await rireki(['verify', '--anchor', join(dataDir, 'not-an-anchor.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--anchor: is not an anchor rireki verify wrote');

    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({
      type: 'spki',
      format: 'pem',
    });
    await writeFile(join(dataDir, 'rsa.pem'), rsa);
    const wrongKind = await rireki(['verify', '--public-key', join(dataDir, 'rsa.pem')]);
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.stderr).toContain('--public-key: is a rsa key; digests are signed with Ed25519');
  });

  it('names a command’s chain deleted whole, with its files, through the later chain that witnessed it', async () => {
    const chains = join(dataDir, 'lake', 'digests', 'chains');
    const commands = (await readdir(chains)).filter((writer) => writer.startsWith('cli-')).sort();
    // The compaction's chain, witnessed by the erasure's, which ran after it.
    const [compaction, erasure] = commands;
    await rm(join(chains, compaction ?? ''), { recursive: true });

    const result = await rireki(['verify', '--json']);

    expect(result.code).toBe(1);
    const { failures } = JSON.parse(result.stdout) as { failures: Array<{ place: string; problem: string }> };
    expect(failures).toContainEqual({
      place: `digests/chains/${erasure}/0000000000.jsonl`,
      problem: `witnessed digests/chains/${compaction}/0000000000.jsonl, which is missing (a chain or its newest digests were deleted)`,
    });

    // The anchor kept before names it too, and keeps what it held for the next run.
    const anchor = join(dataDir, 'verify-anchor.json');
    const before = await readFile(anchor, 'utf8');
    const anchored = await rireki(['verify', '--anchor', anchor, '--json']);
    expect(anchored.code).toBe(1);
    expect((JSON.parse(anchored.stdout) as { failures: unknown[] }).failures).toContainEqual({
      place: `digests/chains/${compaction}/0000000000.jsonl`,
      problem: 'is in the anchor but missing from the lake (its chain, or its newest digests, were deleted)',
    });
    expect(await readFile(anchor, 'utf8')).toBe(before);
  });
});
