import {
  type Digest,
  DigestSchema,
  fieldProblems,
  openEnvelope,
  type PendingRecord,
  PendingRecordSchema,
  type Signature,
} from '@rireki/contracts';
import type { DigestKeyring, ObjectStore } from '@rireki/ports';
import type { z } from 'zod';
import { signatureProblem } from './signatures.js';

export type ReadEnvelope<T> =
  | { readonly ok: true; readonly value: T; readonly signature: Signature; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly problem: string; readonly bytes: Uint8Array };

/**
 * A signed envelope's payload, checked in order: its two lines, its signature by a trusted key
 * over the payload line, then the payload against `schema`. Null when nothing is stored at `key`.
 */
export async function readSignedEnvelope<T>(
  store: ObjectStore,
  keyring: DigestKeyring,
  key: string,
  schema: z.ZodType<T>,
): Promise<ReadEnvelope<T> | null> {
  const bytes = await store.get(key);
  if (bytes === null) return null;
  // A byte-order mark is kept, not dropped: it is a byte rireki did not write, and the envelope
  // must then fail to match its signature.
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
  const opened = openEnvelope(text);
  if (!opened.ok) return { ok: false, problem: opened.problem, bytes };
  const bad = await signatureProblem(keyring, opened.payloadLine, opened.signature);
  if (bad !== null) return { ok: false, problem: bad, bytes };
  let value: unknown;
  try {
    value = JSON.parse(opened.payloadLine);
  } catch (error) {
    return { ok: false, problem: `its payload is not JSON: ${String(error)}`, bytes };
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems = fieldProblems(parsed.error).map((p) => `${p.path || '(payload)'}: ${p.message}`);
    return { ok: false, problem: `its payload breaks the digest contract (${problems.join('; ')})`, bytes };
  }
  return { ok: true, value: parsed.data, signature: opened.signature, bytes };
}

/** A pending record, signed and valid; see readSignedEnvelope. */
export async function readPendingRecord(
  store: ObjectStore,
  keyring: DigestKeyring,
  key: string,
): Promise<{ ok: true; pending: PendingRecord } | { ok: false; problem: string } | null> {
  const read = await readSignedEnvelope(store, keyring, key, PendingRecordSchema);
  if (read === null) return null;
  return read.ok ? { ok: true, pending: read.value } : { ok: false, problem: read.problem };
}

/** A digest, signed and valid, with its stored bytes (their hash is the next digest's link). */
export function readDigest(
  store: ObjectStore,
  keyring: DigestKeyring,
  key: string,
): Promise<ReadEnvelope<Digest> | null> {
  return readSignedEnvelope(store, keyring, key, DigestSchema);
}
