import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import type { ObjectStore, ParquetEncoder, PartitionCatalog } from '@rireki/adapters';
import { partitionKey, toRirekiError } from '@rireki/contracts';
import type { FlushPolicy } from './config.js';
import { decodeMessage } from './decodeMessage.js';
import type { IngestEvents } from './events.js';
import { MessageLedger, type TrackedMessage } from './MessageLedger.js';
import { type BufferedBatch, PartitionBuffer } from './PartitionBuffer.js';
import { type QuarantineRecord, writeQuarantine } from './quarantine.js';
import { backoffDelay, type RetryPolicy, sleep } from './retry.js';
import { changeVisibility, deleteMessages } from './sqsBatches.js';
import { type RowResult, toLakeRow } from './toLakeRow.js';
import { type WrittenFile, writePartitionFile } from './writePartitionFile.js';

type AcceptedRow = Extract<RowResult, { ok: true }>;

export interface Clock {
  now(): number;
}

export interface IngestPipelineOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly store: ObjectStore;
  readonly catalog: PartitionCatalog;
  readonly encoder: ParquetEncoder;
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
 * The ingest flow without the polling: decode → validate → buffer per partition → write files →
 * delete messages. It never deletes a message before all of its valid rows are in a durable file
 * of a registered partition and its invalid ones are in the quarantine.
 */
export class IngestPipeline {
  readonly #o: IngestPipelineOptions;
  readonly #buffers = new Map<string, PartitionBuffer>();
  readonly #ledger = new MessageLedger();
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
    const quarantine: QuarantineRecord[] = [];
    const accepted: Array<{ message: Message; rows: AcceptedRow[] }> = [];
    for (const message of messages) {
      const messageId = message.MessageId ?? '';
      const decoded = decodeMessage(message);
      if (!decoded.ok) {
        quarantine.push({
          quarantinedAt: new Date(now).toISOString(),
          messageId,
          index: null,
          reason: 'undecodable-message',
          problems: [{ path: '', message: decoded.reason }],
          raw: message.Body ?? '',
          ...contentEncodingOf(message),
        });
        this.#stats.messagesQuarantined++;
        accepted.push({ message, rows: [] });
        continue;
      }
      const rows: AcceptedRow[] = [];
      decoded.events.forEach((event, index) => {
        const result = toLakeRow(event, { messageId, index, receivedAtMs: now });
        if (result.ok) {
          rows.push(result);
        } else {
          quarantine.push({
            quarantinedAt: new Date(now).toISOString(),
            messageId,
            index,
            reason: 'invalid-event',
            problems: result.problems,
            raw: event,
          });
        }
      });
      accepted.push({ message, rows });
    }

