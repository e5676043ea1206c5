import { randomUUID } from 'node:crypto';
import {
  compactTimestamp,
  DIGEST_PATHS,
  DIGEST_VERSION,
  type Digest,
  type DigestLink,
  type DigestRecord,
  digestKey,
  digestKeyPlace,
  envelopeText,
  type PendingRecord,
  pendingKeyWriter,
  pendingRecordKey,
} from '@rireki/contracts';
import type { DigestKeyring, DigestSigner, ObjectStore } from '@rireki/ports';
import { sha256Hex } from './digestRecords.js';
import { readPendingRecord } from './readEnvelopes.js';
import { resolveAgainstLake } from './resolveAgainstLake.js';
import { signPayload } from './signatures.js';

/** What a writer needs to keep its ledger: the workers depend on this, not on the chain itself. */
export interface FileLedger {
  /**
   * Makes `record` durable and signed before the work it names is done (a file stored, files
   * replaced): from then on a crash cannot leave that work unaccounted for.
   */
  intend(record: DigestRecord): Promise<void>;
  /** The work of an intended record is durable: the next digest seals the record as it is. */
  done(recordId: string): void;
}

/** A ledger that records nothing: digests turned off. */
export const NO_LEDGER: FileLedger = {
  intend: async () => undefined,
  done: () => undefined,
};

export interface DigestLedgerEvents {
  sealed(fields: { key: string; seq: number; records: number; adopted: number; final: boolean }): void;
  sealFailed(fields: { seq: number; final: boolean; error: string }): void;
  /** A pending record of another writer that could not be read or was not signed by a trusted key. */
  pendingRefused(fields: { key: string; problem: string }): void;
}

export interface DigestLedgerOptions {
  readonly store: ObjectStore;
  readonly signer: DigestSigner;
  /**
   * The keys another writer's pending record must be signed with before this writer adopts it;
   * null for a writer that cannot check signatures, which adopts nothing.
   */
  readonly keyring: DigestKeyring | null;
  /** The writer's role, the start of its id: `ingest`, `maintenance`. */
  readonly role: string;
  readonly nowMs: () => number;
  /** How often pending records are sealed into the next digest. */
  readonly sealIntervalMs: number;
  /**
   * Another writer's pending record older than this is orphaned (its writer stopped before sealing
   * it): this writer seals it, as far as the lake shows its work was done. Longer than a seal interval.
   */
  readonly adoptAfterMs: number;
  readonly events?: DigestLedgerEvents;
}

interface Sealable {
  readonly record: DigestRecord;
  /** Its pending record, deleted once a digest holds it. */
  readonly key: string;
}

interface OpenRecord {
  readonly record: DigestRecord;
  readonly key: string;
  done: boolean;
}

/**
 * One writer's digest chain. Each record is first stored on its own as a signed pending record
 * (`intend`), before the work it names; `done` marks the work durable. Every `sealIntervalMs`, and
 * at `close`, the done records and any orphaned pending records of stopped writers go into the
 * next digest, signed and linked to the one before; then their pending records are deleted. A
 * crash between the two leaves pending records that another writer seals again: a verifier
 * counts a record id once.
 */
export class DigestLedger implements FileLedger {
  readonly writer: string;
  readonly #o: DigestLedgerOptions;
  readonly #open = new Map<string, OpenRecord>();
  #seq = 0;
  #previous: DigestLink | null = null;
  #sealing: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  /** The newest digest of each other writer's chain when this writer last looked. */
  readonly #lookedAt = new Map<string, string>();

  constructor(options: DigestLedgerOptions) {
    this.#o = options;
    const started = compactTimestamp(options.nowMs()).toLowerCase();
    this.writer = `${options.role}-${started}-${randomUUID().slice(0, 8)}`;
  }

  async intend(record: DigestRecord): Promise<void> {
    if (this.#closed) throw new RangeError('the digest ledger is closed');
    const pending: PendingRecord = { version: DIGEST_VERSION, kind: 'pending', writer: this.writer, record };
    const key = pendingRecordKey(this.writer, record.id);
    const line = JSON.stringify(pending);
    await this.#o.store.put(key, envelopeText(line, await signPayload(this.#o.signer, line)));
    this.#open.set(record.id, { record, key, done: false });
  }

  done(recordId: string): void {
    const open = this.#open.get(recordId);
    if (open) open.done = true;
  }

  /** Seals every `sealIntervalMs` until close. */
  start(): void {
    this.#timer ??= setInterval(() => void this.seal(false).catch(() => undefined), this.#o.sealIntervalMs);
    this.#timer.unref();
  }

  /** Seals what is left into the chain's final digest. */
  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#closed = true;
    await this.seal(true);
  }

