import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import type { FileLedger } from '@rireki/adapters';
import { partitionKey, type RetryPolicy } from '@rireki/contracts';
import type { ObjectStore, ParquetEncoder, PartitionCatalog } from '@rireki/ports';
import { classifyBatch } from './classifyBatch.js';
import type { Clock } from './clock.js';
import type { FlushPolicy } from './config.js';
import type { IngestEvents } from './events.js';
import { flushPartition } from './flushPartition.js';
import { MessageAcknowledger } from './MessageAcknowledger.js';
import { MessageLedger, type TrackedMessage } from './MessageLedger.js';
import { type BufferedBatch, PartitionBuffer } from './PartitionBuffer.js';
import { writeQuarantine } from './quarantine.js';
import { VisibilityKeeper } from './VisibilityKeeper.js';

export interface IngestPipelineOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly store: ObjectStore;
  readonly catalog: PartitionCatalog;
  readonly encoder: ParquetEncoder;
  /** Where every file is recorded before it is stored (the digest chain). */
  readonly ledger: FileLedger;
  readonly events: IngestEvents;
  readonly clock: Clock;
  readonly flush: FlushPolicy;
  readonly maxBufferedBytes: number;
  readonly visibilityTimeoutS: number;
  /** How a failing flush is retried before its messages are left to be redelivered. */
  readonly flushRetry: RetryPolicy;
}

export interface IngestStats {
  received: number;
  eventsAccepted: number;
  eventsQuarantined: number;
  messagesQuarantined: number;
  filesWritten: number;
  rowsWritten: number;
  messagesDeleted: number;
  messagesAbandoned: number;
  bufferedRows: number;
  bufferedBytes: number;
  trackedMessages: number;
}

/**
 * The ingest flow without the polling, wiring its steps: classify a batch (classifyBatch),
 * quarantine what is invalid, buffer rows per partition (PartitionBuffer), flush a partition
 * (flushPartition), delete the messages it settled (MessageAcknowledger), and keep waiting
 * messages invisible (VisibilityKeeper). It never deletes a message before all of its valid rows
 * are in a durable file of a registered partition and its invalid ones are in the quarantine.
 */
