import { type LakeRow, LakeRowLines, type PartitionRef } from '@rireki/contracts';
import type { FlushPolicy } from './config.js';

/** Rows taken out of a buffer for one Parquet file, with how many came from each message. */
export interface BufferedBatch {
  readonly partition: PartitionRef;
  readonly rows: LakeRowLines;
  readonly bytes: number;
  /** Rows per message delivery (see MessageLedger), to settle the messages once the file is durable. */
  readonly rowsPerDelivery: Map<string, number>;
}

/**
 * The rows waiting to become one file of one partition (`app`, `dt`), kept as their JSON texts:
 * the garbage collector then sees one string per row, not an object graph.
 */
export class PartitionBuffer {
  readonly partition: PartitionRef;
  #rows = new LakeRowLines();
  #bytes = 0;
  #rowsPerDelivery = new Map<string, number>();
  #firstAddedAtMs: number | null = null;

  constructor(partition: PartitionRef) {
    this.partition = partition;
  }

  get rowCount(): number {
    return this.#rows.count;
  }

  get bytes(): number {
    return this.#bytes;
  }

  add(row: LakeRow, bytes: number, deliveryKey: string, nowMs: number): void {
    this.#rows.add(row);
    this.#bytes += bytes;
    this.#rowsPerDelivery.set(deliveryKey, (this.#rowsPerDelivery.get(deliveryKey) ?? 0) + 1);
    this.#firstAddedAtMs ??= nowMs;
  }

  /** True when a count or size limit is reached. */
  isFull(policy: FlushPolicy): boolean {
    return this.#rows.count >= policy.maxRows || this.#bytes >= policy.maxBytes;
  }

  /** True when the oldest row has waited for the age limit. */
  isDue(policy: FlushPolicy, nowMs: number): boolean {
    return this.#firstAddedAtMs !== null && nowMs - this.#firstAddedAtMs >= policy.maxAgeMs;
  }

  /** Takes every buffered row out, leaving the buffer empty for new ones. */
  take(): BufferedBatch {
    const batch = {
      partition: this.partition,
      rows: this.#rows,
      bytes: this.#bytes,
      rowsPerDelivery: this.#rowsPerDelivery,
    };
    this.#rows = new LakeRowLines();
    this.#bytes = 0;
    this.#rowsPerDelivery = new Map();
    this.#firstAddedAtMs = null;
    return batch;
  }
}
