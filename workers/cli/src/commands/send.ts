import { createReadStream, fstat } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { resolveQueueUrl } from '@rireki/adapters/sqs';
import { ActionLogRejectedError, createActionLogger } from '@rireki/sdk';
import { describeProblems } from './describeProblems.js';
import { startSendProgress } from './sendProgress.js';

export interface SendOptions {
  /** A file of JSON lines; '-' or absent reads standard input. */
  readonly file: string | undefined;
  readonly queue: string;
  /** Fills `app` on events that have none. */
  readonly app: string | undefined;
}

export interface SendReport {
  readonly sent: number;
  readonly messages: number;
  /** Lines not sent: not JSON, not an object, or an event that breaks the contract, with every reason. */
  readonly badLines: ReadonlyArray<{ readonly line: number; readonly reason: string }>;
  readonly failed: number;
}

// The logger holds 10,000 events by default and drops the oldest beyond; a file read faster than
// SQS takes it waits for a flush at half of that instead.
const MAX_BUFFERED_EVENTS = 5000;

/**
 * Sends one event per JSON line, packed into few SQS messages by the SDK's action logger, which
 * checks each event by the ingest worker's rules. Lines that are not JSON objects, and events the
 * worker would quarantine, are reported with their number and reasons and not sent; the rest are.
 */
export async function runSend(sqs: SQSClient, options: SendOptions): Promise<SendReport> {
  const queueUrl = await resolveQueueUrl(sqs, options.queue);
  const errors: string[] = [];
  const badLines: Array<{ line: number; reason: string }> = [];
  let lineNumber = 0;
  const logger = createActionLogger({
    sqs,
    queueUrl,
    ...(options.app === undefined ? {} : { app: options.app }),
    // log() reports a rejected event before it returns, so the line is the one being read.
    onError: (error) => {
      if (error instanceof ActionLogRejectedError)
        badLines.push({ line: lineNumber, reason: describeProblems(error.problems) });
      else errors.push(String(error));
    },
  });
  const fromStdin = options.file === undefined || options.file === '-';
  const input = fromStdin ? process.stdin : createReadStream(options.file as string);
  const progress = startSendProgress(await inputBytes(options.file));
  try {
    for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
      lineNumber++;
      const bad = badLines.length;
      const read = readLine(line);
      if (typeof read === 'string') badLines.push({ line: lineNumber, reason: read });
      else if (read !== undefined) logger.log(read);
      progress.advance(Buffer.byteLength(line) + 1, badLines.length > bad);
      while (logger.stats().buffered >= MAX_BUFFERED_EVENTS) await logger.flush();
    }
    await logger.close();
  } finally {
    progress.stop();
  }
  const stats = logger.stats();
  for (const error of errors) process.stderr.write(`rireki send: ${error}\n`);
  return { sent: stats.sent, messages: stats.messagesSent, badLines, failed: stats.failed + stats.dropped };
}

/** One line as an event, why it is not one, or undefined for a blank line. */
function readLine(line: string): Record<string, unknown> | string | undefined {
  if (line.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return `not JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  return value as Record<string, unknown>;
}

/** The size of the input when it is a regular file (a named file, or stdin redirected from one). */
async function inputBytes(file: string | undefined): Promise<number | undefined> {
  try {
    const stats = file === undefined || file === '-' ? await promisify(fstat)(0) : await stat(file);
    return stats.isFile() ? stats.size : undefined;
  } catch {
    return undefined;
  }
}
