import type { SendMessageBatchCommand, SendMessageBatchCommandOutput } from '@aws-sdk/client-sqs';
import type { ActionLogEvent } from '@rireki/contracts';

/**
 * The part of an SQSClient the logger uses. An `SQSClient` from `@aws-sdk/client-sqs` fits; so
 * does a hand-written fake in a test.
 */
export interface SqsBatchSender {
  send(command: SendMessageBatchCommand): Promise<SendMessageBatchCommandOutput>;
}

// Drops the index signature of the loose event type, so that known fields keep their types.
type KnownFields<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };
type EventFields = KnownFields<ActionLogEvent>;

/**
 * An event as an app hands it to `log()`: an action-log v1 event in which `app` (taken from the
 * logger's options), `occurredAt` (now) and `eventId` (a random UUID) may be left out. Other
 * top-level fields are kept in the lake's `extra` column.
 */
export type ActionLogInput = Omit<EventFields, 'app' | 'occurredAt'> &
  Partial<Pick<EventFields, 'app' | 'occurredAt'>> & { readonly [field: string]: unknown };

/** Counters of one logger since it was created. */
export interface ActionLoggerStats {
  /** Calls to `log()`. Every one ends up sent, failed, dropped, rejected or still buffered. */
  readonly logged: number;
  /** Events SQS accepted. */
  readonly sent: number;
  /** Events discarded without a send: not objects, logged after close, evicted from a full buffer, too large. */
  readonly dropped: number;
  /**
   * Events that break the action-log contract (the ingest worker would quarantine them), not sent;
   * each is reported to `onError` as an `ActionLogRejectedError` with its problems.
   */
  readonly rejected: number;
  /** Events lost because SQS did not take them after every attempt. */
  readonly failed: number;
  /** Events waiting in the buffer or being sent now. */
  readonly buffered: number;
  /** SQS messages sent (each packs many events). */
  readonly messagesSent: number;
}

/** Time for the logger: `now` stamps events, `sleep` waits between retries. */
export interface LoggerClock {
  /** Epoch milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * Buffers action-log events and sends them to SQS in packed batches. Create one per process
 * with `createActionLogger` and close it on shutdown.
 */
export interface ActionLogger {
  /**
   * Queues one event. Synchronous and cheap: it never throws and never waits for SQS. A problem
   * (not an object, breaks the contract, logger closed, buffer full) is counted in `stats()` and
   * reported to `onError`; an event that breaks the contract is reported before `log()` returns.
   */
  log(event: ActionLogInput): void;
  /** Sends every event buffered so far; resolves when each is sent or given up (never rejects). */
  flush(): Promise<void>;
  /** Stops the timer, sends what is buffered and waits for sends in flight. Later `log()` calls drop. */
  close(): Promise<void>;
  stats(): ActionLoggerStats;
}
