import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SearchRequestInput } from '@rireki/contracts';
import type { SearchClient, SearchPage } from '@rireki/sdk';
import { type CursorRange, printedCursor } from './searchCursor.js';
import { createSearchOutput, type OutputFormat } from './searchOutput.js';
import { type SearchConnection, withSearchClient } from './searchSession.js';

export interface SearchCommandOptions extends SearchConnection {
  readonly request: SearchRequestInput;
  /** The range printed into each cursor. */
  readonly range: CursorRange;
  /** Follow nextCursor to the last page. */
  readonly all: boolean;
  readonly format: OutputFormat;
  readonly columns: readonly string[];
  readonly zone: string;
}

/**
 * Runs a search through the SQS request-reply path, as any other requester would, writing each
 * page as it arrives; the reply queue goes on every way out (withSearchClient).
 */
export function runSearchCommand(
  sqs: SQSClient,
  options: SearchCommandOptions,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<void> {
  return withSearchClient(sqs, options, (client) => writePages(client, options, out, err));
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
