import {
  createWorkerMetrics,
  DURATION_BUCKETS_S,
  type EventLoggers,
  type Logger,
  type WorkerMetrics,
} from '@rireki/adapters';
import type { SearchErrorCode } from '@rireki/contracts';
import { METRIC_NAMES, SEARCH_OUTCOME_LABEL } from '@rireki/contracts';

/** Every log line the query worker writes, defined once, each with a stable `event` name. */
export const QUERY_EVENTS = {
  started: 'query.started',
  openAccess: 'query.access.open',
  anyReplyQueue: 'query.reply_queues.any',
  answered: 'query.search.answered',
  refused: 'query.search.refused',
  busy: 'query.search.busy',
  failed: 'query.search.failed',
  dropped: 'query.request.dropped',
  pointer: 'query.reply.pointer',
  replyFailed: 'query.reply.failed',
  receiveFailed: 'query.receive.failed',
  stopped: 'query.stopped',
} as const satisfies Record<keyof QueryEventFields, string>;

/** Which request a line is about, and where its reply goes; what SQS did not say is undefined. */
interface RequestFields {
  readonly messageId: string | undefined;
  readonly replyTo: string | undefined;
  readonly correlationId: string | undefined;
  readonly receiveCount: number;
  /** Time the request waited in the search queue, from its first send; null when SQS did not say. */
  readonly waitedMs: number | null;
}

/** The fields each event carries beside its name, by the event's key in QUERY_EVENTS. */
export interface QueryEventFields {
  readonly started: { readonly queueUrl: string; readonly engine: string; readonly loops: number };
  /** The warnings at start, and the line at the end, carry no fields. */
  readonly openAccess: undefined;
  readonly anyReplyQueue: undefined;
  /** `rows` is undefined for a reply that counts only (a total). */
  readonly answered: RequestFields & { readonly elapsedMs: number; readonly rows: number | undefined };
  /**
   * Twice for a request refused FORBIDDEN: first why access was refused (logged, never sent back),
   * then, like every other refusal, the reply that was sent.
   */
  readonly refused:
    | { readonly messageId: string | undefined; readonly requester: string | null; readonly reason: string }
    | (RequestFields & {
        readonly elapsedMs: number;
        readonly code: SearchErrorCode;
        readonly message: string;
      });
  readonly busy: RequestFields & { readonly waitedMs: number; readonly maxWaitMs: number };
  readonly failed: {
    readonly messageId: string | undefined;
    readonly code: SearchErrorCode;
    readonly cause: string;
  };
  readonly dropped: RequestFields & { readonly reason: string };
  readonly pointer: RequestFields & { readonly bytes: number };
  readonly replyFailed: RequestFields & { readonly error: string };
  readonly receiveFailed: { readonly error: string; readonly during?: 'processing' };
  readonly stopped: undefined;
}

/**
 * Every metric the query worker exposes, defined once: on its Prometheus endpoint locally, as
 * CloudWatch metrics (namespace Rireki, dimension worker=query) on AWS. The events below record them.
 */
export const QUERY_METRICS = {
  searches: {
    name: METRIC_NAMES.querySearches,
    help: 'Search requests by outcome: OK, the error code of the reply (FORBIDDEN, BUSY …), or DROPPED (no usable reply queue).',
    kind: 'counter',
    unit: 'Count',
    labels: [SEARCH_OUTCOME_LABEL],
  },
  searchDuration: {
    name: METRIC_NAMES.querySearchDuration,
    help: 'Time from receiving a request to its reply being sent.',
    kind: 'histogram',
    unit: 'Seconds',
    buckets: DURATION_BUCKETS_S,
  },
  queueWait: {
    name: METRIC_NAMES.queryQueueWait,
    help: 'Time a request waited in the search queue before a worker took it.',
    kind: 'histogram',
    unit: 'Seconds',
    buckets: DURATION_BUCKETS_S,
  },
} as const;

/** The outcome label of a request that got no reply. */
export const DROPPED_OUTCOME = 'DROPPED';

export type QueryMetrics = WorkerMetrics<typeof QUERY_METRICS>;

export type QueryEvents = EventLoggers<QueryEventFields>;

/** The event loggers, each also recording its metrics (into a registry of its own when none is given). */
export function queryEvents(
  logger: Logger,
  metrics: QueryMetrics = createWorkerMetrics('query', QUERY_METRICS),
): QueryEvents {
  const searched = (code: string, f: { readonly waitedMs: number | null }, elapsedMs?: number) => {
    metrics.count('searches', 1, { code });
    if (f.waitedMs !== null) metrics.observe('queueWait', f.waitedMs / 1000);
    if (elapsedMs !== undefined) metrics.observe('searchDuration', elapsedMs / 1000);
  };
  return {
    started: (f) => logger.info({ event: QUERY_EVENTS.started, ...f }, 'query worker started'),
    openAccess: () =>
      logger.warn(
        { event: QUERY_EVENTS.openAccess },
        'OPEN ACCESS: any requester may search every app (RIREKI_SEARCH_ACCESS=open); use signed access beyond one machine',
      ),
    anyReplyQueue: () =>
      logger.warn(
        { event: QUERY_EVENTS.anyReplyQueue },
        'ANY REPLY QUEUE: replies may go to any queue (RIREKI_REPLY_QUEUES=*); list the allowed ones beyond one machine',
      ),
    answered: (f) => {
      searched('OK', f, f.elapsedMs);
      logger.info({ event: QUERY_EVENTS.answered, ...f }, 'search answered');
    },
    refused: (f) => {
      // The first line of a FORBIDDEN refusal says why; the second, with the code, is the reply.
      if ('code' in f) searched(f.code, f, f.elapsedMs);
      logger.warn({ event: QUERY_EVENTS.refused, ...f }, 'search refused');
    },
    busy: (f) => {
      searched('BUSY', f);
      logger.warn(
        { event: QUERY_EVENTS.busy, ...f },
        'search refused BUSY: the request waited in the queue longer than RIREKI_SEARCH_MAX_WAIT_MS',
      );
    },
    failed: (f) => logger.error({ event: QUERY_EVENTS.failed, ...f }, 'search failed'),
    dropped: (f) => {
      searched(DROPPED_OUTCOME, f);
      logger.warn({ event: QUERY_EVENTS.dropped, ...f }, 'request dropped: it cannot be answered');
    },
    pointer: (f) =>
      logger.debug({ event: QUERY_EVENTS.pointer, ...f }, 'large reply stored behind a pointer'),
    replyFailed: (f) =>
      logger.error(
        { event: QUERY_EVENTS.replyFailed, ...f },
        'reply not sent; the request comes back after the visibility timeout, and goes to the DLQ after its last receive',
      ),
    receiveFailed: (f) => logger.error({ event: QUERY_EVENTS.receiveFailed, ...f }, 'receive failed'),
    stopped: () => logger.info({ event: QUERY_EVENTS.stopped }, 'query worker stopped'),
  };
}
