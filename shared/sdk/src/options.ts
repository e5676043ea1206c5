import { setTimeout as sleep } from 'node:timers/promises';
import {
  ACTION_LOG_LIMITS,
  AppCodeSchema,
  ConfigError,
  type FieldProblem,
  type RetryPolicy,
  type RirekiError,
} from '@rireki/contracts';
import { writeErrorLine } from './errors.js';
import { DEFAULT_REDACT_KEYS, toRedactSet } from './redact.js';
import type { LoggerClock, SqsBatchSender } from './types.js';

/** How the logger retries a failed send. */
export interface RetryOptions {
  /** Tries per message, the first one included. @defaultValue 5 */
  readonly attempts?: number;
  /** First retry waits up to this long; each retry doubles it. @defaultValue 100 */
  readonly baseDelayMs?: number;
  /** Longest wait between two tries. @defaultValue 5000 */
  readonly maxDelayMs?: number;
}

/** Options of `createActionLogger`. */
export interface ActionLoggerOptions {
  /** The process's SQSClient (or anything with its `send`), configured once by the app. */
  readonly sqs: SqsBatchSender;
  /** URL of the ingest queue, e.g. `http://127.0.0.1:4566/000000000000/rireki-ingest`. */
  readonly queueUrl: string;
  /** App code put on events that have none; checked against the contract at creation. */
  readonly app?: string;
  /** Keys whose values are replaced by "[REDACTED]" in `params` and `attributes`. @defaultValue DEFAULT_REDACT_KEYS */
  readonly redactKeys?: readonly string[];
  /** How often buffered events are sent. @defaultValue 1000 */
  readonly flushIntervalMs?: number;
  /** Largest SQS message the logger sends, gzip'd and base64'd size counted. At most 1 MiB. @defaultValue 262144 */
  readonly maxMessageBytes?: number;
  /** Events held while SQS is slow or down; beyond it the oldest are dropped. @defaultValue 10000 */
  readonly maxBufferedEvents?: number;
  readonly retry?: RetryOptions;
  /** Told of every problem; must not throw. @defaultValue one line on stderr */
  readonly onError?: (error: RirekiError) => void;
  /** @defaultValue the system clock */
  readonly clock?: LoggerClock;
}

/** The options with every default applied. */
export interface LoggerConfig {
  readonly sqs: SqsBatchSender;
  readonly queueUrl: string;
  readonly app: string | undefined;
  readonly redactKeys: ReadonlySet<string>;
  readonly flushIntervalMs: number;
  readonly maxMessageBytes: number;
  readonly maxBufferedEvents: number;
  readonly retry: RetryPolicy;
  readonly onError: (error: RirekiError) => void;
  readonly clock: LoggerClock;
}

/** Default `maxMessageBytes`: 256 KiB, the limit SQS had for years and many queues still set. */
export const DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;

const SYSTEM_CLOCK: LoggerClock = { now: () => Date.now(), sleep: (ms) => sleep(ms) };

/** Applies defaults and checks every option, throwing one ConfigError that names each bad one. */
export function resolveLoggerOptions(options: ActionLoggerOptions): LoggerConfig {
  const problems: FieldProblem[] = [];
  const int = (
    path: string,
    value: number | undefined,
    min: number,
    max: number,
    fallback: number,
  ): number => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push({ path, message: `must be an integer from ${min} to ${max} (got ${String(value)})` });
    }
    return value;
  };

  if (typeof options.sqs?.send !== 'function') {
    problems.push({ path: 'sqs', message: 'must be an SQSClient (an object with send())' });
  }
  if (typeof options.queueUrl !== 'string' || !/^https?:\/\/\S+$/.test(options.queueUrl)) {
    problems.push({
      path: 'queueUrl',
      message: `must be an http(s) queue URL (got ${JSON.stringify(options.queueUrl)})`,
    });
  }
  if (options.app !== undefined) {
    const parsed = AppCodeSchema.safeParse(options.app);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((issue) => issue.message).join('; ');
      problems.push({ path: 'app', message: `${reason} (got ${JSON.stringify(options.app)})` });
    }
  }
  const redactKeys = options.redactKeys ?? DEFAULT_REDACT_KEYS;
  if (!Array.isArray(redactKeys) || redactKeys.some((key) => typeof key !== 'string')) {
    problems.push({ path: 'redactKeys', message: 'must be an array of strings' });
  }
  const retry = options.retry ?? {};
  const baseDelayMs = int('retry.baseDelayMs', retry.baseDelayMs, 0, 60_000, 100);
  const config: LoggerConfig = {
    sqs: options.sqs,
    queueUrl: options.queueUrl,
    app: options.app,
    redactKeys: toRedactSet(
      Array.isArray(redactKeys) ? redactKeys.filter((key) => typeof key === 'string') : [],
    ),
    flushIntervalMs: int('flushIntervalMs', options.flushIntervalMs, 1, 24 * 60 * 60 * 1000, 1000),
    maxMessageBytes: int(
      'maxMessageBytes',
      options.maxMessageBytes,
      1024,
      ACTION_LOG_LIMITS.maxMessageBytes,
      DEFAULT_MAX_MESSAGE_BYTES,
    ),
    maxBufferedEvents: int('maxBufferedEvents', options.maxBufferedEvents, 1, 10_000_000, 10_000),
    retry: {
      attempts: int('retry.attempts', retry.attempts, 1, 100, 5),
      baseDelayMs,
      maxDelayMs: int(
        'retry.maxDelayMs',
        retry.maxDelayMs,
        baseDelayMs,
        15 * 60 * 1000,
        Math.max(5000, baseDelayMs),
      ),
    },
    onError: options.onError ?? writeErrorLine,
    clock: options.clock ?? SYSTEM_CLOCK,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
