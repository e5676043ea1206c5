import {
  createWorkerMetrics,
  DURATION_BUCKETS_S,
  type EventLoggers,
  type Logger,
  type WorkerMetrics,
} from '@rireki/adapters';
import type { ErrorCode, FieldProblem } from '@rireki/contracts';
import { METRIC_NAMES } from '@rireki/contracts';
import type { DrainReport } from './createIngestWorker.js';
import type { IngestStats } from './IngestPipeline.js';
import type { BatchOutcome } from './MessageAcknowledger.js';

/**
 * Every log line the ingest worker writes, defined once. Each carries `event` (a stable name an
 * operator can grep or alert on) and the fields that go with it.
 */
export const INGEST_EVENTS = {
  started: 'ingest.started',
  received: 'ingest.batch.received',
  quarantined: 'ingest.quarantined',
  writing: 'ingest.partition.writing',
  flushed: 'ingest.partition.flushed',
  registered: 'ingest.partition.registered',
  flushFailed: 'ingest.flush.failed',
  flushAbandoned: 'ingest.flush.abandoned',
  deleted: 'ingest.messages.deleted',
  deleteFailed: 'ingest.delete.failed',
  visibilityExtended: 'ingest.visibility.extended',
  visibilityFailed: 'ingest.visibility.failed',
  visibilityLapsed: 'ingest.visibility.lapsed',
  receiveFailed: 'ingest.receive.failed',
  backpressure: 'ingest.backpressure',
  draining: 'ingest.draining',
  handedBack: 'ingest.messages.handed_back',
  stopped: 'ingest.stopped',
} as const satisfies Record<keyof IngestEventFields, string>;

/** A partition's app and day, on every line about one of its files. */
interface PartitionFields {
  readonly app: string;
  readonly dt: string;
}

/** The entries of a batch call to the queue that failed, each with the queue's reason. */
type FailedEntries = BatchOutcome['failed'];

/** The fields each event carries beside its name, by the event's key in INGEST_EVENTS. */
export interface IngestEventFields {
  readonly started: { readonly queueUrl: string; readonly lake: string; readonly receivers: number };
  readonly received: {
    readonly messages: number;
    /** Valid events now buffered. */
    readonly accepted: number;
    /** Age of the batch's oldest message when it was received; null when SQS gave no SentTimestamp. */
    readonly lagMs: number | null;
  };
  readonly quarantined: {
    readonly records: number;
    readonly key: string | null;
    readonly first: readonly FieldProblem[] | undefined;
  };
  readonly writing: PartitionFields & { readonly rows: number; readonly attempt: number };
  readonly flushed: PartitionFields & {
    readonly rows: number;
    readonly fileBytes: number;
    readonly key: string;
    readonly ms: number;
  };
  readonly registered: PartitionFields & { readonly key: string };
  readonly flushFailed: PartitionFields & {
    readonly attempt: number;
    readonly delayMs: number;
    readonly code: ErrorCode;
    readonly error: string;
  };
  readonly flushAbandoned: PartitionFields & {
    readonly rows: number;
    readonly messages: number;
    /** Set when the file was written but its partition could not be registered. */
    readonly unregisteredKey?: string;
    readonly code: ErrorCode;
    readonly retryable: boolean;
    readonly error: string;
  };
  readonly deleted: { readonly messages: number };
  readonly deleteFailed: { readonly failed: FailedEntries };
  readonly visibilityExtended: { readonly messages: number };
  /** Some entries of an extension failed, or the timer's round threw. */
  readonly visibilityFailed: { readonly failed: FailedEntries } | { readonly error: string };
  readonly visibilityLapsed: { readonly messages: number; readonly overdueMs: number };
  readonly receiveFailed: { readonly error: string; readonly during?: 'processing' };
  readonly backpressure: { readonly bufferedBytes: number; readonly limit: number };
  readonly draining: { readonly stats: IngestStats };
  readonly handedBack: { readonly messages: number; readonly failed: number };
  readonly stopped: DrainReport;
}

/**
 * Every metric the ingest worker exposes, defined once: on its Prometheus endpoint locally, as
 * CloudWatch metrics (namespace Rireki, dimension worker=ingest) on AWS. The events below record them.
 */