  /**
   * Writes the next digest: the done records, and orphaned pending records of other writers (at
   * close, this writer's own unfinished ones too), each as far as the lake shows its work done.
   * Writes nothing when there is nothing to seal, unless `final` ends a chain already begun.
   * Returns the digest's key, or null when none was written.
   */
  seal(final: boolean): Promise<string | null> {
    const run = this.#sealing
      .then(() => this.#sealNow(final))
      .catch((error: unknown) => {
        this.#o.events?.sealFailed({ seq: this.#seq, final, error: String(error) });
        throw error;
      });
    this.#sealing = run.catch(() => undefined);
    return run;
  }

  async #sealNow(final: boolean): Promise<string | null> {
    const now = this.#o.nowMs();
    const sealed: Sealable[] = [];
    // Pending records of work that never happened: nothing to account for, they just go.
    const dropped: string[] = [];
    for (const open of this.#open.values()) {
      if (open.done) sealed.push(open);
      // A writer that cannot read the lake (kms:Sign only, in the stack) leaves its unfinished
      // records pending, for the verifier to count as far as their work went.
      else if (final && this.#o.keyring !== null) {
        // Work that failed or never finished: the lake says how much of it happened.
        const resolved = await resolveAgainstLake(this.#o.store, open.record);
        if (resolved) sealed.push({ record: resolved, key: open.key });
        else dropped.push(open.key);
      }
    }
    const orphans = await this.#orphans(now);
    dropped.push(...orphans.dropped);
    const records = [...sealed, ...orphans.adopted];
    const heads = await this.#newHeads();
    const witnessed = heads.links;
    // Witnessing alone never starts a chain: a command that changed nothing leaves none behind.
    const begun = this.#seq > 0;
    if (records.length === 0 && !(begun && (final || witnessed.length > 0))) {
      // Heads looked at and not to be witnessed need no second look; the others wait for a digest.
      const pending = new Set(witnessed.map((link) => link.key));
      for (const [writer, head] of heads.looked) if (!pending.has(head)) this.#lookedAt.set(writer, head);
      await this.#deletePending(dropped);
      return null;
    }
    const digest: Digest = {
      version: DIGEST_VERSION,
      kind: 'digest',
      writer: this.writer,
      seq: this.#seq,
      previous: this.#previous,
      createdAt: new Date(now).toISOString(),
      records: records.map((entry) => entry.record),
      witnessed,
      final,
    };
    const key = digestKey(this.writer, this.#seq);
    const line = JSON.stringify(digest);
    const text = envelopeText(line, await signPayload(this.#o.signer, line));
    await this.#o.store.put(key, text);
    this.#previous = { key, sha256: sha256Hex(text) };
    this.#seq++;
    for (const [writer, head] of heads.looked) this.#lookedAt.set(writer, head);
    await this.#deletePending([...records.map((entry) => entry.key), ...dropped]);
    this.#o.events?.sealed({
      key,
      seq: digest.seq,
      records: records.length,
      adopted: orphans.adopted.length,
      final,
    });
    return key;
  }

  /**
   * Pending records of other writers old enough to be orphans and signed by a trusted key, each as
   * far as the lake shows its work done; those whose work never happened are `dropped`.
   */
  async #orphans(now: number): Promise<{ adopted: Sealable[]; dropped: string[] }> {
    const adopted: Sealable[] = [];
    const dropped: string[] = [];
    const { keyring } = this.#o;
    if (keyring === null) return { adopted, dropped };
    for (const key of (await this.#o.store.list(DIGEST_PATHS.pending)).sort()) {
      const writer = pendingKeyWriter(key);
      if (writer === null || writer === this.writer) continue;
      const read = await readPendingRecord(this.#o.store, keyring, key);
      if (read === null) continue;
      if (!read.ok) {
        this.#o.events?.pendingRefused({ key, problem: read.problem });
        continue;
      }
      if (now - Date.parse(read.pending.record.at) < this.#o.adoptAfterMs) continue;
      const resolved = await resolveAgainstLake(this.#o.store, read.pending.record);
      if (resolved) adopted.push({ record: resolved, key });
      else dropped.push(key);
    }
    return { adopted, dropped };
  }

  /**
   * The newest digest of each other chain, where it changed since this writer last looked: every
   * chain the first time, then heads that hold records or end their chain. A digest that only
   * witnesses others is looked at but not witnessed again, so that two idle writers do not witness
   * each other's witnessing for ever. Each head links to the digests before it, so witnessing it
   * covers its whole chain.
   */
  async #newHeads(): Promise<{ links: DigestLink[]; looked: Map<string, string> }> {
    const heads = new Map<string, { key: string; seq: number }>();
    for (const key of await this.#o.store.list(DIGEST_PATHS.chains)) {
      const place = digestKeyPlace(key);
      if (place === null || place.writer === this.writer) continue;
      const head = heads.get(place.writer);
      if (head === undefined || place.seq > head.seq) heads.set(place.writer, { key, seq: place.seq });
    }
    const links: DigestLink[] = [];
    // Taken as looked at only once a digest holds the links.
    const looked = new Map<string, string>();
    for (const [writer, { key }] of [...heads].sort(([a], [b]) => a.localeCompare(b))) {
      const before = this.#lookedAt.get(writer);
      if (before === key) continue;
      const bytes = await this.#o.store.get(key);
      if (bytes === null) continue;
      looked.set(writer, key);
      // A chain seen for the first time is witnessed whatever its head holds: its link covers the rest.
      if (before === undefined || holdsWork(bytes)) links.push({ key, sha256: sha256Hex(bytes) });
    }
    return { links, looked };
  }

  /** Deletes sealed and dropped pending records, and forgets those of this writer. */
  async #deletePending(keys: readonly string[]): Promise<void> {
    const gone = new Set(keys);
    for (const [id, open] of this.#open) if (gone.has(open.key)) this.#open.delete(id);
    for (const key of keys) await this.#o.store.delete(key);
  }
}

/**
 * Whether a stored digest holds records or ends its chain, read from its payload line without
 * checking its signature: what is witnessed is the bytes as found, which the verifier checks.
 */
function holdsWork(bytes: Uint8Array): boolean {
  const text = new TextDecoder().decode(bytes);
  try {
    const payload = JSON.parse(text.slice(0, text.indexOf('\n'))) as { records?: unknown; final?: unknown };
    return payload.final === true || (Array.isArray(payload.records) && payload.records.length > 0);
  } catch {
    // Not a digest as rireki writes it: witnessed as it is, for the verifier to report.
    return true;
  }
}
