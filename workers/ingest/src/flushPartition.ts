import type { FileLedger } from '@rireki/adapters';
import { type RetryPolicy, type RirekiError, withRetry } from '@rireki/contracts';
import type { ObjectStore, ParquetEncoder, PartitionCatalog } from '@rireki/ports';
import type { Clock } from './clock.js';
import type { IngestEvents } from './events.js';
import type { BufferedBatch } from './PartitionBuffer.js';
import { type WrittenFile, writePartitionFile } from './writePartitionFile.js';

export interface FlushPorts {
  readonly store: ObjectStore;
  readonly catalog: PartitionCatalog;
  readonly encoder: ParquetEncoder;
  /** Where each file is recorded before it is stored (the digest chain). */
  readonly ledger: FileLedger;
  readonly events: IngestEvents;
  readonly clock: Clock;
  /** How a failing write or registration is retried; errors that say retrying cannot help stop it at once. */
  readonly retry: RetryPolicy;
}

/** A flush that made its rows searchable, or gave up (the file, if it was written, is not registered). */
export type FlushOutcome =
  | { readonly ok: true; readonly file: WrittenFile }
  | { readonly ok: false; readonly error: RirekiError; readonly file: WrittenFile | undefined };

/**
 * Encode → store → register: makes one partition's batch searchable. The file is written before
 * its partition is registered, so a registered partition never points at a missing file, and a
 * retry after the write only retries the registration, so a catalog hiccup does not store the rows
 * twice. Never throws: the caller settles or abandons the batch's messages by the outcome.
 */
export async function flushPartition(ports: FlushPorts, batch: BufferedBatch): Promise<FlushOutcome> {
  const { partition, rows } = batch;
  const { app, dt } = partition;
  let file: WrittenFile | undefined;
  try {
    await withRetry(
      ports.retry,
      async (attempt) => {
        if (!file) {
          const started = performance.now();
          ports.events.writing({ app, dt, rows: rows.count, attempt });
          file = await writePartitionFile(ports, partition, rows, ports.clock.now());
          ports.events.flushed({
            app,
            dt,
            rows: rows.count,
            fileBytes: file.fileBytes,
            key: file.key,
            ms: Math.round(performance.now() - started),
          });
        }
        await ports.catalog.register(partition);
        ports.events.registered({ app, dt, key: file.key });
      },
      {
        onRetry: ({ attempt, delayMs, error }) =>
          ports.events.flushFailed({ app, dt, attempt, delayMs, code: error.code, error: error.message }),
      },
    );
    return { ok: true, file: file as WrittenFile };
  } catch (thrown) {
    return { ok: false, error: thrown as RirekiError, file };
  }
}
