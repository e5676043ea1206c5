import type {
  BatchResultErrorEntry,
  SendMessageBatchCommand,
  SendMessageBatchCommandOutput,
  SendMessageBatchRequestEntry,
  SendMessageBatchResultEntry,
} from '@aws-sdk/client-sqs';
import {
  ActionLogEventSchema,
  ActionLogPackSchema,
  CONTENT_ENCODING_ATTRIBUTE,
  decodeBody,
  type RirekiError,
} from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import { createActionLogger } from './createActionLogger.js';
import { ActionLogSendError } from './errors.js';
import type { LoggerClock, SqsBatchSender } from './types.js';

/** What the fake does with one entry of one call: take it, fail it, or (for the whole call) throw. */
type Verdict = 'ok' | 'retryable' | 'senderFault';

/**
 * A hand-written SQS that records every SendMessageBatch and answers per entry as `decide` says.
 * `decide` sees how many times this body was offered before, so a test can fail the first try.
 */
class FakeSqs implements SqsBatchSender {
  readonly calls: SendMessageBatchRequestEntry[][] = [];
  readonly delivered: SendMessageBatchRequestEntry[] = [];
  readonly #offered = new Map<string, number>();
  readonly #decide: (entry: SendMessageBatchRequestEntry, tries: number, call: number) => Verdict | 'throw';

  constructor(
    decide: (entry: SendMessageBatchRequestEntry, tries: number, call: number) => Verdict | 'throw',
  ) {
    this.#decide = decide;
  }

  async send(command: SendMessageBatchCommand): Promise<SendMessageBatchCommandOutput> {
    const entries = command.input.Entries ?? [];
    const call = this.calls.push(entries) - 1;
    const verdicts = entries.map((entry) => {
      const body = entry.MessageBody ?? '';
      const tries = this.#offered.get(body) ?? 0;
      this.#offered.set(body, tries + 1);
      return this.#decide(entry, tries, call);
    });
    if (verdicts.includes('throw'))
      throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    const failed: BatchResultErrorEntry[] = [];
    const successful: SendMessageBatchResultEntry[] = [];
    entries.forEach((entry, index) => {
      const verdict = verdicts[index];
      if (verdict === 'ok') {
        this.delivered.push(entry);
        successful.push({ Id: entry.Id, MessageId: `m-${call}-${index}`, MD5OfMessageBody: 'x' });
      } else {
        failed.push({
          Id: entry.Id,
          SenderFault: verdict === 'senderFault',
          Code: verdict === 'senderFault' ? 'InvalidMessageContents' : 'InternalError',
          Message: 'fake failure',
        });
      }
    });
    return { Successful: successful, Failed: failed, $metadata: {} };
  }

  /** Event ids in the delivered messages, decoded as the worker would. */
  deliveredEventIds(): string[] {
    return this.delivered.flatMap((entry) => {
      const decoded = decodeBody(
        entry.MessageBody ?? '',
        entry.MessageAttributes?.[CONTENT_ENCODING_ATTRIBUTE]?.StringValue,
      );
      if (!decoded.ok) throw new Error(decoded.reason);
      const pack = ActionLogPackSchema.parse(JSON.parse(decoded.text));
      return pack.events.map((event) => String(ActionLogEventSchema.parse(event).eventId));
    });
  }
}

/** A clock whose sleep returns at once and remembers each wait, so backoff is checked, not waited for. */
function recordingClock(): LoggerClock & { readonly sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, now: () => Date.now(), sleep: async (ms) => void sleeps.push(ms) };
}

