import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  createSqsClient,
  DirectoryObjectStore,
  DuckDbParquetEncoder,
  type EmbeddedSqs,
  type FileLedger,
  LocalPartitionCatalog,
  NO_LEDGER,
  startEmbeddedSqs,
} from '@rireki/adapters';
import { messagesOn, waitFor } from '@rireki/adapters/testing';
import { CONTENT_ENCODING_ATTRIBUTE, encodeBody, type RetryPolicy } from '@rireki/contracts';
import { FaultyObjectStore, type LakeStep, RecordingCatalog } from '@rireki/ports/testing';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { FlushPolicy } from '../config.js';
import { ingestEvents } from '../events.js';
import { IngestPipeline } from '../IngestPipeline.js';
import { actionLogFactory, RECEIVED_AT_MS } from './actionLogFactory.js';

// The IngestPipeline suite's harness. Real parts: the embedded SQS endpoint, a directory lake, the
// local catalog, the DuckDB encoder. The fakes only record what happened, in one timeline, and
// inject storage faults.

/** What the lake fakes saw, and each DeleteMessageBatch the pipeline sent, in the order they happened. */
export type TimelineEntry =
  | LakeStep
  | { readonly kind: 'delete'; readonly receiptHandles: readonly string[] };

export class ManualClock {
  t = RECEIVED_AT_MS;
  now(): number {
    return this.t;
  }
}

export const FLUSH: FlushPolicy = { maxRows: 1000, maxBytes: 64 * 1024 * 1024, maxAgeMs: 1000 };
export const FLUSH_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1, maxDelayMs: 5 };
const CREDENTIALS = { accessKeyId: 'x', secretAccessKey: 'x' };

export interface Harness {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly lakeDir: string;
  readonly store: FaultyObjectStore;
  readonly catalog: RecordingCatalog;
  readonly clock: ManualClock;
  readonly pipeline: IngestPipeline;
  readonly timeline: TimelineEntry[];
  /** Every log line the pipeline wrote, debug included, parsed. */
  readonly logs: Array<Record<string, unknown>>;
}

let server: EmbeddedSqs;
const cleanups: Array<() => Promise<void>> = [];

/**
 * Starts one embedded SQS endpoint for the calling test file and removes each harness after its test.
 * Returns createHarness.
 */
export function usePipelineHarness(): typeof createHarness {
  beforeAll(async () => {
    server = await startEmbeddedSqs({ port: 0 });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await server.stop();
  });
  return createHarness;
}

/** A pipeline of its own: its own SQS client, queue (random suffix), temp lake and encoder. */
async function createHarness(
  options: {
    flush?: FlushPolicy;
    flushRetry?: RetryPolicy;
    visibilityTimeoutS?: number;
    /** @defaultValue NO_LEDGER, so the timeline holds the data's steps only */
    ledger?: FileLedger;
    /** @defaultValue 256 MiB, so that no test pauses unless it means to */
    maxBufferedBytes?: number;
  } = {},
): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'rireki-pipeline-test-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const timeline: TimelineEntry[] = [];
  const sqs = createSqsClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: CREDENTIALS });
  cleanups.push(async () => sqs.destroy());
  sqs.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'DeleteMessageBatchCommand') {
        timeline.push({ kind: 'delete', receiptHandles: receiptHandlesOf(args.input) });
      }
      return next(args);
    },
    { step: 'initialize', name: 'recordDeletes' },
  );
  const created = await sqs.send(
    new CreateQueueCommand({
      QueueName: `rireki-ingest-test-${randomUUID().slice(0, 8)}`,
      Attributes: { VisibilityTimeout: '30' },
    }),
  );
  const queueUrl = created.QueueUrl ?? '';
  cleanups.push(async () => {
    await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
  });
  const encoder = await DuckDbParquetEncoder.create({ threads: 1 });
  cleanups.push(() => encoder.close());
  const lakeDir = join(dir, 'lake');
  const store = new FaultyObjectStore(new DirectoryObjectStore(lakeDir), (step) => timeline.push(step));
  const catalog = new RecordingCatalog(new LocalPartitionCatalog(join(dir, 'catalog')), (step) =>
    timeline.push(step),
  );
  const clock = new ManualClock();
  const logs: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line)) });
  const pipeline = new IngestPipeline({
    sqs,
    queueUrl,
    store,
    catalog,
    encoder,
    ledger: options.ledger ?? NO_LEDGER,
    events: ingestEvents(logger),
    clock,
    flush: options.flush ?? FLUSH,
    maxBufferedBytes: options.maxBufferedBytes ?? 256 * 1024 * 1024,
    visibilityTimeoutS: options.visibilityTimeoutS ?? 30,
    flushRetry: options.flushRetry ?? FLUSH_RETRY,
  });
  return { sqs, queueUrl, lakeDir, store, catalog, clock, pipeline, timeline, logs };
}

