import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { resolveQueueUrl } from '@rireki/adapters';
import { createActionLogger } from '@rireki/sdk';

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
  readonly badLines: ReadonlyArray<{ readonly line: number; readonly reason: string }>;
  readonly failed: number;
}

/**
 * Sends one event per JSON line, packed into few SQS messages by the SDK's action logger.
 * Lines that are not JSON objects are reported with their number and skipped; the rest are sent.
 */
export async function runSend(sqs: SQSClient, options: SendOptions): Promise<SendReport> {
  const queueUrl = await resolveQueueUrl(sqs, options.queue);
  const errors: string[] = [];
  const logger = createActionLogger({
    sqs,
    queueUrl,
    ...(options.app === undefined ? {} : { app: options.app }),
    onError: (error) => errors.push(String(error)),
  });
  const input =
    options.file === undefined || options.file === '-' ? process.stdin : createReadStream(options.file);
  const badLines: Array<{ line: number; reason: string }> = [];
  let lineNumber = 0;
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNumber++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      badLines.push({
        line: lineNumber,
        reason: `not JSON: ${error instanceof Error ? error.message : String(error)}`,
      });
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      badLines.push({ line: lineNumber, reason: 'not a JSON object' });
      continue;
    }
    logger.log(value as Record<string, unknown>);
  }
  await logger.close();
  const stats = logger.stats();
  for (const error of errors) process.stderr.write(`rireki send: ${error}\n`);
  return { sent: stats.sent, messages: stats.messagesSent, badLines, failed: stats.failed + stats.dropped };
}
