import type { Logger } from '@rireki/adapters';

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
} as const;

type Fields = Record<string, unknown>;

export function queryEvents(logger: Logger) {
  return {
    started: (f: Fields) => logger.info({ event: QUERY_EVENTS.started, ...f }, 'query worker started'),
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
    answered: (f: Fields) => logger.info({ event: QUERY_EVENTS.answered, ...f }, 'search answered'),
    refused: (f: Fields) => logger.warn({ event: QUERY_EVENTS.refused, ...f }, 'search refused'),
    busy: (f: Fields) =>
      logger.warn(
        { event: QUERY_EVENTS.busy, ...f },
        'search refused BUSY: the request waited in the queue longer than RIREKI_SEARCH_MAX_WAIT_MS',
      ),
    failed: (f: Fields) => logger.error({ event: QUERY_EVENTS.failed, ...f }, 'search failed'),
    dropped: (f: Fields) =>
      logger.warn({ event: QUERY_EVENTS.dropped, ...f }, 'request dropped: it cannot be answered'),
    pointer: (f: Fields) =>
      logger.debug({ event: QUERY_EVENTS.pointer, ...f }, 'large reply stored behind a pointer'),
    replyFailed: (f: Fields) =>
      logger.error(
        { event: QUERY_EVENTS.replyFailed, ...f },
        'reply not sent; the request comes back after the visibility timeout, and goes to the DLQ after its last receive',
      ),
    receiveFailed: (f: Fields) => logger.error({ event: QUERY_EVENTS.receiveFailed, ...f }, 'receive failed'),
    stopped: (f: Fields) => logger.info({ event: QUERY_EVENTS.stopped, ...f }, 'query worker stopped'),
  };
}

export type QueryEvents = ReturnType<typeof queryEvents>;
