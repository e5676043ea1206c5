import { ConfigError } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import { type ActionLoggerOptions, DEFAULT_MAX_MESSAGE_BYTES, resolveLoggerOptions } from './options.js';
import { DEFAULT_REDACT_KEYS } from './redact.js';

const VALID: ActionLoggerOptions = {
  sqs: { send: async () => ({ Successful: [], Failed: [], $metadata: {} }) },
  queueUrl: 'http://127.0.0.1:4566/000000000000/q',
};

function problems(overrides: Record<string, unknown>): string[] {
  try {
    resolveLoggerOptions({ ...VALID, ...overrides } as unknown as ActionLoggerOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error('expected a ConfigError');
}

describe('resolveLoggerOptions', () => {
  it('applies every default', () => {
    const config = resolveLoggerOptions(VALID);

    expect(config).toMatchObject({
      queueUrl: VALID.queueUrl,
      app: undefined,
      flushIntervalMs: 1000,
      maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
      maxBufferedEvents: 10_000,
      retry: { attempts: 5, baseDelayMs: 100, maxDelayMs: 5000 },
    });
    expect(config.redactKeys.size).toBe(DEFAULT_REDACT_KEYS.length);
  });

  it.each([
    [{ flushIntervalMs: 0 }, 'flushIntervalMs: must be an integer from 1 to 86400000 (got 0)'],
    [{ maxBufferedEvents: 1.5 }, 'maxBufferedEvents: must be an integer from 1 to 10000000 (got 1.5)'],
    [{ maxMessageBytes: '4096' }, 'maxMessageBytes: must be an integer from 1024 to 1048576 (got "4096")'],
    [{ queueUrl: 'rireki-ingest' }, 'queueUrl: must be an http(s) queue URL (got "rireki-ingest")'],
    [{ sqs: {} }, 'sqs: must be an SQSClient (an object with send()) (got {})'],
    [{ redactKeys: ['token', 1] }, 'redactKeys: must be an array of strings (got ["token",1])'],
    [
      { app: 'Shop!' },
      'app: must be a lowercase letter followed by up to 62 lowercase letters, digits, "_" or "-" (got "Shop!")',
    ],
    [{ retry: { attempts: 0 } }, 'retry.attempts: must be an integer from 1 to 100 (got 0)'],
  ])('names the option, what was given and what is accepted: %j', (overrides, message) => {
    expect(problems(overrides)).toEqual([message]);
  });

  it('keeps the longest retry wait at or above the first one given', () => {
    expect(problems({ retry: { baseDelayMs: 10_000, maxDelayMs: 2000 } })).toEqual([
      'retry.maxDelayMs: must be an integer from 10000 to 900000 (got 2000)',
    ]);
    expect(resolveLoggerOptions({ ...VALID, retry: { baseDelayMs: 8000 } }).retry.maxDelayMs).toBe(8000);
  });

  it('names every bad option at once', () => {
    expect(problems({ queueUrl: 1, flushIntervalMs: -1, retry: { baseDelayMs: -1 } })).toEqual([
      'queueUrl: must be an http(s) queue URL (got 1)',
      'flushIntervalMs: must be an integer from 1 to 86400000 (got -1)',
      'retry.baseDelayMs: must be an integer from 0 to 60000 (got -1)',
    ]);
  });
});
