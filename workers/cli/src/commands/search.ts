import type { SQSClient } from '@aws-sdk/client-sqs';
import { resolveQueueUrl } from '@rireki/adapters/sqs';
import type { SearchRequestInput } from '@rireki/contracts';
import { createSearchClient, type SearchClient, type SearchPage } from '@rireki/sdk';
import { type CursorRange, printedCursor } from './searchCursor.js';
import { createSearchOutput, type OutputFormat } from './searchOutput.js';

export interface SearchCommandOptions {
  readonly queue: string;
  readonly request: SearchRequestInput;
  /** The range printed into each cursor. */
  readonly range: CursorRange;
  /** Follow nextCursor to the last page. */
  readonly all: boolean;
  readonly format: OutputFormat;
  readonly columns: readonly string[];
  readonly zone: string;
  readonly timeoutMs: number;
  readonly requester?: { readonly name: string; readonly key: string };
}

/** A search stopped by a signal; its reply queue has been deleted. */
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
 * Runs a search through the SQS request-reply path, as any other requester would, writing each
 * page as it arrives. The client's reply queue is deleted on every way out: the last page, an
 * error, or Ctrl-C (which would otherwise end the process before the queue is gone).
 */
export async function runSearchCommand(
  sqs: SQSClient,
  options: SearchCommandOptions,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<void> {
  let interrupted: NodeJS.Signals | undefined;
  let client: SearchClient | undefined;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= client?.close() ?? Promise.resolve();
    return closing;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = signal;
    // Closing rejects the reply being waited for, which ends the loop below.
    if (client) void close();
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  try {
    const searchQueueUrl = await resolveQueueUrl(sqs, options.queue);
    client = await createSearchClient({
      sqs,
      searchQueueUrl,
      timeoutMs: options.timeoutMs,
      ...(options.requester === undefined
        ? {}
        : { requester: options.requester.name, key: options.requester.key }),
    });
    if (interrupted) throw new SearchInterrupted(interrupted);
    await writePages(client, options, out, err);
  } catch (error) {
    if (interrupted) throw new SearchInterrupted(interrupted);
    throw error;
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    await close();
  }
}

async function writePages(
  client: SearchClient,
  options: SearchCommandOptions,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<void> {
  const output = createSearchOutput({
    format: options.format,
    columns: options.columns,
    zone: options.zone,
    out,
    err,
  });
  let rows = 0;
  let first: SearchPage | undefined;
  let last: SearchPage | undefined;
  const pages = options.all ? client.pages(options.request) : single(client, options.request);
  for await (const page of pages) {
    first ??= page;
    last = page;
    rows += page.rows.length;
    output.page(page.rows);
  }
  output.end({
    rows,
    total: first?.total,
    nextCursor: last?.nextCursor ? printedCursor(options.range, last.nextCursor) : null,
    stats: last?.stats,
  });
}

async function* single(client: SearchClient, request: SearchRequestInput): AsyncIterable<SearchPage> {
  yield await client.search(request);
}
