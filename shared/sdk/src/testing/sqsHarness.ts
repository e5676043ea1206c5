import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { createSqsClient, type EmbeddedSqs, startEmbeddedSqs } from '@rireki/adapters';
import {
  ActionLogEventSchema,
  ActionLogPackSchema,
  CONTENT_ENCODING_ATTRIBUTE,
  decodeBody,
  type ParsedActionLogEvent,
} from '@rireki/contracts';

// Test-only: the real embedded SQS endpoint, a fresh queue per test, and the way back from
// messages to contract-checked events. Not part of the build (see tsconfig.build.json).

export interface SqsHarness {
  readonly sqs: SQSClient;
  createQueue(): Promise<string>;
  stop(): Promise<void>;
}

export async function startSqsHarness(): Promise<SqsHarness> {
  const embedded: EmbeddedSqs = await startEmbeddedSqs({ port: 0 });
  const sqs = createSqsClient({
    endpoint: embedded.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  return {
    sqs,
    async createQueue() {
      const name = `sdk-test-${randomUUID().slice(0, 8)}`;
      const created = await sqs.send(new CreateQueueCommand({ QueueName: name }));
      if (created.QueueUrl === undefined) throw new Error(`no QueueUrl for ${name}`);
      return created.QueueUrl;
    },
    async stop() {
      sqs.destroy();
      await embedded.stop();
    },
  };
}

export interface ReceivedMessage {
  readonly body: string;
  readonly contentEncoding: string | undefined;
  readonly events: ParsedActionLogEvent[];
}

/**
 * Receives messages until `done` holds for the events so far or the deadline passes, then once
 * more to catch anything extra (a duplicate). Each body is decoded and checked with the contract.
 */
export async function receiveEvents(
  sqs: SQSClient,
  queueUrl: string,
  done: (events: readonly ParsedActionLogEvent[]) => boolean,
  timeoutMs = 10_000,
): Promise<{ messages: ReceivedMessage[]; events: ParsedActionLogEvent[] }> {
  const messages: ReceivedMessage[] = [];
  const events: ParsedActionLogEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  let settled = false;
  for (;;) {
    const output = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: settled ? 0 : 1,
        MessageAttributeNames: ['All'],
      }),
    );
    for (const message of output.Messages ?? []) {
      const received = decodeMessage(
        message.Body ?? '',
        message.MessageAttributes?.[CONTENT_ENCODING_ATTRIBUTE]?.StringValue,
      );
      messages.push(received);
      events.push(...received.events);
    }
    if (settled && (output.Messages ?? []).length === 0) return { messages, events };
    if (!settled && (done(events) || Date.now() > deadline)) settled = true;
  }
}

function decodeMessage(body: string, contentEncoding: string | undefined): ReceivedMessage {
  const decoded = decodeBody(body, contentEncoding);
  if (!decoded.ok) throw new Error(`undecodable message: ${decoded.reason}`);
  const pack = ActionLogPackSchema.parse(JSON.parse(decoded.text));
  return { body, contentEncoding, events: pack.events.map((event) => ActionLogEventSchema.parse(event)) };
}
