import { randomUUID } from 'node:crypto';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import {
  backoffDelay,
  QUARANTINE_REQUEST_KIND,
  type QuarantineListOkReply,
  type QuarantineListRequestInput,
  SEARCH_ATTRIBUTES,
  type SearchOkReply,
  type SearchReply,
  type SearchRequestInput,
  type SearchRow,
  signSearchRequest,
} from '@rireki/contracts';
import { parsePointedReply, parseQuarantineReply, parseReply } from './parseReply.js';
import { type PointerReader, readFilePointer } from './readPointer.js';
import { SearchReplyError } from './SearchReplyError.js';

/** Waits after failed receives from the reply queue in a row: below 0.5 s, then up to 5 s. */
const RECEIVE_RETRY = { baseDelayMs: 500, maxDelayMs: 5_000 } as const;

export interface SearchClientOptions {
  readonly sqs: SQSClient;
  /** URL of the search queue (rireki-search). */
  readonly searchQueueUrl: string;
  /** Signed access: this client's requester name and key, as configured in the query worker. */
  readonly requester?: string;
  readonly key?: string;
  /**
   * Name of the reply queue the client creates, and deletes on close(). It must match the query
   * worker's RIREKI_REPLY_QUEUES. @defaultValue rireki-reply-<random>
   */
  readonly replyQueueName?: string;
  /** Time to wait for a reply. @defaultValue 30000 */
  readonly timeoutMs?: number;
  /** Reads the full reply behind a pointer; file:// is built in. */
  readonly readPointer?: PointerReader;
  /** Receive loops on the reply queue. @defaultValue 2 */
  readonly receivers?: number;
}

/** One page of results. */
export type SearchPage = Omit<SearchOkReply, 'ok'>;

/** One page of quarantined records. */
export type QuarantinePage = Omit<QuarantineListOkReply, 'ok' | 'kind'>;

/** A quarantine list request as the client takes it: the contract's, without its `kind`. */
export type QuarantineQuery = Omit<QuarantineListRequestInput, 'kind'>;

export interface SearchClient {
  /** The reply queue this client receives on. */
  readonly replyQueueUrl: string;
  /** Runs one search and resolves with its page; rejects with SearchReplyError on `ok: false` or timeout. */
  search(request: SearchRequestInput, options?: { readonly timeoutMs?: number }): Promise<SearchPage>;
  /** Every page of a search, following nextCursor. */
  pages(request: SearchRequestInput, options?: { readonly timeoutMs?: number }): AsyncIterable<SearchPage>;
  /** Every row of a search, page after page. */
  rows(request: SearchRequestInput, options?: { readonly timeoutMs?: number }): AsyncIterable<SearchRow>;
  /**
   * One page of quarantined records (invalid input kept by the ingest worker), oldest first, of
   * the apps this requester may search; rejects with SearchReplyError like a search.
   *
   * @example
   * const page = await client.quarantine({ app: 'shop', from: '2026-11-20', to: '2026-11-24', reason: 'status' });
   * for (const record of page.records) console.log(record.file, record.line, record.problems);
   */
  quarantine(request: QuarantineQuery, options?: { readonly timeoutMs?: number }): Promise<QuarantinePage>;
  /** Stops receiving, fails searches still waiting, and deletes the reply queue. */
  close(): Promise<void>;
}

