import type { ObjectStore } from '@rireki/ports';
import { DigestLedger } from '../digests/DigestLedger.js';
import { addRecord, describeFile } from '../digests/digestRecords.js';
import { type Ed25519DigestSigner, openLocalSigningKey } from '../digests/localSigningKey.js';
import { TrustedKeyring } from '../digests/signatures.js';

export interface TestLedger {
  readonly ledger: DigestLedger;
  readonly signer: Ed25519DigestSigner;
  /** Trusts the ledger's key and no other, as `rireki verify` does by default. */
  readonly keyring: TrustedKeyring;
}

/**
 * A digest chain over `store`, signed with the local key under `keysDir` (made if missing), as a
 * writer of the product keeps one: how the suites account for files they put in a lake.
 */
export async function openTestLedger(
  store: ObjectStore,
  keysDir: string,
  options: { readonly role?: string; readonly nowMs?: () => number } = {},
): Promise<TestLedger> {
  const signer = await openLocalSigningKey(keysDir);
  const keyring = new TrustedKeyring([{ keyId: signer.keyId, publicKey: signer.publicKey }]);
  const ledger = new DigestLedger({
    store,
    signer,
    keyring,
    role: options.role ?? 'test-writer',
    nowMs: options.nowMs ?? (() => Date.now()),
    sealIntervalMs: 60_000,
    adoptAfterMs: 180_000,
  });
  return { ledger, signer, keyring };
}

/**
 * Records files already in the lake, as the ingest worker records what it writes (`body` omitted:
 * read from the store). Puts `body` first when given, between the record and its `done`.
 */
export async function recordFiles(
  ledger: DigestLedger,
  store: ObjectStore,
  files: ReadonlyArray<{ readonly key: string; readonly body?: string | Uint8Array; readonly rows?: number }>,
  nowMs = Date.now(),
): Promise<void> {
  for (const file of files) {
    const body = file.body ?? (await store.get(file.key));
    if (body === null) throw new Error(`${file.key} is not in ${store.location}`);
    const record = addRecord(describeFile(file.key, body, file.rows ?? 0, null), nowMs);
    await ledger.intend(record);
    if (file.body !== undefined) await store.put(file.key, file.body);
    ledger.done(record.id);
  }
}
