import { setTimeout as sleep } from 'node:timers/promises';
import {
  ACTION_LOG_LIMITS,
  AppCodeSchema,
  CONTRACT_PARSE,
  ConfigError,
  fieldProblems,
  type RetryPolicy,
  type RirekiError,
  requiredSetting,
  setting,
} from '@rireki/contracts';
import { z } from 'zod';
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

const DEFAULT_BASE_DELAY_MS = 100;

function int(min: number, max: number, fallback: number) {
  return setting(z.int().min(min).max(max), `must be an integer from ${min} to ${max}`, fallback);
}

const BASE_DELAY_MS = int(0, 60_000, DEFAULT_BASE_DELAY_MS);

/** Built per logger: the longest retry wait may not be below the first one given. */
function optionsSchema(baseDelayMs: number) {
  return z.object({
    sqs: requiredSetting(
      z.custom<SqsBatchSender>((value) => typeof (value as { send?: unknown } | null)?.send === 'function'),
      'must be an SQSClient (an object with send())',
    ),
    queueUrl: requiredSetting(z.string().regex(/^https?:\/\/\S+$/), 'must be an http(s) queue URL'),
    app: setting(AppCodeSchema, (issues) => issues.map((issue) => issue.message).join('; '), undefined),
    redactKeys: setting(z.array(z.string()), 'must be an array of strings', DEFAULT_REDACT_KEYS),
    flushIntervalMs: int(1, 24 * 60 * 60 * 1000, 1000),
    maxMessageBytes: int(1024, ACTION_LOG_LIMITS.maxMessageBytes, DEFAULT_MAX_MESSAGE_BYTES),
    maxBufferedEvents: int(1, 10_000_000, 10_000),
    retry: z.object({
      attempts: int(1, 100, 5),
      baseDelayMs: BASE_DELAY_MS,
      maxDelayMs: int(baseDelayMs, 15 * 60 * 1000, Math.max(5000, baseDelayMs)),
    }),
  });
}

/** Applies defaults and checks every option, throwing one ConfigError that names each bad one. */
export function resolveLoggerOptions(options: ActionLoggerOptions): LoggerConfig {
  const retry: RetryOptions = options.retry ?? {};
  const baseDelayMs = BASE_DELAY_MS.safeParse(retry.baseDelayMs).data ?? DEFAULT_BASE_DELAY_MS;
  const parsed = optionsSchema(baseDelayMs).safeParse(
    {
      ...options,
      // Only its three keys are read, so a retry that is no object means the defaults, as it always has.
      retry: { attempts: retry.attempts, baseDelayMs: retry.baseDelayMs, maxDelayMs: retry.maxDelayMs },
    },
    CONTRACT_PARSE,
  );
  if (!parsed.success) throw new ConfigError(fieldProblems(parsed.error));
  const { redactKeys, ...config } = parsed.data;
  return {
    ...config,
    // zod leaves out a key that was missing and stays undefined; the config always has it.
    app: config.app,
    redactKeys: toRedactSet(redactKeys),
    onError: options.onError ?? writeErrorLine,
    clock: options.clock ?? SYSTEM_CLOCK,
  };
}
