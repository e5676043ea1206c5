import type { EventLoggers, Logger } from '@rireki/adapters';
import type { SearchErrorCode } from '@rireki/contracts';

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

export type QueryEvents = EventLoggers<QueryEventFields>;

export function queryEvents(logger: Logger): QueryEvents {
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
    answered: (f) => logger.info({ event: QUERY_EVENTS.answered, ...f }, 'search answered'),
    refused: (f) => logger.warn({ event: QUERY_EVENTS.refused, ...f }, 'search refused'),
    busy: (f) =>
      logger.warn(
        { event: QUERY_EVENTS.busy, ...f },
        'search refused BUSY: the request waited in the queue longer than RIREKI_SEARCH_MAX_WAIT_MS',
      ),
    failed: (f) => logger.error({ event: QUERY_EVENTS.failed, ...f }, 'search failed'),
    dropped: (f) =>
      logger.warn({ event: QUERY_EVENTS.dropped, ...f }, 'request dropped: it cannot be answered'),
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
