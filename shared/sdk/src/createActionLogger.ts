import { type RirekiError, SQS_LIMITS, toRirekiError } from '@rireki/contracts';
import { BoundedQueue } from './BoundedQueue.js';
import { checkEvent } from './checkEvent.js';
import { ActionLogDroppedError, ActionLogRejectedError, DROP_REASONS, type DropReason } from './errors.js';
import { type ActionLoggerOptions, resolveLoggerOptions } from './options.js';
import { type PackedMessage, packEvents } from './packEvents.js';
import { prepareEvent } from './prepareEvent.js';
import { type SendContext, sendMessages } from './sendMessages.js';
import { singleFlight } from './singleFlight.js';
import type { ActionLogger, ActionLoggerStats } from './types.js';

// Events taken per send step before the logger has learned how many fill one SendMessageBatch.
const FIRST_STEP_EVENTS = 1000;
const BATCH_ENTRIES = SQS_LIMITS.batchEntries;
const BATCH_BYTES = SQS_LIMITS.batchBytes;

/**
 * Creates the action logger of a Node app: `log()` queues an event in memory and returns at once;
 * a timer (and a full batch's worth of events) sends them packed as `{"events": [...]}` with
 * SendMessageBatch. Throws a ConfigError naming each bad option. `log()` checks each event by the
 * ingest worker's own rules; one the worker would quarantine is not sent but counted as
 * `rejected` and reported to `onError`, before `log()` returns, as an `ActionLogRejectedError`.
 *
 * @example
 * ```ts
 * import { SQSClient } from '@aws-sdk/client-sqs';
 * import { createActionLogger } from '@rireki/sdk';
 *
 * const logger = createActionLogger({
 *   sqs: new SQSClient({}),
 *   queueUrl: 'http://127.0.0.1:4566/000000000000/rireki-ingest',
 *   app: 'shop',
 * });
 * logger.log({ action: 'OrderController@store', method: 'POST', path: '/orders', status: 201, userId: 42 });
 * process.once('SIGTERM', () => void logger.close().then(() => process.exit(0)));
 * ```
 */