function receiptHandlesOf(input: unknown): string[] {
  if (typeof input !== 'object' || input === null || !('Entries' in input) || !Array.isArray(input.Entries)) {
    return [];
  }
  return input.Entries.map((entry: { ReceiptHandle?: string }) => entry.ReceiptHandle ?? '');
}

/** Sends each body as one message (gzip'd when asked); returns the MessageIds in order. */
export async function send(
  h: Harness,
  bodies: ReadonlyArray<{ value: unknown; gzip?: boolean } | string>,
): Promise<string[]> {
  const entries: SendMessageBatchRequestEntry[] = bodies.map((body, i) => {
    if (typeof body === 'string') return { Id: String(i), MessageBody: body };
    const encoded = encodeBody(body.value, { gzip: body.gzip ?? false });
    return {
      Id: String(i),
      MessageBody: encoded.body,
      ...(encoded.contentEncoding
        ? {
            MessageAttributes: {
              [CONTENT_ENCODING_ATTRIBUTE]: { DataType: 'String', StringValue: encoded.contentEncoding },
            },
          }
        : {}),
    };
  });
  const ids: string[] = [];
  for (let start = 0; start < entries.length; start += 10) {
    const result = await h.sqs.send(
      new SendMessageBatchCommand({ QueueUrl: h.queueUrl, Entries: entries.slice(start, start + 10) }),
    );
    expect(result.Failed ?? []).toEqual([]);
    const byId = new Map((result.Successful ?? []).map((entry) => [entry.Id, entry.MessageId ?? '']));
    for (const entry of entries.slice(start, start + 10)) ids.push(byId.get(entry.Id) ?? '');
  }
  return ids;
}

/** Receives until `count` messages arrived (polling with a deadline, never a fixed sleep). */
export async function receive(h: Harness, count: number, visibilityTimeoutS = 30): Promise<Message[]> {
  const received: Message[] = [];
  await waitFor(`${count} messages to be received`, async () => {
    const result = await h.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: h.queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: visibilityTimeoutS,
        MessageAttributeNames: ['All'],
      }),
    );
    received.push(...(result.Messages ?? []));
    return received.length >= count;
  });
  return received;
}

export const queueIsEmpty = (h: Harness) => async () => (await messagesOn(h.sqs, h.queueUrl)) === 0;

/** Event ids in each Parquet file of the lake, by partition path (`app=…/dt=…`), read with DuckDB. */
export async function lakeFiles(h: Harness): Promise<Array<{ partition: string; eventIds: string[] }>> {
  const keys = (await h.store.list('action_logs')).filter((key) => key.endsWith('.parquet')).sort();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const files: Array<{ partition: string; eventIds: string[] }> = [];
    for (const key of keys) {
      const path = join(h.lakeDir, ...key.split('/')).replaceAll("'", "''");
      const result = await connection.runAndReadAll(`SELECT event_id FROM read_parquet('${path}')`);
      files.push({
        partition: key.split('/').slice(1, 3).join('/'),
        eventIds: result
          .getRowObjectsJS()
          .map((row) => String(row.event_id))
          .sort(),
      });
    }
    return files;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export async function quarantineRecords(h: Harness): Promise<Array<Record<string, unknown>>> {
  const records: Array<Record<string, unknown>> = [];
  for (const key of await h.store.list('quarantine')) {
    const text = Buffer.from((await h.store.get(key)) ?? new Uint8Array()).toString('utf8');
    for (const line of text.split('\n').filter(Boolean)) records.push(JSON.parse(line));
  }
  return records;
}

/** The timeline with each delete turned into the MessageIds it deleted. */
export function describeTimeline(h: Harness, messages: readonly Message[]): string[] {
  const idOf = new Map(messages.map((message) => [message.ReceiptHandle ?? '', message.MessageId ?? '']));
  return h.timeline.map((entry) => {
    if (entry.kind === 'put') return `${entry.ok ? 'put' : 'put-failed'} ${entry.key.split('/')[0]}`;
    if (entry.kind === 'register' || entry.kind === 'register-failed')
      return `${entry.kind} ${entry.partition}`;
    return `delete ${entry.receiptHandles
      .map((handle) => idOf.get(handle) ?? '?')
      .sort()
      .join(',')}`;
  });
}

export const event = (eventId: string, app: string, occurredAt: string | number) =>
  actionLogFactory({ eventId, app, occurredAt });