function setup(sqs: FakeSqs, attempts = 5) {
  const errors: RirekiError[] = [];
  const clock = recordingClock();
  const logger = createActionLogger({
    sqs,
    queueUrl: 'http://127.0.0.1:4566/000000000000/fake',
    app: 'shop',
    flushIntervalMs: 60_000,
    // Small messages: many entries per flush, so a partial failure has something to be partial about.
    maxMessageBytes: 1024,
    retry: { attempts, baseDelayMs: 100, maxDelayMs: 400 },
    onError: (error) => errors.push(error),
    clock,
  });
  const ids = Array.from({ length: 60 }, (_, n) => `e-${n}`);
  return { logger, errors, clock, ids };
}

describe('createActionLogger against a failing SQS', () => {
  it('retries only the entries that failed, and delivers each event exactly once', async () => {
    // Prepare: every odd entry fails on its first two offers.
    const sqs = new FakeSqs((entry, tries) => (Number(entry.Id) % 2 === 1 && tries < 2 ? 'retryable' : 'ok'));
    const { logger, errors, clock, ids } = setup(sqs);

    // Act
    for (const id of ids) logger.log({ eventId: id, path: `/p/${id}` });
    await logger.flush();

    // Assess
    const delivered = sqs.deliveredEventIds();
    expect(delivered).toHaveLength(ids.length);
    expect(new Set(delivered)).toEqual(new Set(ids));
    const retries = sqs.calls.filter((entries) => entries.every((entry) => Number(entry.Id) % 2 === 1));
    expect(retries.length).toBeGreaterThan(0);
    expect(clock.sleeps.length).toBeGreaterThan(0);
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(400);
    expect(errors).toEqual([]);
    expect(logger.stats()).toMatchObject({
      logged: ids.length,
      sent: ids.length,
      failed: 0,
      dropped: 0,
      buffered: 0,
    });
    await logger.close();
  });

  it('retries a call that failed as a whole', async () => {
    // Prepare: the first call breaks, every later one works.
    const sqs = new FakeSqs((_entry, _tries, call) => (call === 0 ? 'throw' : 'ok'));
    const { logger, errors, ids } = setup(sqs);

    // Act
    for (const id of ids) logger.log({ eventId: id });
    await logger.close();

    // Assess
    expect(sqs.deliveredEventIds().sort()).toEqual([...ids].sort());
    expect(errors).toEqual([]);
    expect(logger.stats()).toMatchObject({ sent: ids.length, failed: 0 });
  });

  it('counts events as failed after every attempt, reports them, and log() still never throws', async () => {
    // Prepare
    const sqs = new FakeSqs(() => 'throw');
    const { logger, errors, clock, ids } = setup(sqs, 3);

    // Act
    const logAll = () => {
      for (const id of ids) logger.log({ eventId: id });
    };
    expect(logAll).not.toThrow();
    await logger.flush();

    // Assess
    const batches = sqs.calls.length / 3;
    expect(Number.isInteger(batches)).toBe(true);
    expect(clock.sleeps).toHaveLength(batches * 2);
    expect(errors.length).toBe(batches);
    const sendErrors = errors.filter((error) => error instanceof ActionLogSendError);
    expect(sendErrors).toHaveLength(errors.length);
    expect(sendErrors.reduce((sum, error) => sum + error.count, 0)).toBe(ids.length);
    expect(errors[0]?.message).toMatch(
      /after 3 attempts; last: SendMessageBatch failed: TimeoutError: socket hang up/,
    );
    expect(logger.stats()).toMatchObject({ logged: ids.length, sent: 0, failed: ids.length, buffered: 0 });
    expect(logAll).not.toThrow();
    await logger.close();
  });

  it('does not retry an entry SQS refused as a sender fault', async () => {
    // Prepare
    const sqs = new FakeSqs((entry) => (entry.Id === '0' ? 'senderFault' : 'ok'));
    const { logger, errors } = setup(sqs);

    // Act
    logger.log({ eventId: 'only' });
    await logger.flush();

    // Assess
    expect(sqs.calls).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/InvalidMessageContents/);
    expect(logger.stats()).toMatchObject({ logged: 1, sent: 0, failed: 1, buffered: 0 });
    await logger.close();
  });
});
