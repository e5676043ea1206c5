import type { SQSClient } from '@aws-sdk/client-sqs';
import { type Logger, stopConsumers } from '@rireki/adapters';
import { SEARCH_ATTRIBUTES } from '@rireki/contracts';
import type { ObjectStore, PartitionCatalog, QueryEngine } from '@rireki/ports';
import { Consumer } from 'sqs-consumer';
import type { QueryConfig } from './config.js';
import { type QueryMetrics, queryEvents } from './events.js';
import { handleSearchMessage } from './handleSearchMessage.js';
import { QUEUE_WAIT_ATTRIBUTES } from './queueWait.js';

export interface QueryWorkerOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly engine: QueryEngine;
  /** Where replies too large for SQS are stored (the lake's results area). */
  readonly store: ObjectStore;
  /** The lake's partitions, for the apps list of a requester granted every app. */
  readonly catalog: PartitionCatalog;
  readonly logger: Logger;
  /** Where the worker's metrics go. @defaultValue a registry of its own, read by nothing */
  readonly metrics?: QueryMetrics;
  readonly config: Pick<
    QueryConfig,
    | 'access'
    | 'replyQueues'
    | 'maxSpanDays'
    | 'timeoutMs'
    | 'maxWaitMs'
    | 'replyInlineMaxBytes'
    | 'concurrency'
    | 'receiveWaitS'
  >;
  readonly clock?: { now(): number };
}

export interface QueryWorker {
  start(): void;
  /** Stops receiving and waits for the searches under way to be answered. */
  stop(): Promise<void>;
}

/** sqs-consumer receive loops on the search queue; each message is one search, answered on its ReplyTo queue. */
export function createQueryWorker(options: QueryWorkerOptions): QueryWorker {
  const events = queryEvents(options.logger, options.metrics);
  const deps = {
    sqs: options.sqs,
    engine: options.engine,
    store: options.store,
    catalog: options.catalog,
    events,
    clock: options.clock ?? Date,
    config: options.config,
  };
  // Each loop hands up to 10 messages to the handler at once.
  const loops = Math.max(1, Math.ceil(options.config.concurrency / 10));
  const consumers = Array.from({ length: loops }, () => {
    const consumer = Consumer.create({
      queueUrl: options.queueUrl,
      sqs: options.sqs,
      batchSize: Math.min(10, options.config.concurrency),
      waitTimeSeconds: options.config.receiveWaitS,
      // Long enough for the slowest search, so a request is not answered twice.
      visibilityTimeout: Math.ceil(options.config.timeoutMs / 1000) + 30,
      messageAttributeNames: [
        SEARCH_ATTRIBUTES.replyTo,
        SEARCH_ATTRIBUTES.correlationId,
        SEARCH_ATTRIBUTES.requester,
        SEARCH_ATTRIBUTES.signature,
      ],
      // SentTimestamp tells how long a request waited: past RIREKI_SEARCH_MAX_WAIT_MS it is refused BUSY.
      messageSystemAttributeNames: [...QUEUE_WAIT_ATTRIBUTES],
      pollingCompleteWaitTimeMs: (options.config.receiveWaitS + 5) * 1000 + options.config.timeoutMs,
      handleMessage: async (message) => {
        await handleSearchMessage(deps, message);
        return message;
      },
    });
    consumer.on('error', (error) => events.receiveFailed({ error: error.message }));
    consumer.on('processing_error', (error) =>
      events.receiveFailed({ error: error.message, during: 'processing' }),
    );
    return consumer;
  });

  return {
    start() {
      if (options.config.access.mode === 'open') events.openAccess();
      if (options.config.replyQueues === null) events.anyReplyQueue();
      for (const consumer of consumers) consumer.start();
      events.started({ queueUrl: options.queueUrl, engine: options.engine.name, loops: consumers.length });
    },
    async stop() {
      await stopConsumers(consumers);
      events.stopped();
    },
  };
}
