import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import { CONTENT_ENCODING_ATTRIBUTE, encodeBody, type LakeRow } from '@rireki/contracts';
import { RECEIVED_AT_MS } from '@rireki/contracts/testing';

/** Test inputs for the ingest worker. Not exported from the package. */

export { actionLogFactory, RECEIVED_AT_MS } from '@rireki/contracts/testing';

/** An SQS message as ReceiveMessage returns it, carrying `value` encoded like a producer would. */
export function sqsMessageFactory(
  value: unknown,
  options: { messageId?: string; gzip?: boolean; receiptHandle?: string } = {},
): Message {
  const encoded = encodeBody(value, { gzip: options.gzip ?? false });
  const attributes: Record<string, MessageAttributeValue> = {};
  if (encoded.contentEncoding) {
    attributes[CONTENT_ENCODING_ATTRIBUTE] = { DataType: 'String', StringValue: encoded.contentEncoding };
  }
  return {
    MessageId: options.messageId ?? 'msg-1',
    ReceiptHandle: options.receiptHandle ?? `rh-${options.messageId ?? 'msg-1'}`,
    Body: encoded.body,
    MessageAttributes: attributes,
  };
}

/** A lake row with every column set, with any column replaced. */
export function lakeRowFactory(columns: Partial<LakeRow> = {}): LakeRow {
  return {
    event_id: 'evt-1',
    occurred_at: Date.parse('2026-11-23T23:30:00Z'),
    received_at: RECEIVED_AT_MS,
    action: 'OrderController@store',
    method: 'POST',
    path: '/orders',
    status: 201,
    duration_ms: 12.5,
    user_id: 'u-1',
    ip: null,
    user_agent: null,
    params: null,
    attributes: null,
    extra: null,
    ...columns,
  };
}
