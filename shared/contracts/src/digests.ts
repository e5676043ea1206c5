import { z } from 'zod';
import { AppCodeSchema } from './actionLog.js';
import { LAKE_AREAS } from './constants.js';

/**
 * The digest chain: what proves that nobody changed the lake behind rireki's back. Every file a
 * writer puts in the table or quarantine area, and every rewrite or expiry of files, is a record.
 * A writer (one worker process) first makes each record durable on its own, signed (a pending
 * record, before the file it names is acknowledged), and every few minutes seals its pending
 * records into the next digest of its chain: the records, the previous digest's key and hash, and
 * a signature. `rireki verify` replays every chain against the files present.
 *
 * Both pending records and digests are signed envelopes: two lines of JSON, the payload and then
 * the signature over the payload line's exact UTF-8 bytes, so that nothing is re-serialized before
 * a signature is checked.
 */

export const DIGEST_VERSION = 1;

/** Signature algorithms: Ed25519 (the local key pair) and ECDSA P-256 with SHA-256 (an AWS KMS key). */
export const SIGNATURE_ALGORITHMS = ['ED25519', 'ECDSA_SHA_256'] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be a SHA-256 in lowercase hex' });
const KeySchema = z.string().min(1).max(1024);
const InstantSchema = z.iso.datetime();

/** A writer's name: its role and when and where it started; one chain per process. */
export const WRITER_ID_PATTERN = /^[a-z][a-z0-9-]{0,95}$/;
const WriterIdSchema = z.string().regex(WRITER_ID_PATTERN, {
  error: 'must be lowercase letters, digits and "-", starting with a letter',
});

/** A file as written: its key, content hash, size, rows (or quarantine records) and time range. */
export const DigestFileSchema = z.strictObject({
  key: KeySchema,
  sha256: Sha256Schema,
  bytes: z.int().min(0),
  rows: z.int().min(0),
  /** occurred_at of its first and last event (table), or when its records were quarantined. */
  firstAt: InstantSchema.nullable(),
  lastAt: InstantSchema.nullable(),
});
export type DigestFile = z.infer<typeof DigestFileSchema>;

/** A file a record removes, by key and by the hash it had. */
export const RemovedFileSchema = z.strictObject({ key: KeySchema, sha256: Sha256Schema });
export type RemovedFile = z.infer<typeof RemovedFileSchema>;

const RecordBase = { id: z.string().min(1).max(128), at: InstantSchema };

/** A new file in the table or quarantine area (the ingest worker's records). */
export const AddRecordSchema = z.strictObject({
  ...RecordBase,
  op: z.literal('add'),
  file: DigestFileSchema,
});

/**
 * A rewrite of one partition by lake maintenance: the files it replaced, the files it wrote, and
 * why. An erasure counts the rows it removed and names no user: the record holds none of the
 * erased data. Retention removes every file and adds none.
 */
export const RewriteRecordSchema = z.strictObject({
  ...RecordBase,
  op: z.literal('rewrite'),
  reason: z.enum(['compaction', 'erasure', 'retention']),
  app: AppCodeSchema,
  dt: z.iso.date(),
  /** The rewrite's id, which names its files and its replacement record. */
  rewriteId: z.string().min(1).max(128),
  removed: z.array(RemovedFileSchema),
  added: z.array(DigestFileSchema),
  rowsIn: z.int().min(0),
  rowsOut: z.int().min(0),
  /** Rows of one user an erasure dropped; 0 for other rewrites. */
  rowsErased: z.int().min(0),
});

/** Quarantine files deleted at the end of their retention. */
export const ExpireRecordSchema = z.strictObject({
  ...RecordBase,
  op: z.literal('expire'),
  reason: z.literal('retention'),
  removed: z.array(RemovedFileSchema).min(1),
});

export const DigestRecordSchema = z.discriminatedUnion('op', [
  AddRecordSchema,
  RewriteRecordSchema,
  ExpireRecordSchema,
]);
export type DigestRecord = z.infer<typeof DigestRecordSchema>;
export type AddRecord = z.infer<typeof AddRecordSchema>;
export type RewriteRecord = z.infer<typeof RewriteRecordSchema>;
export type ExpireRecord = z.infer<typeof ExpireRecordSchema>;

/** A record made durable by its writer before the files it names are acknowledged; sealed later. */
export const PendingRecordSchema = z.strictObject({
  version: z.literal(DIGEST_VERSION),
  kind: z.literal('pending'),
  writer: WriterIdSchema,
  record: DigestRecordSchema,
});
export type PendingRecord = z.infer<typeof PendingRecordSchema>;

/** The link to the digest before: its key and the SHA-256 of its whole file. */
export const DigestLinkSchema = z.strictObject({ key: KeySchema, sha256: Sha256Schema });
export type DigestLink = z.infer<typeof DigestLinkSchema>;

/** One digest of a writer's chain. */
export const DigestSchema = z.strictObject({
  version: z.literal(DIGEST_VERSION),
  kind: z.literal('digest'),
  writer: WriterIdSchema,
  /** 0 for a chain's first digest, then one more each time. */
  seq: z.int().min(0),
  /** null only for seq 0. */
  previous: DigestLinkSchema.nullable(),
  createdAt: InstantSchema,
  records: z.array(DigestRecordSchema),
  /**
   * The newest digest of each other chain that holds records or ends its chain, as this writer
   * found it since its previous digest: deleting a whole chain, or its newest digests, is then a
   * break the next writer's digest shows.
   */
  witnessed: z.array(DigestLinkSchema),
  /** True for the digest a writer seals at shutdown: its chain ends there. */
  final: z.boolean(),
});
export type Digest = z.infer<typeof DigestSchema>;

export const SignatureSchema = z.strictObject({
  algorithm: z.enum(SIGNATURE_ALGORITHMS),
  /** Which key signed: a hash of its public key (local) or the KMS key's ARN. */
  keyId: z.string().min(1).max(2048),
  /** Base64: raw 64 bytes for Ed25519, DER for ECDSA (as KMS returns it). */
  signature: z.string().min(1).max(4096),
});
export type Signature = z.infer<typeof SignatureSchema>;

/** Where digests and pending records live: `digests/chains/<writer>/…` and `digests/pending/<writer>/…`. */
export const DIGEST_PATHS = {
  chains: `${LAKE_AREAS.digests}/chains`,
  pending: `${LAKE_AREAS.digests}/pending`,
} as const;

/** A digest's key: `digests/chains/<writer>/<seq, 10 digits>.jsonl`, so keys sort in chain order. */
export function digestKey(writer: string, seq: number): string {
  return `${DIGEST_PATHS.chains}/${writer}/${String(seq).padStart(10, '0')}.jsonl`;
}

/** A pending record's key: `digests/pending/<writer>/<record id>.jsonl`. */
export function pendingRecordKey(writer: string, recordId: string): string {
  return `${DIGEST_PATHS.pending}/${writer}/${recordId}.jsonl`;
}

/** The writer and seq a digest key names, or null for another key. */
export function digestKeyPlace(key: string): { readonly writer: string; readonly seq: number } | null {
  const match = /^digests\/chains\/([a-z][a-z0-9-]*)\/(\d{10})\.jsonl$/.exec(key);
  if (!match?.[1] || !match[2]) return null;
  return { writer: match[1], seq: Number(match[2]) };
}

/** The writer a pending record's key names, or null for another key. */
export function pendingKeyWriter(key: string): string | null {
  return /^digests\/pending\/([a-z][a-z0-9-]*)\/[^/]+\.jsonl$/.exec(key)?.[1] ?? null;
}