export class IngestPipeline {
  readonly #o: IngestPipelineOptions;
  readonly #buffers = new Map<string, PartitionBuffer>();
  readonly #ledger = new MessageLedger();
  readonly #acknowledger: MessageAcknowledger;
  readonly #visibility: VisibilityKeeper;
  readonly #flushing = new Set<Promise<void>>();
  readonly #deleting = new Set<Promise<void>>();
  #bufferedBytes = 0;
  #flushWaiters: Array<() => void> = [];
  readonly #stats = {
    received: 0,
    eventsAccepted: 0,
    eventsQuarantined: 0,
    messagesQuarantined: 0,
    filesWritten: 0,
    rowsWritten: 0,
    messagesDeleted: 0,
    messagesAbandoned: 0,
  };

  constructor(options: IngestPipelineOptions) {
    this.#o = options;
    this.#acknowledger = new MessageAcknowledger(options.sqs, options.queueUrl);
    this.#visibility = new VisibilityKeeper({
      ledger: this.#ledger,
      acknowledger: this.#acknowledger,
      events: options.events,
      clock: options.clock,
      visibilityTimeoutS: options.visibilityTimeoutS,
    });
  }

  stats(): IngestStats {
    let bufferedRows = 0;
    for (const buffer of this.#buffers.values()) bufferedRows += buffer.rowCount;
    return {
      ...this.#stats,
      bufferedRows,
      bufferedBytes: this.#bufferedBytes,
      trackedMessages: this.#ledger.size,
    };
  }

  /**
   * Takes a batch of received messages. Resolves once the batch is buffered (not yet durable);
   * waits first while the buffers are over their byte limit, which pauses receiving.
   * Throws when the quarantine cannot be written: the batch is then left for redelivery whole.
   */
  async handleBatch(messages: readonly Message[]): Promise<void> {
    const now = this.#o.clock.now();
    const batch = classifyBatch(messages, now);
    if (batch.quarantine.length > 0) {
      const key = await writeQuarantine(this.#o, batch.quarantine, now);
      this.#stats.eventsQuarantined += batch.invalidEvents;
      this.#stats.messagesQuarantined += batch.undecodableMessages;
      this.#o.events.quarantined({
        records: batch.quarantine.length,
        key,
        first: batch.quarantine[0]?.problems,
      });
    }

    const visibleUntil = now + this.#o.visibilityTimeoutS * 1000;
    const settledIds: string[] = [];
    for (const { message, rows } of batch.messages) {
      const delivery = this.#ledger.track(
        message.MessageId ?? '',
        message.ReceiptHandle ?? '',
        rows.length,
        visibleUntil,
      );
      if (rows.length === 0) settledIds.push(delivery);
      for (const result of rows) {
        const key = partitionKey(result.partition);
        let buffer = this.#buffers.get(key);
        if (!buffer) {
          buffer = new PartitionBuffer(result.partition);
          this.#buffers.set(key, buffer);
        }
        buffer.add(result.row, result.bytes, delivery, now);
        this.#bufferedBytes += result.bytes;
        if (buffer.isFull(this.#o.flush)) this.#startFlush(buffer);
      }
      this.#stats.eventsAccepted += rows.length;
    }
    this.#stats.received += messages.length;
    this.#o.events.received({
      messages: messages.length,
      accepted: batch.messages.reduce((sum, { rows }) => sum + rows.length, 0),
      lagMs: oldestAgeMs(messages, now),
    });
    this.#deleteSettled(this.#ledger.takeSettled(settledIds));
    await this.#waitForRoom();
  }

  /** Flushes partitions whose oldest row reached the age limit, and keeps waiting messages invisible. */
  async tick(): Promise<void> {
    const now = this.#o.clock.now();
    for (const [key, buffer] of this.#buffers) {
      if (buffer.isDue(this.#o.flush, now)) this.#startFlush(buffer);
      // Partitions of past days go quiet: forget their empty buffers.
      if (buffer.rowCount === 0) this.#buffers.delete(key);
    }
    await this.#visibility.extend(now);
  }

  /** Flushes every buffer and waits until all flushes and deletes have finished. */
  async flushAll(): Promise<void> {
    for (const buffer of this.#buffers.values()) {
      if (buffer.rowCount > 0) this.#startFlush(buffer);
    }
    while (this.#flushing.size > 0 || this.#deleting.size > 0) {
      await Promise.all([...this.#flushing, ...this.#deleting]);
    }
  }

  /** Makes every message still tracked visible at once, so another worker can take it now. */
  async handBack(): Promise<number> {
    const unfinished = this.#ledger.abandon(this.#ledger.all().map((message) => message.deliveryKey));
    if (unfinished.length === 0) return 0;
    const outcome = await this.#acknowledger.setVisibility(unfinished, 0);
    this.#o.events.handedBack({ messages: unfinished.length, failed: outcome.failed.length });
    return unfinished.length;
  }

  #startFlush(buffer: PartitionBuffer): void {
    if (buffer.rowCount === 0) return;
    const batch = buffer.take();
    const flush = this.#flush(batch).finally(() => {
      this.#flushing.delete(flush);
      this.#bufferedBytes -= batch.bytes;
      const waiters = this.#flushWaiters;
      this.#flushWaiters = [];
      for (const wake of waiters) wake();
    });
    this.#flushing.add(flush);
  }

  /** Flushes one batch, then deletes the messages it settled, or leaves them to be redelivered. */
  async #flush(batch: BufferedBatch): Promise<void> {
    const outcome = await flushPartition(
      {
        store: this.#o.store,
        catalog: this.#o.catalog,
        encoder: this.#o.encoder,
        ledger: this.#o.ledger,
        events: this.#o.events,
        clock: this.#o.clock,
        retry: this.#o.flushRetry,
      },
      batch,
    );
    if (outcome.file) {
      this.#stats.filesWritten++;
      this.#stats.rowsWritten += batch.rows.count;
    }
    if (outcome.ok) {
      this.#deleteSettled(this.#ledger.settle(batch.rowsPerDelivery));
      return;
    }
    const abandoned = this.#ledger.abandon(batch.rowsPerDelivery.keys());
    this.#stats.messagesAbandoned += abandoned.length;
    this.#o.events.flushAbandoned({
      app: batch.partition.app,
      dt: batch.partition.dt,
      rows: batch.rows.count,
      messages: abandoned.length,
      ...(outcome.file ? { unregisteredKey: outcome.file.key } : {}),
      code: outcome.error.code,
      retryable: outcome.error.retryable,
      error: outcome.error.message,
    });
  }

  #deleteSettled(messages: TrackedMessage[]): void {
    if (messages.length === 0) return;
    // A stale receipt handle may delete nothing (the queue then redelivers a message whose events
    // are durable here) or delete the copy another worker holds: either way nothing is lost.
    this.#visibility.reportLapsed(this.#ledger.takeLapsed(this.#o.clock.now(), messages));
    const deletion = this.#acknowledger
      .delete(messages)
      .then((outcome) => {
        this.#stats.messagesDeleted += outcome.succeeded;
        this.#o.events.deleted({ messages: outcome.succeeded });
        if (outcome.failed.length > 0) this.#o.events.deleteFailed({ failed: outcome.failed });
      })
      .finally(() => this.#deleting.delete(deletion));
    this.#deleting.add(deletion);
  }

  async #waitForRoom(): Promise<void> {
    // Half full and nothing being written: write the largest buffer now, so that the encoder works
    // while receiving goes on, rather than only once receiving has stopped at the limit.
    if (this.#flushing.size === 0 && this.#bufferedBytes > this.#o.maxBufferedBytes / 2) this.#flushLargest();
    let announced = false;
    while (this.#bufferedBytes > this.#o.maxBufferedBytes) {
      if (!announced) {
        this.#o.events.backpressure({ bufferedBytes: this.#bufferedBytes, limit: this.#o.maxBufferedBytes });
        announced = true;
      }
      // Make room: write out the largest buffer if nothing is being written already.
      if (this.#flushing.size === 0) this.#flushLargest();
      await new Promise<void>((resolve) => this.#flushWaiters.push(resolve));
    }
  }

  #flushLargest(): void {
    const largest = [...this.#buffers.values()].reduce((a, b) => (b.bytes > a.bytes ? b : a));
    this.#startFlush(largest);
  }
}

/** Age of the oldest of `messages` by their SentTimestamp attribute; null when none carries one. */
function oldestAgeMs(messages: readonly Message[], now: number): number | null {
  const sent = messages.map((m) => Number(m.Attributes?.SentTimestamp)).filter(Number.isFinite);
  return sent.length === 0 ? null : Math.max(0, now - Math.min(...sent));
}
