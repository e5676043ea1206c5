import { createHash, randomUUID } from 'node:crypto';
import type { AddRecord, DigestFile } from '@rireki/contracts';

/** The SHA-256 of bytes (a text as its UTF-8), in lowercase hex: how digests name content. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A file as a digest records it, from the bytes about to be stored. */
export function describeFile(
  key: string,
  bytes: Uint8Array | string,
  rows: number,
  range: { readonly firstMs: number; readonly lastMs: number } | null,
): DigestFile {
  const body = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return {
    key,
    sha256: sha256Hex(body),
    bytes: body.byteLength,
    rows,
    firstAt: range === null ? null : new Date(range.firstMs).toISOString(),
    lastAt: range === null ? null : new Date(range.lastMs).toISOString(),
  };
}

/** The record of a new file, made now. */
export function addRecord(file: DigestFile, nowMs: number): AddRecord {
  return { id: randomUUID(), at: new Date(nowMs).toISOString(), op: 'add', file };
}
