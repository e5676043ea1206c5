import { performance } from 'node:perf_hooks';
import { type DigestLink, REPLACEMENTS_ROOT, ReplacementSchema } from '@rireki/contracts';
import type { DigestKeyring, ObjectStore } from '@rireki/ports';
import { accountFiles, inScope, listAccountable, type VerifyScope } from './accountFiles.js';
import { resolveAgainstLake } from './resolveAgainstLake.js';
import { type FoundRecord, type VerifyFailure, verifyChains } from './verifyChains.js';

export interface VerifyReport {
  /** True when nothing is wrong. */
  readonly ok: boolean;
  readonly scope: VerifyScope;
  readonly chains: number;
  readonly digests: number;
  readonly pending: number;
  readonly records: number;
  /** Lake files whose hash was checked, and their bytes. */
  readonly files: number;
  readonly bytes: number;
  readonly ms: number;
  /** Chain problems first, in chain order, then file problems by key: the first is the first break. */
  readonly failures: VerifyFailure[];
  /** The newest digest of each chain: the anchor of the next verification. */
  readonly heads: DigestLink[];
}

export interface VerifyOptions {
  readonly progress?: VerifyProgress;
  /**
   * Digests an earlier verification found at the heads of the chains, kept outside the lake: each
   * must still be there with its hash. Without one, deleting the newest digests of every chain
   * with the files they account for leaves a lake that verifies.
   */
  readonly anchor?: readonly DigestLink[];
}

export interface VerifyProgress {
  /** The files to check are known. */
  start(files: number): void;
  /** One more file or digest checked. */
  advance(bytes: number): void;
}

/**
 * Proves the lake unchanged since rireki wrote it: every digest chain whole and signed by a
 * trusted key, every file of the table and quarantine areas in scope recorded, with its hash,
 * and every recorded file present unless a signed record removed it. The files are listed first,
 * then the pending records, then the digests: each step's objects were durable before the next
 * step's were written, so a lake being written to meanwhile verifies clean too.
 */
export async function verifyLake(
  store: ObjectStore,
  keyring: DigestKeyring,
  scope: VerifyScope,
  { progress, anchor = [] }: VerifyOptions = {},
): Promise<VerifyReport> {
  const started = performance.now();
  const listed = await listAccountable(store);
  const replacedNow = await replacedFiles(store);
  progress?.start(listed.filter((key) => inScope(key, scope)).length);
  const chains = await verifyChains(store, keyring);
  const records: FoundRecord[] = [];
  for (const found of chains.records) {
    // A pending rewrite or expiry counts as far as the lake shows it done, as a writer sealing it
    // would count it; a pending add's file may simply not be there yet.
    if (found.sealed || found.record.op === 'add') records.push(found);
    else {
      const resolved = await resolveAgainstLake(store, found.record);
      if (resolved !== null) records.push({ ...found, record: resolved });
    }
  }
  const files = await accountFiles(store, listed, records, replacedNow, scope, (bytes) =>
    progress?.advance(bytes),
  );
  const failures = [...chains.failures, ...anchorProblems(anchor, chains.hashes), ...files.failures];
  return {
    ok: failures.length === 0,
    scope,
    chains: chains.chains,
    digests: chains.digests,
    pending: chains.pending,
    records: chains.records.length,
    files: files.files,
    bytes: files.bytes,
    ms: performance.now() - started,
    failures,
    heads: chains.heads,
  };
}

/** Each anchored digest must still be in the lake, unchanged. */
function anchorProblems(anchor: readonly DigestLink[], hashes: ReadonlyMap<string, string>): VerifyFailure[] {
  const failures: VerifyFailure[] = [];
  for (const { key, sha256 } of anchor) {
    const found = hashes.get(key);
    if (found === undefined)
      failures.push({
        place: key,
        problem:
          'is in the anchor but missing from the lake (its chain, or its newest digests, were deleted)',
      });
    else if (found !== sha256)
      failures.push({
        place: key,
        problem: `is in the anchor with SHA-256 ${sha256}, but has ${found} (it was changed)`,
      });
  }
  return failures;
}

/** Files a replacement record still lists as replaced: readers skip them, maintenance deletes them later. */
async function replacedFiles(store: ObjectStore): Promise<Set<string>> {
  const replaced = new Set<string>();
  for (const key of await store.list(REPLACEMENTS_ROOT)) {
    const body = await store.get(key);
    if (body === null) continue;
    const parsed = ReplacementSchema.safeParse(safeJson(new TextDecoder().decode(body)));
    if (parsed.success) for (const file of parsed.data.replaced) replaced.add(file);
  }
  return replaced;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
