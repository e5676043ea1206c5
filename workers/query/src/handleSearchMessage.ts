import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import {
  type AppsListReply,
  type FieldProblem,
  formatProblems,
  isAppsListBody,
  isHistogramBody,
  isQuarantineListBody,
  isTopValuesBody,
  type QuarantineListReply,
  SEARCH_ERROR_CODES,
  type SearchErrorCode,
  type SearchErrorReply,
  validateAppsListRequest,
  validateHistogramRequest,
  validateQuarantineListRequest,
  validateSearchRequest,
  validateTopValuesRequest,
} from '@rireki/contracts';
import type { ObjectStore, PartitionCatalog, QueryEngine } from '@rireki/ports';
import { runHistogram } from './aggregates/runHistogram.js';
import { runTopValues } from './aggregates/runTopValues.js';
import { type Authorization, authorize, authorizeEveryApp, identify } from './authorize.js';
import type { QueryConfig } from './config.js';
import type { QueryEvents } from './events.js';
import { listApps } from './listApps.js';
import { listQuarantine } from './listQuarantine.js';
import { queueWaitOf, waitedTooLong } from './queueWait.js';
import { type RunSearchOptions, runSearch } from './runSearch.js';
import { SearchError } from './SearchError.js';
import { readSearchEnvelope, type SearchEnvelope } from './searchEnvelope.js';
import { type QueueReply, sendReply } from './sendReply.js';

export interface SearchHandlerDeps {
  readonly sqs: SQSClient;
  readonly engine: QueryEngine;
  readonly store: ObjectStore;
  /** Which apps the lake holds, for the apps list of a requester granted every app. */
  readonly catalog: PartitionCatalog;
  readonly events: QueryEvents;
  readonly clock: { now(): number };
  readonly config: Pick<
    QueryConfig,
    'access' | 'replyQueues' | 'maxSpanDays' | 'timeoutMs' | 'maxWaitMs' | 'replyInlineMaxBytes'
  >;
}

/** The same refusal for every access problem: it must not tell an outsider which apps exist. */
const FORBIDDEN_MESSAGE = 'this requester may not search the requested apps';

/**
 * Answers one search request. Resolves when the request is finished with (answered, refused BUSY,
 * or dropped with a logged reason because it names no usable reply queue or correlation id); throws
 * only when trying again can help (the reply could not be sent), so the queue redelivers it, at most
 * until the search queue's DLQ takes it.
 */
export async function handleSearchMessage(deps: SearchHandlerDeps, message: Message): Promise<void> {
  const started = performance.now();
  const envelope = readSearchEnvelope(message);
  const { replyTo, correlationId } = envelope;
  const wait = queueWaitOf(envelope, deps.clock.now());
  const where = {
    messageId: envelope.messageId,
    replyTo,
    correlationId,
    receiveCount: wait.receiveCount,
    waitedMs: wait.waitedMs,
  };
  if (replyTo === undefined || !/^https?:\/\//.test(replyTo)) {
    deps.events.dropped({ ...where, reason: 'ReplyTo is missing or not a queue URL' });
    return;
  }
  if (deps.config.replyQueues !== null && !deps.config.replyQueues.some((pattern) => pattern.test(replyTo))) {
    deps.events.dropped({ ...where, reason: 'ReplyTo is not in RIREKI_REPLY_QUEUES' });
    return;
  }
  if (correlationId === undefined || correlationId === '') {
    deps.events.dropped({ ...where, reason: 'CorrelationId is missing' });
    return;
  }

  // Load shedding comes before the body is parsed and the requester checked: under a backlog the
  // refusal must cost nothing that grows with the request (parsing, validating, the HMAC of a large
  // body). It leaks nothing the access check protects, because BUSY depends only on the time the
  // request waited, never on the apps it names or on who sent it, and it goes only to a reply
  // queue the allowlist above accepts. A request that would be FORBIDDEN is refused FORBIDDEN when
  // it is sent again.
  const busy = waitedTooLong(wait, deps.config.maxWaitMs);
  const reply = busy
    ? failure(
        SEARCH_ERROR_CODES.busy,
        `the search service is overloaded; the request waited ${wait.waitedMs} ms in the queue ` +
          `(limit ${deps.config.maxWaitMs} ms); try again later`,
        { waitedMs: wait.waitedMs, maxWaitMs: deps.config.maxWaitMs },
      )
    : await answer(deps, envelope, replyTo, correlationId);
  let outcome: Awaited<ReturnType<typeof sendReply>>;
  try {
    outcome = await sendReply(
      {
        sqs: deps.sqs,
        store: deps.store,
        inlineMaxBytes: deps.config.replyInlineMaxBytes,
        nowMs: deps.clock.now(),
      },
      { replyTo, correlationId },
      reply,
    );
  } catch (error) {
    deps.events.replyFailed({ ...where, error: String(error) });
    throw error;
  }
  if (outcome.sent === 'nowhere') {
    deps.events.dropped({ ...where, reason: outcome.reason });
    return;
  }
  if (outcome.sent === 'pointer') deps.events.pointer({ ...where, bytes: outcome.bytes });
  const elapsedMs = Math.round(performance.now() - started);
  if (busy) {
    deps.events.busy({ ...where, waitedMs: wait.waitedMs, maxWaitMs: deps.config.maxWaitMs });
  } else if (reply.ok) {
    const rows = 'rows' in reply ? reply.rows.length : 'records' in reply ? reply.records.length : undefined;
    deps.events.answered({ ...where, elapsedMs, rows });
  } else {
    deps.events.refused({ ...where, elapsedMs, code: reply.error.code, message: reply.error.message });
  }
}

