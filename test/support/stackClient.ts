import type { SQSClient } from '@aws-sdk/client-sqs';
import { createSqsClient } from '@rireki/adapters';
import type { SearchRequestInput } from '@rireki/contracts';
import { createSearchClient } from '@rireki/sdk';
import { TEST_CREDENTIALS, TEST_REGION } from './localQueues.js';
import { followEveryPage, type SearchedEverything } from './searchEverything.js';

/** The queue URLs a `rireki up` on `port` provisions. */
export function stackQueueUrls(port: number) {
  const url = (name: string) => `http://sqs.${TEST_REGION}.localhost:${port}/000000000000/${name}`;
  return {
    ingest: url('rireki-ingest'),
    ingestDlq: url('rireki-ingest-dlq'),
    search: url('rireki-search'),
    searchDlq: url('rireki-search-dlq'),
  } as const;
}

/** An SQS client for the embedded endpoint of a `rireki up` on `port`. */
export function stackSqs(port: number): SQSClient {
  return createSqsClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
  });
}

/** Follows every page of one search (with its total) through the stack's own query worker. */
export async function searchStack(
  sqs: SQSClient,
  port: number,
  request: Omit<SearchRequestInput, 'cursor' | 'includeTotal'>,
): Promise<SearchedEverything> {
  const client = await createSearchClient({
    sqs,
    searchQueueUrl: stackQueueUrls(port).search,
    timeoutMs: 60_000,
  });
  try {
    return await followEveryPage(client, request);
  } finally {
    await client.close();
  }
}
