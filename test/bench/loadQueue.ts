import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { encodeBody } from '@rireki/contracts';

/** Message bodies holding `perMessage` events each (a single event is sent bare, as apps do). */
export function messageBodies(events: ReadonlyArray<Record<string, unknown>>, perMessage: number): string[] {
  const bodies: string[] = [];
  for (let i = 0; i < events.length; i += perMessage) {
    const slice = events.slice(i, i + perMessage);
    bodies.push(encodeBody(slice.length === 1 ? slice[0] : { events: slice }, { gzip: false }).body);
  }
  return bodies;
}

/** Sends the bodies in batch calls of 10, `parallel` calls in flight. */
export async function sendBodies(
  sqs: SQSClient,
  queueUrl: string,
  bodies: readonly string[],
  parallel = 32,
): Promise<void> {
  const batches: Array<Promise<unknown>> = [];
  for (let i = 0; i < bodies.length; i += 10) {
    batches.push(
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: bodies.slice(i, i + 10).map((body, n) => ({ Id: String(n), MessageBody: body })),
        }),
      ),
    );
    if (batches.length >= parallel) await Promise.all(batches.splice(0));
  }
  await Promise.all(batches);
}