export const INGEST_METRICS = {
  eventsAccepted: {
    name: METRIC_NAMES.ingestEventsAccepted,
    help: 'Valid events received and buffered for the lake.',
    kind: 'counter',
    unit: 'Count',
  },
  eventsQuarantined: {
    name: METRIC_NAMES.ingestEventsQuarantined,
    help: 'Quarantine records written: invalid events, and messages that could not be decoded.',
    kind: 'counter',
    unit: 'Count',
  },
  messagesDeleted: {
    name: METRIC_NAMES.ingestMessagesDeleted,
    help: 'Messages deleted from the ingest queue once all their events were durable.',
    kind: 'counter',
    unit: 'Count',
  },
  flushDuration: {
    name: METRIC_NAMES.ingestFlushDuration,
    help: 'Time to encode and store one partition file.',
    kind: 'histogram',
    unit: 'Seconds',
    buckets: DURATION_BUCKETS_S,
  },
  bufferedBytes: {
    name: METRIC_NAMES.ingestBufferedBytes,
    help: 'Estimated bytes of events buffered, not yet in a file.',
    kind: 'gauge',
    unit: 'Bytes',
  },
  receiveLag: {
    name: METRIC_NAMES.ingestReceiveLag,
    help: "Age of each received batch's oldest message: how far behind the queue ingest runs.",
    kind: 'histogram',
    unit: 'Seconds',
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
  },
  lastReceiveLag: {
    name: METRIC_NAMES.ingestLastReceiveLag,
    help: "Age of the last received batch's oldest message.",
    kind: 'gauge',
    unit: 'Seconds',
  },
} as const;

export type IngestMetrics = WorkerMetrics<typeof INGEST_METRICS>;

export type IngestEvents = EventLoggers<IngestEventFields>;

/** The event loggers, each also recording its metrics (into a registry of its own when none is given). */
export function ingestEvents(
  logger: Logger,
  metrics: IngestMetrics = createWorkerMetrics('ingest', INGEST_METRICS),
): IngestEvents {
  return {
    started: (f) => logger.info({ event: INGEST_EVENTS.started, ...f }, 'ingest worker started'),
    received: (f) => {
      metrics.count('eventsAccepted', f.accepted);
      if (f.lagMs !== null) {
        metrics.observe('receiveLag', f.lagMs / 1000);
        metrics.set('lastReceiveLag', f.lagMs / 1000);
      }
      logger.trace({ event: INGEST_EVENTS.received, ...f }, 'batch received');
    },
    quarantined: (f) => {
      metrics.count('eventsQuarantined', f.records);
      logger.warn({ event: INGEST_EVENTS.quarantined, ...f }, 'invalid input quarantined');
    },
    writing: (f) => logger.debug({ event: INGEST_EVENTS.writing, ...f }, 'writing partition file'),
    /** The file is durable; its partition may not be registered yet, its messages not deleted. */
    flushed: (f) => {
      metrics.observe('flushDuration', f.ms / 1000);
      logger.info({ event: INGEST_EVENTS.flushed, ...f }, 'partition flushed');
    },
    /** The file is searchable; its messages may be deleted now. Debug: once per file, like deletes. */
    registered: (f) => logger.debug({ event: INGEST_EVENTS.registered, ...f }, 'partition registered'),
    flushFailed: (f) => logger.warn({ event: INGEST_EVENTS.flushFailed, ...f }, 'flush failed, will retry'),
    flushAbandoned: (f) =>
      logger.error(
        { event: INGEST_EVENTS.flushAbandoned, ...f },
        'flush gave up; messages will be redelivered',
      ),
    deleted: (f) => {
      metrics.count('messagesDeleted', f.messages);
      logger.debug({ event: INGEST_EVENTS.deleted, ...f }, 'messages deleted');
    },
    deleteFailed: (f) =>
      logger.warn(
        { event: INGEST_EVENTS.deleteFailed, ...f },
        'delete failed; the message will be redelivered',
      ),
    visibilityExtended: (f) =>
      logger.debug({ event: INGEST_EVENTS.visibilityExtended, ...f }, 'visibility extended'),
    visibilityFailed: (f) =>
      logger.warn({ event: INGEST_EVENTS.visibilityFailed, ...f }, 'visibility change failed'),
    /**
     * The worker stalled past the visibility timeout of messages it held (a long pause, a frozen
     * host): the queue may have handed them to another worker, so their events may be stored twice
     * (search folds the copies), and this worker's receipt handles may no longer delete or extend them.
     */
    visibilityLapsed: (f) =>
      logger.warn(
        { event: INGEST_EVENTS.visibilityLapsed, ...f },
        'visibility timeout passed before the messages were deleted; another worker may store them too',
      ),
    receiveFailed: (f) => logger.error({ event: INGEST_EVENTS.receiveFailed, ...f }, 'receive failed'),
    backpressure: (f) =>
      logger.info({ event: INGEST_EVENTS.backpressure, ...f }, 'buffers full, receiving paused'),
    draining: (f) => logger.info({ event: INGEST_EVENTS.draining, ...f }, 'draining'),
    handedBack: (f) =>
      logger.warn({ event: INGEST_EVENTS.handedBack, ...f }, 'unfinished messages made visible again'),
    stopped: (f) => logger.info({ event: INGEST_EVENTS.stopped, ...f }, 'ingest worker stopped'),
  };
}
