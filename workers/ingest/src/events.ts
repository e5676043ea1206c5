import type { Logger } from '@rireki/adapters';

/**
 * Every log line the ingest worker writes, defined once. Each carries `event` (a stable name an
 * operator can grep or alert on) and the fields that go with it.
 */
export const INGEST_EVENTS = {
  started: 'ingest.started',
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
} as const;

type Fields = Record<string, unknown>;

export function ingestEvents(logger: Logger) {
  return {
    started: (f: Fields) => logger.info({ event: INGEST_EVENTS.started, ...f }, 'ingest worker started'),
    quarantined: (f: Fields) =>
      logger.warn({ event: INGEST_EVENTS.quarantined, ...f }, 'invalid input quarantined'),
    writing: (f: Fields) => logger.debug({ event: INGEST_EVENTS.writing, ...f }, 'writing partition file'),
    /** The file is durable; its partition may not be registered yet, its messages not deleted. */
    flushed: (f: Fields) => logger.info({ event: INGEST_EVENTS.flushed, ...f }, 'partition flushed'),
    /** The file is searchable; its messages may be deleted now. Debug: once per file, like deletes. */
    registered: (f: Fields) =>
      logger.debug({ event: INGEST_EVENTS.registered, ...f }, 'partition registered'),
    flushFailed: (f: Fields) =>
      logger.warn({ event: INGEST_EVENTS.flushFailed, ...f }, 'flush failed, will retry'),
    flushAbandoned: (f: Fields) =>
      logger.error(
        { event: INGEST_EVENTS.flushAbandoned, ...f },
        'flush gave up; messages will be redelivered',
      ),
    deleted: (f: Fields) => logger.debug({ event: INGEST_EVENTS.deleted, ...f }, 'messages deleted'),
    deleteFailed: (f: Fields) =>
      logger.warn(
        { event: INGEST_EVENTS.deleteFailed, ...f },
        'delete failed; the message will be redelivered',
      ),
    visibilityExtended: (f: Fields) =>
      logger.debug({ event: INGEST_EVENTS.visibilityExtended, ...f }, 'visibility extended'),
    visibilityFailed: (f: Fields) =>
      logger.warn({ event: INGEST_EVENTS.visibilityFailed, ...f }, 'visibility change failed'),
    /**
     * The worker stalled past the visibility timeout of messages it held (a long pause, a frozen
     * host): the queue may have handed them to another worker, so their events may be stored twice
     * (search folds the copies), and this worker's receipt handles may no longer delete or extend them.
     */
    visibilityLapsed: (f: Fields) =>
      logger.warn(
        { event: INGEST_EVENTS.visibilityLapsed, ...f },
        'visibility timeout passed before the messages were deleted; another worker may store them too',
      ),
    receiveFailed: (f: Fields) =>
      logger.error({ event: INGEST_EVENTS.receiveFailed, ...f }, 'receive failed'),
    backpressure: (f: Fields) =>
      logger.info({ event: INGEST_EVENTS.backpressure, ...f }, 'buffers full, receiving paused'),
    draining: (f: Fields) => logger.info({ event: INGEST_EVENTS.draining, ...f }, 'draining'),
    handedBack: (f: Fields) =>
      logger.warn({ event: INGEST_EVENTS.handedBack, ...f }, 'unfinished messages made visible again'),
    stopped: (f: Fields) => logger.info({ event: INGEST_EVENTS.stopped, ...f }, 'ingest worker stopped'),
  };
}

export type IngestEvents = ReturnType<typeof ingestEvents>;
