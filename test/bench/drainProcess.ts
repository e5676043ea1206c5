import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { createSqsClient } from '@rireki/adapters';
import { TEST_CREDENTIALS, TEST_REGION } from '../support/localQueues.js';

// `tsx drainProcess.ts <endpoint> <queueUrl> <messages> <loops>`: receives and deletes `messages`
// messages in batches of 10 with nothing else to do, in its own process as a worker runs, and
// prints {"rate", "cpuPercent", "requests"} as one JSON line. It is what one Node process with the
// AWS SDK can drain from the embedded broker: the ceiling a single-event worker is judged against.

const [endpoint, queueUrl, messagesArg, loopsArg] = process.argv.slice(2);
if (endpoint === undefined || queueUrl === undefined)
  throw new Error('usage: drainProcess <endpoint> <queueUrl> <messages> <loops>');
const messages = Number(messagesArg);
const sqs = createSqsClient({ endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS });
let deleted = 0;
let requests = 0;
const deadline = performance.now() + 300_000;
const loop = async () => {
  while (deleted < messages && performance.now() < deadline) {
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    requests++;
    const entries = (received.Messages ?? []).map((m, n) => ({
      Id: String(n),
      ReceiptHandle: m.ReceiptHandle,
    }));
    if (entries.length === 0) continue;
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    requests++;
    deleted += entries.length;
  }
};
// The first call pays for connection setup and lazy SDK loading, as a worker's first receive does.
await sqs.send(
  new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, VisibilityTimeout: 0 }),
);
const cpuBefore = process.cpuUsage();
const started = performance.now();
await Promise.all(Array.from({ length: Number(loopsArg ?? 4) }, loop));
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
sqs.destroy();
if (deleted < messages) throw new Error(`drained ${deleted} of ${messages} messages before the deadline`);
console.log(
  JSON.stringify({
    rate: deleted / seconds,
    cpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
    requests,
  }),
);
