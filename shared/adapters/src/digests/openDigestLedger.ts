import { KMSClient } from '@aws-sdk/client-kms';
import type { ObjectStore } from '@rireki/ports';
import { KmsDigestSigner } from '../aws/KmsDigestSigner.js';
import type { DigestSettings } from '../config/digestSettings.js';
import { DigestLedger, type DigestLedgerEvents, type FileLedger, NO_LEDGER } from './DigestLedger.js';
import { openLocalSigningKey } from './localSigningKey.js';
import { TrustedKeyring } from './signatures.js';

/** A writer's running ledger, or NO_LEDGER when digests are off; `close` seals the final digest. */
export interface OpenLedger {
  readonly ledger: FileLedger;
  /** The chain this process writes, or null when digests are off. */
  readonly writer: string | null;
  close(): Promise<void>;
}

/**
 * Starts a writer's digest chain: the local Ed25519 key (created on first start) or the KMS key,
 * trusting that same key for the pending records it adopts from writers that stopped.
 */
export async function openDigestLedger(
  settings: DigestSettings,
  deps: {
    readonly store: ObjectStore;
    readonly role: string;
    readonly events?: DigestLedgerEvents;
    readonly kms?: KMSClient;
    readonly region?: string;
  },
): Promise<OpenLedger> {
  if (!settings.enabled) return { ledger: NO_LEDGER, writer: null, close: async () => undefined };
  const signer =
    settings.signing.kind === 'local'
      ? await openLocalSigningKey(settings.signing.keysDir)
      : new KmsDigestSigner(
          deps.kms ?? new KMSClient(deps.region === undefined ? {} : { region: deps.region }),
          settings.signing.keyId,
        );
  // A writer allowed kms:Sign only cannot check another writer's signature, so it adopts nothing:
  // an orphaned pending record stays, signed, and the verifier counts it where it lies.
  const keyring =
    signer instanceof KmsDigestSigner
      ? null
      : new TrustedKeyring([{ keyId: signer.keyId, publicKey: signer.publicKey }]);
  const ledger = new DigestLedger({
    store: deps.store,
    signer,
    keyring,
    role: deps.role,
    nowMs: () => Date.now(),
    sealIntervalMs: settings.sealIntervalMs,
    adoptAfterMs: settings.adoptAfterMs,
    ...(deps.events ? { events: deps.events } : {}),
  });
  ledger.start();
  return { ledger, writer: ledger.writer, close: () => ledger.close() };
}
