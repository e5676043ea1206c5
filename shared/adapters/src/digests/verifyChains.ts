import {
  DIGEST_PATHS,
  type DigestLink,
  type DigestRecord,
  digestKeyPlace,
  type PendingRecord,
  pendingKeyWriter,
} from '@rireki/contracts';
import type { DigestKeyring, ObjectStore } from '@rireki/ports';
import { sha256Hex } from './digestRecords.js';
import { readDigest, readPendingRecord } from './readEnvelopes.js';
import { storedSha256 } from './resolveAgainstLake.js';

/** One thing wrong, with the object it is about. */
export interface VerifyFailure {
  /** The digest, pending record or lake file the problem is about. */
  readonly place: string;
  readonly problem: string;
}

/** A record and where it was found, sealed in a digest or still pending. */
export interface FoundRecord {
  readonly record: DigestRecord;
  /** The digest or pending record holding it. */
  readonly source: string;
  readonly sealed: boolean;
}

export interface ChainsRead {
  readonly records: FoundRecord[];
  /** The newest digest of each chain, with its hash: what an anchor keeps. */
  readonly heads: DigestLink[];
  /** The SHA-256 of every digest read, by key. */
  readonly hashes: ReadonlyMap<string, string>;
  readonly chains: number;
  readonly digests: number;
  readonly pending: number;
  readonly bytes: number;
  readonly failures: VerifyFailure[];
}

/**
 * Every chain and pending record of the digests area, checked: each digest and pending record
 * signed by a trusted key and valid; each chain numbered from 0 with no gap, each digest naming the
 * key and hash of the one before it, and nothing after a final digest; no other object in the area.
 * Pending records are read before the digests: a writer deletes one only after the digest holding
 * it is stored, so a record is never missed between the two listings.
 */
