import { ERROR_CODES, type FieldProblem, formatProblems, RirekiError } from '@rireki/contracts';

/** Why the logger discarded events without sending them. */
export const DROP_REASONS = {
  /** `log()` was given something that is not an object. */
  notAnObject: 'notAnObject',
  /** `log()` was called after `close()`. */
  closed: 'closed',
  /** The buffer was full, so the oldest events made room for new ones. */
  bufferFull: 'bufferFull',
  /** One event alone encodes to more than `maxMessageBytes`. */
  tooLarge: 'tooLarge',
  /** The event cannot be written as JSON (a BigInt, a cycle, a throwing getter). */
  unserializable: 'unserializable',
} as const;

export type DropReason = (typeof DROP_REASONS)[keyof typeof DROP_REASONS];

// Content problems fail the same way every time; a full buffer or a closed logger is about the
// queue, not the event.
const CONTENT_REASONS: ReadonlySet<DropReason> = new Set([
  DROP_REASONS.notAnObject,
  DROP_REASONS.tooLarge,
  DROP_REASONS.unserializable,
]);

/**
 * Events the logger discarded without trying to send them; `count` says how many.
 *
 * @example
 * ```ts
 * onError: (error) => {
 *   if (error instanceof ActionLogDroppedError && error.reason === 'bufferFull') metrics.increment('rireki.dropped', error.count);
 * }
 * ```
 */
export class ActionLogDroppedError extends RirekiError {
  override readonly name = 'ActionLogDroppedError';
  readonly reason: DropReason;
  readonly count: number;

  constructor(reason: DropReason, count: number, message: string, options: ErrorOptions = {}) {
    super(
      CONTENT_REASONS.has(reason) ? ERROR_CODES.validationFailed : ERROR_CODES.queueFailed,
      message,
      options,
    );
    this.reason = reason;
    this.count = count;
  }
}

/**
 * Events SQS did not take after every attempt: they are lost, and `stats().failed` counts them.
 *
 * @example
 * ```ts
 * onError: (error) => {
 *   if (error instanceof ActionLogSendError) alert(`lost ${error.count} action-log events: ${error.message}`);
 * }
 * ```
 */
export class ActionLogSendError extends RirekiError {
  override readonly name = 'ActionLogSendError';
  /** Events lost. */
  readonly count: number;
  /** SQS messages those events were packed in. */
  readonly messages: number;

  constructor(count: number, messages: number, message: string, options: ErrorOptions = {}) {
    // Not retryable: the logger has used its attempts, and nothing the caller does brings these events back.
    super(ERROR_CODES.queueFailed, message, options);
    this.count = count;
    this.messages = messages;
  }
}

/**
 * An event that breaks the action-log contract, so the ingest worker would quarantine it: the
 * logger does not send it, and `stats().rejected` counts it. `problems` names each field and what
 * is wrong with it, by the same rules the worker applies.
 *
 * @example
 * ```ts
 * onError: (error) => {
 *   if (error instanceof ActionLogRejectedError) logger.warn({ eventId: error.eventId, problems: error.problems }, 'bad action log');
 * }
 * ```
 */
export class ActionLogRejectedError extends RirekiError {
  override readonly name = 'ActionLogRejectedError';
  /** Every problem of the event, each with its field (`status`, `attributes.orderId`, `''` for the whole event). */
  readonly problems: readonly FieldProblem[];
  /** The event's eventId (given, or the one the logger assigned). */
  readonly eventId: string | undefined;

  constructor(problems: readonly FieldProblem[], eventId: string | undefined) {
    // Not retryable: the same event fails the same way every time.
    super(
      ERROR_CODES.validationFailed,
      `event ${eventId ?? '(no eventId)'} breaks the action-log contract and was not sent: ${formatProblems(problems)}`,
    );
    this.problems = problems;
    this.eventId = eventId;
  }
}

/** The default `onError`: one line on stderr, so a logging problem is seen but never breaks the app. */
export function writeErrorLine(error: RirekiError): void {
  const message = error.message.replace(/\s*\n\s*/g, '; ');
  process.stderr.write(`[rireki-sdk] ${error.name} ${error.code}: ${message}\n`);
}