export function createActionLogger(options: ActionLoggerOptions): ActionLogger {
  const config = resolveLoggerOptions(options);
  const buffer = new BoundedQueue<Record<string, unknown>>(config.maxBufferedEvents);
  const sendContext: SendContext = {
    sqs: config.sqs,
    queueUrl: config.queueUrl,
    retry: config.retry,
    sleep: (ms) => config.clock.sleep(ms),
  };
  const prepareContext = { app: config.app, redactKeys: config.redactKeys, now: () => config.clock.now() };
  const counts = { logged: 0, sent: 0, dropped: 0, rejected: 0, failed: 0, messagesSent: 0 };
  let inFlight = 0;
  let evicted = 0;
  let stepEvents = Math.min(FIRST_STEP_EVENTS, config.maxBufferedEvents);
  let earlyFlushScheduled = false;
  let closing: Promise<void> | undefined;
  let droppedAfterClose = 0;

  const report = (error: RirekiError): void => {
    try {
      config.onError(error);
    } catch {
      // A throwing onError must not turn a logging problem into a failed request.
    }
  };

  const drop = (reason: DropReason, message: string): void => {
    counts.dropped += 1;
    report(new ActionLogDroppedError(reason, 1, message));
  };

  // Evictions happen per log() call; reporting each would flood onError exactly when SQS is down.
  const reportEvictions = (): void => {
    if (evicted === 0) return;
    const count = evicted;
    evicted = 0;
    report(
      new ActionLogDroppedError(
        DROP_REASONS.bufferFull,
        count,
        `dropped the ${count} oldest events: the buffer holds at most ${config.maxBufferedEvents} (maxBufferedEvents) and SQS did not keep up`,
      ),
    );
  };

  // Learns how many events fill one SendMessageBatch, so a step sends about one full batch.
  const learnStepSize = (messages: readonly PackedMessage[]): void => {
    const bytes = messages.reduce((sum, message) => sum + message.sizeBytes, 0);
    const events = messages.reduce((sum, message) => sum + message.eventCount, 0);
    if (bytes === 0 || events === 0) return;
    const batchBytes = Math.min(BATCH_BYTES, BATCH_ENTRIES * config.maxMessageBytes);
    const fit = Math.floor(((events * batchBytes) / bytes) * 0.9);
    stepEvents = Math.max(1, Math.min(config.maxBufferedEvents, fit));
  };

  const sendStep = async (events: readonly Record<string, unknown>[]): Promise<void> => {
    let unresolved = events.length;
    inFlight += unresolved;
    const settle = (count: number): void => {
      unresolved -= count;
      inFlight -= count;
    };
    try {
      const messages = packEvents(events, config.maxMessageBytes, (error) => {
        settle(1);
        counts.dropped += 1;
        report(error);
      });
      learnStepSize(messages);
      await sendMessages(sendContext, messages, {
        sent: (message) => {
          settle(message.eventCount);
          counts.sent += message.eventCount;
          counts.messagesSent += 1;
        },
        lost: (lost, error) => {
          const lostEvents = lost.reduce((sum, message) => sum + message.eventCount, 0);
          settle(lostEvents);
          counts.failed += lostEvents;
          report(error);
        },
      });
    } catch (error) {
      // Not expected (sendMessages catches SQS errors); the logger must stay usable all the same.
      report(toRirekiError(error));
    } finally {
      counts.failed += unresolved;
      settle(unresolved);
    }
  };

  const drain = async (): Promise<void> => {
    reportEvictions();
    // Only what was buffered when the flush began: a busy app must not keep one flush alive forever.
    let remaining = buffer.size;
    while (remaining > 0 && buffer.size > 0) {
      const events = buffer.take(Math.min(remaining, stepEvents));
      remaining -= events.length;
      await sendStep(events);
    }
    reportEvictions();
  };

  const flush = singleFlight(drain);

  const scheduleEarlyFlush = (): void => {
    if (earlyFlushScheduled) return;
    earlyFlushScheduled = true;
    // Packing compresses; setImmediate keeps that out of the request that logged the event.
    setImmediate(() => {
      earlyFlushScheduled = false;
      void flush();
    });
  };

  const timer = setInterval(() => {
    if (buffer.size > 0 || evicted > 0) void flush();
  }, config.flushIntervalMs);
  // A logger alone must never keep the process alive; close() sends what is left.
  timer.unref();

  return {
    log(event) {
      try {
        counts.logged += 1;
        if (closing !== undefined) {
          counts.dropped += 1;
          droppedAfterClose += 1;
          // Requests still finishing during shutdown may log many; the first one tells the story.
          if (droppedAfterClose === 1) {
            report(
              new ActionLogDroppedError(
                DROP_REASONS.closed,
                1,
                'log() was called after close(); the event was dropped',
              ),
            );
          }
          return;
        }
        if (typeof event !== 'object' || event === null || Array.isArray(event)) {
          const kind = event === null ? 'null' : Array.isArray(event) ? 'an array' : typeof event;
          drop(DROP_REASONS.notAnObject, `log() takes an event object, got ${kind}; it was dropped`);
          return;
        }
        const prepared = prepareEvent(event, prepareContext);
        // Checked here, not at send time, so that the app's onError hears of it inside the call.
        const refusal = checkEvent(prepared, config.clock.now());
        if (refusal !== undefined) {
          if (refusal instanceof ActionLogRejectedError) counts.rejected += 1;
          else counts.dropped += 1;
          report(refusal);
          return;
        }
        if (buffer.push(prepared)) {
          counts.dropped += 1;
          evicted += 1;
        }
        // Half the buffer at most, so the early flush starts before evictions do.
        if (buffer.size >= Math.min(stepEvents, Math.ceil(config.maxBufferedEvents / 2)))
          scheduleEarlyFlush();
      } catch (error) {
        // A throwing getter on the event, say: count and report it, never throw into the request.
        counts.dropped += 1;
        report(toRirekiError(error));
      }
    },
    flush,
    close() {
      closing ??= (async () => {
        clearInterval(timer);
        await flush();
      })();
      return closing;
    },
    stats(): ActionLoggerStats {
      return { ...counts, buffered: buffer.size + inFlight };
    },
  };
}
