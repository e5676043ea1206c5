import type { Message } from '@aws-sdk/client-sqs';
import { CONTENT_ENCODING_ATTRIBUTE } from '@rireki/contracts';

/**
 * A received ingest message as the worker reads it: its id, body and Content-Encoding attribute,
 * each read once, here. Values SQS left out are empty or undefined.
 */
export interface IngestEnvelope {
  readonly messageId: string;
  readonly body: string;
  /** The Content-Encoding message attribute (`gzip`), or undefined for a plain JSON body. */
  readonly contentEncoding: string | undefined;
}

/** Reads a received SQS message into its envelope. */
export function readIngestEnvelope(message: Message): IngestEnvelope {
  return {
    messageId: message.MessageId ?? '',
    body: message.Body ?? '',
    contentEncoding: message.MessageAttributes?.[CONTENT_ENCODING_ATTRIBUTE]?.StringValue,
  };
}