interface Pending {
  /** Resolves with the reply's body, parsed by the caller. */
  resolve(body: string): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * A request-reply client for rireki searches over SQS. It creates its own reply queue, sends each
 * search with ReplyTo and a fresh CorrelationId, and matches replies by that id, so one client
 * carries many searches at once.
 *
 * @example
 * const client = await createSearchClient({ sqs, searchQueueUrl });
 * const page = await client.search({ app: 'shop', from: '2026-11-01T00:00:00Z', to: '2026-11-24T00:00:00Z',
 *   filters: { userId: '42' }, includeTotal: true });
 * console.log(page.total, page.rows[0]);
 * await client.close();
 */
export async function createSearchClient(options: SearchClientOptions): Promise<SearchClient> {
  if ((options.requester === undefined) !== (options.key === undefined)) {
    throw new Error('createSearchClient: requester and key go together (signed access)');
  }
  const { sqs } = options;
  const readPointer = options.readPointer ?? readFilePointer;
  const defaultTimeoutMs = options.timeoutMs ?? 30_000;
  const created = await sqs.send(
    new CreateQueueCommand({
      QueueName: options.replyQueueName ?? `rireki-reply-${randomUUID()}`,
      // Replies nobody collects (a client that died) expire after a minute, SQS's minimum.
      Attributes: { MessageRetentionPeriod: '60', ReceiveMessageWaitTimeSeconds: '20' },
    }),
  );
  const replyQueueUrl = created.QueueUrl;
  if (replyQueueUrl === undefined) throw new Error('SQS returned no URL for the reply queue');

  const pending = new Map<string, Pending>();
  const abort = new AbortController();
  let closed = false;

  const deliver = async (message: Message) => {
    const correlationId = message.MessageAttributes?.[SEARCH_ATTRIBUTES.correlationId]?.StringValue;
    const waiting = correlationId === undefined ? undefined : pending.get(correlationId);
    if (!waiting || correlationId === undefined) return; // late reply of a search that timed out
    pending.delete(correlationId);
    clearTimeout(waiting.timer);
    waiting.resolve(message.Body ?? '');
  };

  let failures = 0;
  const receiveLoop = async () => {
    while (!closed) {
      try {
        const result = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: replyQueueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: pending.size > 0 ? 20 : 2,
            MessageAttributeNames: [SEARCH_ATTRIBUTES.correlationId],
          }),
          { abortSignal: abort.signal },
        );
        failures = 0;
        const messages = result.Messages ?? [];
        if (messages.length === 0) continue;
        await Promise.all(messages.map(deliver));
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: replyQueueUrl,
            Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
          }),
        );
      } catch {
        if (closed) return;
        // A failed receive is retried after a backoff (an endpoint that is down is not hammered);
        // pending searches keep their own timers.
        failures += 1;
        await new Promise((resolve) => setTimeout(resolve, backoffDelay(RECEIVE_RETRY, failures)));
      }
    }
  };
  const loops = Array.from({ length: options.receivers ?? 2 }, () => receiveLoop());

  /** Sends one request body and resolves with the body of its reply. */
  const exchange = async (body: string, callOptions: { readonly timeoutMs?: number }): Promise<string> => {
    if (closed) throw new Error('the search client is closed');
    const correlationId = randomUUID();
    const timeoutMs = callOptions.timeoutMs ?? defaultTimeoutMs;
    const reply = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(correlationId);
        reject(new SearchReplyError('TIMEOUT', `no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(correlationId, { resolve, reject, timer });
    });
    // close() may reject it while the request is still being sent, before it is awaited below:
    // handled here, so that is no unhandled rejection that ends the process; the caller still
    // gets the rejection from the returned promise.
    reply.catch(() => undefined);
    const attributes: Record<string, { DataType: 'String'; StringValue: string }> = {
      [SEARCH_ATTRIBUTES.replyTo]: { DataType: 'String', StringValue: replyQueueUrl },
      [SEARCH_ATTRIBUTES.correlationId]: { DataType: 'String', StringValue: correlationId },
    };
    if (options.requester !== undefined && options.key !== undefined) {
      attributes[SEARCH_ATTRIBUTES.requester] = { DataType: 'String', StringValue: options.requester };
      attributes[SEARCH_ATTRIBUTES.signature] = {
        DataType: 'String',
        StringValue: signSearchRequest(options.key, correlationId, replyQueueUrl, body),
      };
    }
    try {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: options.searchQueueUrl,
          MessageBody: body,
          MessageAttributes: attributes,
        }),
      );
    } catch (error) {
      const waiting = pending.get(correlationId);
      if (waiting) clearTimeout(waiting.timer);
      pending.delete(correlationId);
      throw error;
    }
    return reply;
  };

  const search = async (request: SearchRequestInput, callOptions: { readonly timeoutMs?: number } = {}) => {
    let answer: SearchReply = parseReply(await exchange(JSON.stringify(request), callOptions), 'the reply');
    if (answer.ok && 'pointer' in answer) {
      const location = answer.pointer.location;
      answer = parsePointedReply(await readPointer(location), `the reply at ${location}`);
    }
    if (!answer.ok) throw new SearchReplyError(answer.error.code, answer.error.message, answer.error.details);
    if ('pointer' in answer) throw new Error('unreachable: a pointer is followed above');
    const { ok: _ok, ...page } = answer;
    return page;
  };

  const quarantine = async (request: QuarantineQuery, callOptions: { readonly timeoutMs?: number } = {}) => {
    const body = JSON.stringify({ ...request, kind: QUARANTINE_REQUEST_KIND });
    let answer = parseQuarantineReply(await exchange(body, callOptions), 'the reply');
    if (answer.ok && 'pointer' in answer) {
      const location = answer.pointer.location;
      answer = parseQuarantineReply(await readPointer(location), `the reply at ${location}`, true);
    }
    if (!answer.ok) throw new SearchReplyError(answer.error.code, answer.error.message, answer.error.details);
    if ('pointer' in answer) throw new Error('unreachable: a pointer is followed above');
    const { ok: _ok, kind: _kind, ...page } = answer;
    return page;
  };

  async function* pages(request: SearchRequestInput, callOptions: { readonly timeoutMs?: number } = {}) {
    let cursor: string | undefined;
    for (;;) {
      const page: SearchPage = await search(
        cursor === undefined ? request : { ...request, cursor },
        callOptions,
      );
      yield page;
      if (page.nextCursor === null) return;
      cursor = page.nextCursor;
    }
  }

  async function* rows(request: SearchRequestInput, callOptions: { readonly timeoutMs?: number } = {}) {
    for await (const page of pages(request, callOptions)) yield* page.rows;
  }

  return {
    replyQueueUrl,
    search,
    pages,
    rows,
    quarantine,
    async close() {
      if (closed) return;
      closed = true;
      abort.abort();
      await Promise.allSettled(loops);
      for (const [id, waiting] of pending) {
        clearTimeout(waiting.timer);
        waiting.reject(new Error('the search client was closed before the reply arrived'));
        pending.delete(id);
      }
      await sqs.send(new DeleteQueueCommand({ QueueUrl: replyQueueUrl }));
    },
  };
}
