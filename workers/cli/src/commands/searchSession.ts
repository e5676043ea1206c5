import type { SQSClient } from '@aws-sdk/client-sqs';
import { resolveQueueUrl } from '@rireki/adapters/sqs';
import { createSearchClient, type PointerReader, type SearchClient } from '@rireki/sdk';
import { resultPointerReader } from '../resultPointerReader.js';

/** How a command reaches the query worker: its search queue, and who asks. */
export interface SearchConnection {
  readonly queue: string;
  readonly timeoutMs: number;
  readonly requester?: { readonly name: string; readonly key: string };
  /** Reads replies left behind a pointer. @defaultValue s3:// with the default credential chain, and file:// */
  readonly readPointer?: PointerReader;
}

/** A command stopped by a signal; its reply queue has been deleted. */
export class SearchInterrupted extends Error {
  override readonly name = 'SearchInterrupted';
  readonly signal: NodeJS.Signals;
  constructor(signal: NodeJS.Signals) {
    super(`interrupted by ${signal}; the reply queue was deleted`);
    this.signal = signal;
  }
}

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * Runs `use` with a search client on the connection's queue. The client's reply queue is deleted
 * on every way out: `use` returning, an error, or Ctrl-C (which would otherwise end the process
 * before the queue is gone, and is then a SearchInterrupted).
 */
export async function withSearchClient<T>(
  sqs: SQSClient,
  connection: SearchConnection,
  use: (client: SearchClient) => Promise<T>,
): Promise<T> {
  let interrupted: NodeJS.Signals | undefined;
  let client: SearchClient | undefined;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= client?.close() ?? Promise.resolve();
    return closing;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = signal;
    // Closing rejects the reply being waited for, which ends `use`.
    if (client) void close();
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  try {
    const searchQueueUrl = await resolveQueueUrl(sqs, connection.queue);
    client = await createSearchClient({
      sqs,
      searchQueueUrl,
      timeoutMs: connection.timeoutMs,
      readPointer: connection.readPointer ?? resultPointerReader(),
      ...(connection.requester === undefined
        ? {}
        : { requester: connection.requester.name, key: connection.requester.key }),
    });
    if (interrupted) throw new SearchInterrupted(interrupted);
    return await use(client);
  } catch (error) {
    if (interrupted) throw new SearchInterrupted(interrupted);
    throw error;
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    await close();
  }
}
