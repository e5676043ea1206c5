import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { encodeBody } from '@rireki/contracts';

/** Sends the events the way producers do: some alone, most packed, some packs gzip'd. */
export async function sendMixed(
  sqs: SQSClient,
  queueUrl: string,
  events: Array<Record<string, unknown>>,
): Promise<void> {
  const entries: SendMessageBatchRequestEntry[] = [];
  let i = 0;
  while (i < events.length) {
    const size = entries.length % 3 === 0 ? 1 : 60;
    const slice = events.slice(i, i + size);
    i += size;
    const encoded = encodeBody(slice.length === 1 ? slice[0] : { events: slice }, {
      gzip: entries.length % 2 === 0 ? true : 'auto',
    });
    entries.push({
      Id: String(entries.length),
      MessageBody: encoded.body,
      ...(encoded.contentEncoding
        ? {
            MessageAttributes: {
              'Content-Encoding': { DataType: 'String', StringValue: encoded.contentEncoding },
            },
          }
        : {}),
    });
  }
  const sends: Array<Promise<unknown>> = [];
  for (let start = 0; start < entries.length; start += 10) {
    const batch = entries.slice(start, start + 10).map((entry, n) => ({ ...entry, Id: String(n) }));
    sends.push(
      sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: batch })).then((result) => {
        if (result.Failed?.length) throw new Error(`send failed: ${JSON.stringify(result.Failed)}`);
      }),
    );
  }
  await Promise.all(sends);
}