    if (quarantine.length > 0) {
      const key = await writeQuarantine(this.#o.store, quarantine, now);
      this.#stats.eventsQuarantined += quarantine.filter((record) => record.index !== null).length;
      this.#o.events.quarantined({ records: quarantine.length, key, first: quarantine[0]?.problems });
    }

    const visibleUntil = now + this.#o.visibilityTimeoutS * 1000;
    const settledIds: string[] = [];
    for (const { message, rows } of accepted) {
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
    await this.#extendVisibility(now);
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
    const outcome = await changeVisibility(this.#o.sqs, this.#o.queueUrl, unfinished, 0);
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

  /**
   * Writes the file, then registers its partition, then deletes the messages it settled: a
   * registered partition never points at a missing file. A retry after the file was written only
   * retries the registration, so a catalog hiccup does not store the rows twice.
   */
  async #flush(batch: BufferedBatch): Promise<void> {
    const { partition, rows } = batch;
    const { app, dt } = partition;
    const retry = this.#o.flushRetry;
    let file: WrittenFile | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        if (!file) {
          const started = performance.now();
          this.#o.events.writing({ app, dt, rows: rows.length, attempt });
          file = await writePartitionFile(this.#o, partition, rows, this.#o.clock.now());
          this.#stats.filesWritten++;
          this.#stats.rowsWritten += rows.length;
          this.#o.events.flushed({
            app,
            dt,
            rows: rows.length,
            fileBytes: file.fileBytes,
            key: file.key,
            ms: Math.round(performance.now() - started),
          });
        }
        await this.#o.catalog.register(partition);
        this.#o.events.registered({ app, dt, key: file.key });
        this.#deleteSettled(this.#ledger.settle(batch.rowsPerDelivery));
        return;
      } catch (thrown) {
        const error = toRirekiError(thrown);
        if (attempt >= retry.attempts) {
          const abandoned = this.#ledger.abandon(batch.rowsPerDelivery.keys());
          this.#stats.messagesAbandoned += abandoned.length;
          this.#o.events.flushAbandoned({
            app,
            dt,
            rows: rows.length,
            messages: abandoned.length,
            ...(file ? { unregisteredKey: file.key } : {}),
            code: error.code,
            error: error.message,
          });
          return;
        }
        const delayMs = backoffDelay(retry, attempt);
        this.#o.events.flushFailed({
          app,
          dt,
          attempt,
          delayMs,
          code: error.code,
          error: error.message,
        });
        await sleep(delayMs);
      }
    }
  }

  #deleteSettled(messages: TrackedMessage[]): void {
    if (messages.length === 0) return;
    // A stale receipt handle may delete nothing (the queue then redelivers a message whose events
    // are durable here) or delete the copy another worker holds: either way nothing is lost.
    this.#reportLapsed(this.#ledger.takeLapsed(this.#o.clock.now(), messages));
    const deletion = deleteMessages(this.#o.sqs, this.#o.queueUrl, messages)
      .then((outcome) => {
        this.#stats.messagesDeleted += outcome.succeeded;
        this.#o.events.deleted({ messages: outcome.succeeded });
        if (outcome.failed.length > 0) this.#o.events.deleteFailed({ failed: outcome.failed });
      })
      .finally(() => this.#deleting.delete(deletion));
    this.#deleting.add(deletion);
  }

  async #extendVisibility(now: number): Promise<void> {
    this.#reportLapsed(this.#ledger.takeLapsed(now));
    const timeoutMs = this.#o.visibilityTimeoutS * 1000;
    // Extend at half-life: one missed tick still leaves time before the message reappears.
    const expiring = this.#ledger.expiringWithin(now, timeoutMs / 2);
    if (expiring.length === 0) return;
    for (const message of expiring) message.visibleUntilMs = now + timeoutMs;
    const outcome = await changeVisibility(
      this.#o.sqs,
      this.#o.queueUrl,
      expiring,
      this.#o.visibilityTimeoutS,
    );
    this.#o.events.visibilityExtended({ messages: outcome.succeeded });
    if (outcome.failed.length > 0) this.#o.events.visibilityFailed({ failed: outcome.failed });
  }

  #reportLapsed(lapsed: readonly TrackedMessage[]): void {
    if (lapsed.length === 0) return;
    const now = this.#o.clock.now();
    const overdueMs = Math.max(...lapsed.map((message) => now - message.visibleUntilMs));
    this.#o.events.visibilityLapsed({ messages: lapsed.length, overdueMs });
  }

  async #waitForRoom(): Promise<void> {
    let announced = false;
    while (this.#bufferedBytes > this.#o.maxBufferedBytes) {
      if (!announced) {
        this.#o.events.backpressure({ bufferedBytes: this.#bufferedBytes, limit: this.#o.maxBufferedBytes });
        announced = true;
      }
      // Make room: write out the largest buffer if nothing is being written already.
      if (this.#flushing.size === 0) {
        const largest = [...this.#buffers.values()].reduce((a, b) => (b.bytes > a.bytes ? b : a));
        this.#startFlush(largest);
      }
      await new Promise<void>((resolve) => this.#flushWaiters.push(resolve));
    }
  }
}

function contentEncodingOf(message: Message): { contentEncoding?: string } {
  const value = message.MessageAttributes?.['Content-Encoding']?.StringValue;
  return value === undefined ? {} : { contentEncoding: value };
}
