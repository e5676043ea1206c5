import type { IncomingMessage, ServerResponse } from 'node:http';
import { type RirekiError, toRirekiError } from '@rireki/contracts';
import { writeErrorLine } from './errors.js';
import { isPlainObject } from './redact.js';
import type { ActionLogger, ActionLogInput } from './types.js';

/**
 * The request as the middleware reads it: Node's IncomingMessage plus what Express (or a
 * look-alike) adds. Typed by shape so that Express is not a dependency of the SDK.
 */
export interface MiddlewareRequest extends IncomingMessage {
  readonly ip?: string | undefined;
  readonly originalUrl?: string | undefined;
  readonly baseUrl?: string | undefined;
  /** Express's matched route; its `path` is the default action. */
  readonly route?: unknown;
  /** Set by authentication middleware; its `id` is the default userId. */
  readonly user?: unknown;
  readonly query?: unknown;
  readonly body?: unknown;
}

type AttributeValue = string | number | boolean;

/** Options of `actionLogMiddleware`. */
export interface ActionLogMiddlewareOptions<Req extends MiddlewareRequest = MiddlewareRequest> {
  /** The acting user. @defaultValue `req.user?.id` */
  readonly getUserId?: (req: Req) => string | number | null | undefined;
  /** The action name. @defaultValue the matched Express route, e.g. `/orders/:id`, or null */
  readonly getAction?: (req: Req) => string | null | undefined;
  /** App-specific attributes, read when the response ends. */
  readonly attributes?: (
    req: Req,
    res: ServerResponse,
  ) => Readonly<Record<string, AttributeValue>> | undefined;
  /** Told when one of the callbacks above throws; the event is logged without that field. @defaultValue one line on stderr */
  readonly onError?: (error: RirekiError) => void;
}

/** An Express-style `(req, res, next)` handler. */
export type ActionLogHandler<Req extends MiddlewareRequest = MiddlewareRequest> = (
  req: Req,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * Middleware for Express and other `(req, res, next)` frameworks on Node's http objects: logs one
 * action-log event per request when the response finishes (or the client goes away first,
 * marked `attributes.aborted = true`). It never throws into the request; redaction is the logger's.
 *
 * @example
 * ```ts
 * const app = express();
 * app.use(express.json());
 * app.use(actionLogMiddleware(logger, { getUserId: (req: Request) => req.header('x-user-id') }));
 * ```
 */
export function actionLogMiddleware<Req extends MiddlewareRequest = MiddlewareRequest>(
  logger: Pick<ActionLogger, 'log'>,
  options: ActionLogMiddlewareOptions<Req> = {},
): ActionLogHandler<Req> {
  const report = options.onError ?? writeErrorLine;
  const attempt = <T>(read: () => T, fallback: T): T => {
    try {
      return read();
    } catch (error) {
      try {
        report(toRirekiError(error));
      } catch {
        // Nothing left to tell; the request goes on.
      }
      return fallback;
    }
  };

  return (req, res, next) => {
    attempt(() => {
      const occurredAt = new Date().toISOString();
      const startedAt = process.hrtime.bigint();
      let recorded = false;
      const record = (aborted: boolean): void => {
        if (recorded) return;
        recorded = true;
        const durationMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
        attempt(
          () => logger.log(buildEvent(req, res, { occurredAt, durationMs, aborted }, options, attempt)),
          undefined,
        );
      };
      res.once('finish', () => record(false));
      // 'close' without 'finish': the client left (or the socket broke) before the response was done.
      res.once('close', () => record(!res.writableFinished));
    }, undefined);
    next();
  };
}

interface Timing {
  readonly occurredAt: string;
  readonly durationMs: number;
  readonly aborted: boolean;
}

type Attempt = <T>(read: () => T, fallback: T) => T;

function buildEvent<Req extends MiddlewareRequest>(
  req: Req,
  res: ServerResponse,
  timing: Timing,
  options: ActionLogMiddlewareOptions<Req>,
  attempt: Attempt,
): ActionLogInput {
  const userId = attempt(() => (options.getUserId ?? defaultUserId)(req), null);
  const action = attempt(() => (options.getAction ?? defaultAction)(req), null);
  const extra = attempt(() => options.attributes?.(req, res), undefined);
  const attributes = { ...extra, ...(timing.aborted ? { aborted: true } : {}) };
  return {
    occurredAt: timing.occurredAt,
    action: nonEmpty(action),
    method: req.method ?? null,
    path: pathOf(req),
    status: res.statusCode,
    durationMs: Math.round(timing.durationMs * 1000) / 1000,
    userId: userIdOf(userId),
    ip: req.ip ?? req.socket?.remoteAddress ?? null,
    userAgent: req.headers['user-agent'] ?? null,
    params: attempt(() => paramsOf(req), null),
    attributes: Object.keys(attributes).length > 0 ? attributes : null,
  };
}

function defaultUserId(req: MiddlewareRequest): string | number | null {
  const user = req.user;
  if (typeof user !== 'object' || user === null || !('id' in user)) return null;
  const id: unknown = user.id;
  return typeof id === 'string' || typeof id === 'number' ? id : id == null ? null : String(id);
}

function defaultAction(req: MiddlewareRequest): string | null {
  const route = req.route;
  if (typeof route !== 'object' || route === null || !('path' in route)) return null;
  // A route inside a mounted router is relative to its mount point, e.g. "/orders" + "/:id".
  return `${req.baseUrl ?? ''}${String(route.path)}`;
}

function pathOf(req: MiddlewareRequest): string | null {
  // Express rewrites req.url inside mounted routers; originalUrl is what the client asked for.
  const url = req.originalUrl ?? req.url;
  if (url === undefined) return null;
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

function paramsOf(req: MiddlewareRequest): Record<string, unknown> | null {
  const query = req.query !== undefined ? req.query : queryFromUrl(req.url);
  // Body wins over query for the same key, as Laravel's $request->input() does.
  const params = {
    ...(isPlainObject(query) ? query : {}),
    ...(isPlainObject(req.body) ? req.body : {}),
  };
  return Object.keys(params).length > 0 ? params : null;
}

// Plain node:http has no parsed query; read it from the URL so the field means the same everywhere.
function queryFromUrl(url: string | undefined): Record<string, string | string[]> {
  const start = url?.indexOf('?') ?? -1;
  if (url === undefined || start === -1) return {};
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(url.slice(start + 1))) {
    const seen = query[key];
    query[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return query;
}

function nonEmpty(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}

function userIdOf(value: string | number | null | undefined): string | number | null {
  if (value === undefined || value === null || value === '') return null;
  // The contract takes integers or text; a fractional number is kept as text rather than refused.
  return typeof value === 'number' && !Number.isInteger(value) ? String(value) : value;
}