export async function verifyChains(
  store: ObjectStore,
  keyring: DigestKeyring,
  onDigest: (bytes: number) => void = () => undefined,
): Promise<ChainsRead> {
  const failures: VerifyFailure[] = [];
  const records: FoundRecord[] = [];
  let bytes = 0;

  const pendingKeys = (await store.list(DIGEST_PATHS.pending)).sort();
  let pending = 0;
  for (const key of pendingKeys) {
    if (pendingKeyWriter(key) === null) {
      failures.push({ place: key, problem: 'is not a pending record rireki writes (a foreign object)' });
      continue;
    }
    const read = await readPendingRecord(store, keyring, key);
    if (read === null) continue; // sealed and deleted since the listing
    if (!read.ok) {
      failures.push({ place: key, problem: read.problem });
      continue;
    }
    if (`${DIGEST_PATHS.pending}/${read.pending.writer}/` !== key.slice(0, key.lastIndexOf('/') + 1))
      failures.push({ place: key, problem: `names writer ${read.pending.writer}, not the folder it is in` });
    pending++;
    records.push({ record: (read.pending as PendingRecord).record, source: key, sealed: false });
  }

  const byWriter = new Map<string, Array<{ key: string; seq: number }>>();
  for (const key of await store.list(DIGEST_PATHS.chains)) {
    const place = digestKeyPlace(key);
    if (place === null) {
      failures.push({ place: key, problem: 'is not a digest rireki writes (a foreign object)' });
      continue;
    }
    const chain = byWriter.get(place.writer) ?? [];
    chain.push({ key, seq: place.seq });
    byWriter.set(place.writer, chain);
  }
  for (const key of await store.list('digests')) {
    if (!key.startsWith(`${DIGEST_PATHS.chains}/`) && !key.startsWith(`${DIGEST_PATHS.pending}/`))
      failures.push({ place: key, problem: 'is not a digest or pending record (a foreign object)' });
  }

  let digests = 0;
  const hashes = new Map<string, string>();
  const witnesses: Array<{ by: string; link: DigestLink }> = [];
  for (const [writer, chain] of [...byWriter].sort(([a], [b]) => a.localeCompare(b))) {
    chain.sort((a, b) => a.seq - b.seq);
    let before: { key: string; sha256: string; final: boolean } | null = null;
    let expected = 0;
    for (const { key, seq } of chain) {
      if (seq !== expected) {
        failures.push({
          place: key,
          problem:
            expected === 0
              ? `is digest ${seq} of writer ${writer}, whose chain has no digest 0 (${seq === 1 ? 'digest 0 is' : `digests 0 to ${seq - 1} are`} missing)`
              : `is digest ${seq} of writer ${writer}, but digest ${expected} is missing (a gap in the chain)`,
        });
        expected = seq;
        before = null;
      }
      expected++;
      const read = await readDigest(store, keyring, key);
      if (read === null) continue;
      bytes += read.bytes.byteLength;
      onDigest(read.bytes.byteLength);
      digests++;
      const sha256 = sha256Hex(read.bytes);
      hashes.set(key, sha256);
      if (!read.ok) {
        failures.push({ place: key, problem: read.problem });
        before = { key, sha256, final: false };
        continue;
      }
      const digest = read.value;
      if (digest.writer !== writer || digest.seq !== seq)
        failures.push({
          place: key,
          problem: `holds digest ${digest.seq} of writer ${digest.writer}: it was moved or renamed`,
        });
      if (before?.final)
        failures.push({ place: key, problem: `follows ${before.key}, the final digest of its chain` });
      if (seq === 0 && digest.previous !== null)
        failures.push({
          place: key,
          problem: `is a chain's first digest but names a previous one (${digest.previous.key})`,
        });
      if (seq > 0 && before !== null) {
        if (digest.previous === null)
          failures.push({ place: key, problem: `names no previous digest, but follows ${before.key}` });
        else if (digest.previous.key !== before.key || digest.previous.sha256 !== before.sha256)
          failures.push({
            place: key,
            problem:
              digest.previous.key === before.key
                ? `names ${before.key} with SHA-256 ${digest.previous.sha256}, but that digest's is ${before.sha256} (it was changed)`
                : `names ${digest.previous.key} as the digest before it, not ${before.key} (the chain was reordered)`,
          });
      }
      for (const record of digest.records) records.push({ record, source: key, sealed: true });
      for (const link of digest.witnessed) witnesses.push({ by: key, link });
      before = { key, sha256, final: digest.final };
    }
  }
  failures.push(...(await witnessProblems(store, witnesses, hashes)));
  const heads: DigestLink[] = [];
  for (const chain of byWriter.values()) {
    const newest = chain.at(-1);
    const sha256 = newest === undefined ? undefined : hashes.get(newest.key);
    if (newest !== undefined && sha256 !== undefined) heads.push({ key: newest.key, sha256 });
  }
  heads.sort((a, b) => a.key.localeCompare(b.key));
  return { records, heads, hashes, chains: byWriter.size, digests, pending, bytes, failures };
}

/**
 * Every digest another writer witnessed must still be there with the hash it had: otherwise a
 * chain, or its newest digests, was deleted or changed after the fact. A digest stored while the
 * chains were being listed may be missing from the listing: it is looked up before it is blamed.
 */
async function witnessProblems(
  store: ObjectStore,
  witnesses: ReadonlyArray<{ by: string; link: DigestLink }>,
  hashes: ReadonlyMap<string, string>,
): Promise<VerifyFailure[]> {
  const failures: VerifyFailure[] = [];
  for (const { by, link } of witnesses) {
    const sha256 = hashes.get(link.key) ?? (await storedSha256(store, link.key));
    if (sha256 === null)
      failures.push({
        place: by,
        problem: `witnessed ${link.key}, which is missing (a chain or its newest digests were deleted)`,
      });
    else if (sha256 !== link.sha256)
      failures.push({
        place: by,
        problem: `witnessed ${link.key} with SHA-256 ${link.sha256}, but it has ${sha256} (it was changed)`,
      });
  }
  return failures;
}
