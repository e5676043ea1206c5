import type { LakeRow, PartitionRef } from '@rireki/contracts';
import type { FlushPolicy } from './config.js';

/** Rows taken out of a buffer for one Parquet file, with how many came from each message. */
export interface BufferedBatch {
  readonly partition: PartitionRef;
  readonly rows: LakeRow[];
  readonly bytes: number;
  /** Rows per SQS MessageId, to settle the messages once the file is durable. */
  readonly rowsPerMessage: Map<string, number>;
}

/** The rows waiting to become one file of one partition (`app`, `dt`). */
export class PartitionBuffer {
  readonly partition: PartitionRef;
  #rows: LakeRow[] = [];
  #bytes = 0;
  #rowsPerMessage = new Map<string, number>();
  #firstAddedAtMs: number | null = null;

  constructor(partition: PartitionRef) {
    this.partition = partition;
  }

  get rowCount(): number {
    return this.#rows.length;
  }

  get bytes(): number {
    return this.#bytes;
  }

  add(row: LakeRow, bytes: number, messageId: string, nowMs: number): void {
    this.#rows.push(row);
    this.#bytes += bytes;
    this.#rowsPerMessage.set(messageId, (this.#rowsPerMessage.get(messageId) ?? 0) + 1);
    this.#firstAddedAtMs ??= nowMs;
  }

  /** True when a count or size limit is reached. */
  isFull(policy: FlushPolicy): boolean {
    return this.#rows.length >= policy.maxRows || this.#bytes >= policy.maxBytes;
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
      rowsPerMessage: this.#rowsPerMessage,
    };
    this.#rows = [];
    this.#bytes = 0;
    this.#rowsPerMessage = new Map();
    this.#firstAddedAtMs = null;
    return batch;
  }
}
