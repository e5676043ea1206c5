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
  APPS_LIST_REQUEST_KIND,
  type AppsListOkReply,
  backoffDelay,
  HISTOGRAM_REQUEST_KIND,
  type HistogramOkReply,
  type HistogramRequestInput,
  QUARANTINE_REQUEST_KIND,
  type QuarantineListOkReply,
  type QuarantineListRequestInput,
  SEARCH_ATTRIBUTES,
  type SearchErrorReply,
  type SearchOkReply,
  type SearchPointerReply,
  type SearchReply,
  type SearchRequestInput,
  type SearchRow,
  signSearchRequest,
  TOP_VALUES_REQUEST_KIND,
  type TopValuesOkReply,
  type TopValuesRequestInput,
  validateAppsListReply,
  validateHistogramReply,
  validateQuarantineListReply,
  validateTopValuesReply,
} from '@rireki/contracts';
import { type KindReplyValidator, parseKindReply, parsePointedReply, parseReply } from './parseReply.js';
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

/** Counts of the matching events per time bucket. */
export type Histogram = Omit<HistogramOkReply, 'ok' | 'kind'>;

/** A histogram request as the client takes it: the contract's, without its `kind`. */
export type HistogramQuery = Omit<HistogramRequestInput, 'kind'>;

/** The most frequent values of some fields among the matching events. */
export type TopValues = Omit<TopValuesOkReply, 'ok' | 'kind'>;

/** A top values request as the client takes it: the contract's, without its `kind`. */
export type TopValuesQuery = Omit<TopValuesRequestInput, 'kind'>;

/** The apps this requester may search. */
export type AppList = Omit<AppsListOkReply, 'ok' | 'kind'>;

/** Per-call options. */
export interface CallOptions {
  /** Time to wait for this reply. @defaultValue the client's timeoutMs */
  readonly timeoutMs?: number;
}

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
  quarantine(request: QuarantineQuery, options?: CallOptions): Promise<QuarantinePage>;
  /**
   * Counts of the events a search matches per time bucket, on a zone's clock (UTC unless told),
   * each event once; the buckets add up to the search's total. Rejects like a search.
   *
   * @example
   * const { buckets, total } = await client.histogram({ app: 'shop', from: '2026-11-23T00:00:00+09:00',
   *   to: '2026-11-24T00:00:00+09:00', interval: '1h', timeZone: 'Asia/Tokyo', filters: { status: { gte: 500 } } });
   */
  histogram(request: HistogramQuery, options?: CallOptions): Promise<Histogram>;
  /**
   * The most frequent values of status, path, action and userId (or the fields asked for) among
   * the events a search matches, each event once. Rejects like a search.
   *
   * @example
   * const top = await client.topValues({ app: 'shop', from, to, fields: ['path'], limit: 5 });
   * for (const { value, count } of top.fields[0].values) console.log(value, count);
   */
  topValues(request: TopValuesQuery, options?: CallOptions): Promise<TopValues>;
  /**
   * The apps this requester may search: every app the lake holds when granted all (`everyApp`),
   * else its granted list. Rejects with FORBIDDEN for an unknown or unsigned requester.
   *
   * @example
   * const { apps } = await client.apps();
   */
  apps(options?: CallOptions): Promise<AppList>;
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

  /** Sends one request of another kind than a search, and returns its ok reply without ok and kind. */
  const ask = async <Ok extends { readonly ok: true; readonly kind: string }>(
    body: Record<string, unknown>,
    validate: KindReplyValidator<Ok | SearchPointerReply | SearchErrorReply>,
    callOptions: CallOptions,
  ): Promise<Omit<Ok, 'ok' | 'kind'>> => {
    let answer = parseKindReply(validate, await exchange(JSON.stringify(body), callOptions), 'the reply');
    if (answer.ok && 'pointer' in answer) {
      const location = answer.pointer.location;
      answer = parseKindReply(validate, await readPointer(location), `the reply at ${location}`, true);
    }
    if (!answer.ok) throw new SearchReplyError(answer.error.code, answer.error.message, answer.error.details);
    if ('pointer' in answer) throw new Error('unreachable: a pointer is followed above');
    const { ok: _ok, kind: _kind, ...result } = answer;
    return result;
  };

  const quarantine = (request: QuarantineQuery, callOptions: CallOptions = {}) =>
    ask({ ...request, kind: QUARANTINE_REQUEST_KIND }, validateQuarantineListReply, callOptions);
  const histogram = (request: HistogramQuery, callOptions: CallOptions = {}) =>
    ask({ ...request, kind: HISTOGRAM_REQUEST_KIND }, validateHistogramReply, callOptions);
  const topValues = (request: TopValuesQuery, callOptions: CallOptions = {}) =>
    ask({ ...request, kind: TOP_VALUES_REQUEST_KIND }, validateTopValuesReply, callOptions);
  const apps = (callOptions: CallOptions = {}) =>
    ask({ kind: APPS_LIST_REQUEST_KIND }, validateAppsListReply, callOptions);

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
    histogram,
    topValues,
    apps,
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
