import { EncoderError, type LakeRow, LakeRowLines } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import type { ParquetEncoder } from '../ParquetEncoder.js';
import { type Opened, openPerTest } from './openPerTest.js';

const BASE_MS = Date.UTC(2026, 10, 23, 15, 30, 0, 0);
const ACTIONS = [
  '注文を確定する',
  'OrderController@store',
  'emoji 😀 and 𠮷',
  'quote \' " \\ and ,;',
  'line\nbreak\ttab',
];

/** Row i of a varied batch of the lake: every nullable column is null in some rows, text is often not ASCII. */
export function variedLakeRow(i: number): LakeRow {
  const occurredAt = BASE_MS + i * 1_001 + (i % 1000);
  return {
    event_id: `evt-${i}`,
    occurred_at: occurredAt,
    received_at: occurredAt + 37,
    action: i % 6 === 0 ? null : (ACTIONS[i % ACTIONS.length] ?? null),
    method: i % 4 === 0 ? null : 'POST',
    path: i % 9 === 0 ? null : `/orders/${i}?q=日本語`,
    status: i % 7 === 0 ? null : ([0, 200, 404, 999][i % 4] ?? null),
    duration_ms: i % 5 === 0 ? null : i * 0.1 + 1e-7,
    user_id: i % 3 === 0 ? null : String(i),
    ip: i % 8 === 0 ? null : `203.0.113.${i % 256}`,
    user_agent: i % 10 === 0 ? null : 'Mozilla/5.0 (Windows NT 10.0) ブラウザ',
    params: i % 2 === 0 ? null : JSON.stringify({ items: [{ sku: `A-${i}`, qty: i % 3 }], note: '至急' }),
    attributes:
      i % 4 === 0
        ? null
        : i % 4 === 1
          ? {}
          : { orderId: `ORD-${i}`, 顧客: '山田 太郎', paid: i % 2 === 0 ? 'true' : 'false' },
    extra: i % 3 === 1 ? JSON.stringify({ tenant: 'acme', trace: { id: `t-${i}` } }) : null,
  };
}

/** A new encoder for one test, and how to release it. */
export interface OpenedParquetEncoder extends Opened {
  readonly encoder: ParquetEncoder;
}

/** Reads a Parquet file's rows back in file order, as LakeRows (timestamps in ms, maps as objects). */
export type ReadParquetRows = (file: Uint8Array) => Promise<LakeRow[]>;

/**
 * What every ParquetEncoder promises the ingest worker. `read` is an independent reader of the
 * files, so that an encoder is not checked against itself.
 */
export function parquetEncoderContract(
  name: string,
  open: () => Promise<OpenedParquetEncoder>,
  read: ReadParquetRows,
): void {
  describe(`${name} (ParquetEncoder contract)`, () => {
    const openOne = openPerTest(open);

    it('writes every row and every value so that a reader gets them back unchanged, in order', async () => {
      const encoder = (await openOne()).encoder;
      const rows = Array.from({ length: 300 }, (_, i) => variedLakeRow(i));

      const file = await encoder.encode(rows);

      expect(Buffer.from(file.subarray(0, 4)).toString('latin1')).toBe('PAR1');
      expect(await read(file)).toEqual(rows);
    });

    it('writes rows given as LakeRowLines exactly as the same rows given as objects', async () => {
      const encoder = (await openOne()).encoder;
      const rows = Array.from({ length: 300 }, (_, i) => variedLakeRow(i));

      const file = await encoder.encode(LakeRowLines.of(rows));

      expect(await read(file)).toEqual(rows);
    });

    it('encodes concurrent calls into separate, complete files', async () => {
      const encoder = (await openOne()).encoder;
      const batches = [0, 1, 2, 3].map((b) =>
        Array.from({ length: 25 + b }, (_, i) => variedLakeRow(b * 100 + i)),
      );

      const files = await Promise.all(batches.map((batch) => encoder.encode(batch)));

      for (const [b, file] of files.entries()) expect(await read(file)).toEqual(batches[b]);
    });

    it('refuses no rows, and any call once closed, with an EncoderError that retrying cannot fix', async () => {
      const encoder = (await openOne()).encoder;

      await expect(encoder.encode([])).rejects.toMatchObject({ name: 'EncoderError', retryable: false });
      await expect(encoder.encode(new LakeRowLines())).rejects.toMatchObject({ retryable: false });
      await encoder.close();
      const closed = encoder.encode([variedLakeRow(1)]);
      await expect(closed).rejects.toBeInstanceOf(EncoderError);
      await expect(closed).rejects.toMatchObject({ retryable: false });
    });
  });
}