async function answer(
  deps: SearchHandlerDeps,
  envelope: SearchEnvelope,
  replyTo: string,
  correlationId: string,
): Promise<QueueReply> {
  let body: unknown;
  try {
    body = JSON.parse(envelope.body);
  } catch {
    return failure(SEARCH_ERROR_CODES.invalidRequest, 'the body is not JSON');
  }
  if (isQuarantineListBody(body)) return answerQuarantine(deps, envelope, body, replyTo, correlationId);
  if (isAppsListBody(body)) return answerAppsList(deps, envelope, body, replyTo, correlationId);
  const limits = { maxSpanDays: deps.config.maxSpanDays };
  /** Validates a request that matches events, checks its apps' grants, then runs it on them. */
  const answerMatching = <R extends { readonly app: string | readonly string[] }, T extends QueueReply>(
    validation: { ok: true; request: R } | { ok: false; problems: readonly FieldProblem[] },
    execute: (engine: QueryEngine, request: R, options: RunSearchOptions) => Promise<T>,
  ): Promise<T | SearchErrorReply> | SearchErrorReply => {
    if (!validation.ok) return invalid(validation.problems);
    const { request } = validation;
    const access = authorize(deps.config.access, envelope, appsOf(request.app), replyTo, correlationId);
    if (!access.ok) return forbidden(deps, envelope, access);
    const options = { apps: access.apps, nowMs: deps.clock.now(), timeoutMs: deps.config.timeoutMs };
    return answerOrFailure(deps, envelope, () => execute(deps.engine, request, options));
  };
  if (isHistogramBody(body)) return answerMatching(validateHistogramRequest(body, limits), runHistogram);
  if (isTopValuesBody(body)) return answerMatching(validateTopValuesRequest(body, limits), runTopValues);
  // A search has no kind: every v1 search request is answered as before.
  return answerMatching(validateSearchRequest(body, limits), runSearch);
}

/** The apps this requester may search, under its grant. */
async function answerAppsList(
  deps: SearchHandlerDeps,
  envelope: SearchEnvelope,
  body: unknown,
  replyTo: string,
  correlationId: string,
): Promise<AppsListReply> {
  const validation = validateAppsListRequest(body);
  if (!validation.ok) return invalid(validation.problems);
  const identified = identify(deps.config.access, envelope, replyTo, correlationId);
  if (!identified.ok) return forbidden(deps, envelope, identified);
  return answerOrFailure(deps, envelope, () => listApps(deps.catalog, identified.granted));
}

/** A page of the quarantine of the apps asked for, under the same grants as a search of them. */
async function answerQuarantine(
  deps: SearchHandlerDeps,
  envelope: SearchEnvelope,
  body: unknown,
  replyTo: string,
  correlationId: string,
): Promise<QuarantineListReply> {
  const validation = validateQuarantineListRequest(body);
  if (!validation.ok) return invalid(validation.problems);
  const { request } = validation;
  const requested = request.app === undefined ? null : appsOf(request.app);
  const access =
    requested === null
      ? authorizeEveryApp(deps.config.access, envelope, replyTo, correlationId)
      : authorize(deps.config.access, envelope, requested, replyTo, correlationId);
  if (!access.ok) return forbidden(deps, envelope, access);
  return answerOrFailure(deps, envelope, () => listQuarantine(deps.store, request, requested ?? 'all'));
}

function forbidden(
  deps: SearchHandlerDeps,
  envelope: SearchEnvelope,
  access: Pick<Extract<Authorization, { ok: false }>, 'requester' | 'reason'>,
): SearchErrorReply {
  deps.events.refused({ messageId: envelope.messageId, requester: access.requester, reason: access.reason });
  return failure(SEARCH_ERROR_CODES.forbidden, FORBIDDEN_MESSAGE);
}

/** The distinct apps a request names. */
function appsOf(app: string | readonly string[]): string[] {
  return typeof app === 'string' ? [app] : [...new Set(app)];
}

function invalid(problems: readonly FieldProblem[]): SearchErrorReply {
  return failure(SEARCH_ERROR_CODES.invalidRequest, formatProblems(problems), problems);
}

/** The answer, or the `ok: false` reply of what went wrong, logged when the operator must know. */
async function answerOrFailure<T extends QueueReply>(
  deps: SearchHandlerDeps,
  envelope: SearchEnvelope,
  run: () => Promise<T>,
): Promise<T | SearchErrorReply> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof SearchError) {
      if (
        error.searchCode === SEARCH_ERROR_CODES.engineError ||
        error.searchCode === SEARCH_ERROR_CODES.timeout
      ) {
        deps.events.failed({
          messageId: envelope.messageId,
          code: error.searchCode,
          cause: String(error.cause),
        });
      }
      return failure(error.searchCode, error.message, error.details);
    }
    deps.events.failed({
      messageId: envelope.messageId,
      code: SEARCH_ERROR_CODES.internal,
      cause: String(error),
    });
    return failure(SEARCH_ERROR_CODES.internal, 'the search failed; the operator can find why in the logs');
  }
}

function failure(code: SearchErrorCode, message: string, details?: unknown): SearchErrorReply {
  return { ok: false, error: details === undefined ? { code, message } : { code, message, details } };
}
