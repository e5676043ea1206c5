import { zValidator } from '@hono/zod-validator';
import {
  AGGREGATE_LIMITS,
  CONTRACT_PARSE,
  columnOfField,
  DEFAULT_TOP_VALUE_FIELDS,
  fieldProblems,
  formatProblems,
  HISTOGRAM_INTERVALS,
  HistogramRequestSchema,
  isNumericColumn,
  QuarantineListRequestSchema,
  SEARCH_FILTER_FIELDS,
  SEARCH_LIMITS,
  SearchRequestSchema,
  TOP_VALUE_FIELDS,
  TopValuesRequestSchema,
} from '@rireki/contracts';
import type { SearchClient } from '@rireki/sdk';
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';
import { EXPORT_FORMATS, exportRows } from './exportRows.js';
import { apiError } from './httpErrors.js';
import { hostCheck, sameOriginApi, securityHeaders, tokenCheck } from './security.js';
import { serveAssets } from './serveAssets.js';

/** What the console asks of the search queue: the SDK's search client. */
export type ConsoleBackend = Pick<SearchClient, 'search' | 'histogram' | 'topValues' | 'apps' | 'quarantine'>;

export interface ConsoleAppOptions {
  readonly backend: ConsoleBackend;
  /** Who the console is to the query worker, shown to people; its key never leaves the server. */
  readonly requester: string | null;
  /**
   * Host headers the console answers to, e.g. `127.0.0.1:4580`; null: any (then a token is
   * required). Asked on each request, as the port is known only once the server listens.
   */
  readonly allowedHosts: () => ReadonlySet<string> | null;
  /** The access token when the console is reachable beyond this machine; null on loopback. */
  readonly token: string | null;
  /** The built page (index.html and its assets). */
  readonly assetsDir: string;
}

/** The backend's answer as JSON, or its failure with the status that fits it. */
async function answered<T extends object>(c: Context, run: () => Promise<T>) {
  try {
    return c.json(await run(), 200);
  } catch (error) {
    const { status, body } = apiError(error);
    return c.json(body, status);
  }
}

/**
 * A request body the contract refuses: 400 with every problem, named by field, in the contract's
 * own words (what was given, what is accepted), as the query worker would say it.
 */
function validated<S extends z.ZodType>(schema: S) {
  return zValidator(
    'json',
    schema,
    (result, c) => {
      if (result.success) return undefined;
      const problems = fieldProblems(result.error);
      return c.json(
        { error: { code: 'INVALID_REQUEST', message: formatProblems(problems), details: problems } },
        400,
      );
    },
    {
      // The option's type names the validator's own union of zod 3 and 4 results; this is the
      // zod 4 result it stands for, with the contract's messages.
      validationFunction: (contract, value) => contract.safeParse(value, CONTRACT_PARSE) as never,
    },
  );
}

/** A body that is not JSON at all, refused in the API's own shape rather than as plain text. */
function malformedBody(error: Error, c: Context) {
  if (error instanceof HTTPException && error.status === 400)
    return c.json({ error: { code: 'INVALID_REQUEST', message: `body: ${error.message}` } }, 400);
  throw error;
}

const ExportQuerySchema = SearchRequestSchema.omit({ cursor: true, limit: true, includeTotal: true });

/**
 * The console's HTTP API and page. Every API route is a request of the search queue, made with the
 * console's own requester identity, so the query worker's grants decide what anyone sees here.
 */
export function createConsoleApp(options: ConsoleAppOptions) {
  const { backend } = options;
  const api = new Hono()
    .onError(malformedBody)
    .use(sameOriginApi())
    .get('/session', (c) =>
      c.json({
        requester: options.requester,
        intervals: [...HISTOGRAM_INTERVALS],
        topFields: [...TOP_VALUE_FIELDS],
        defaultTopFields: [...DEFAULT_TOP_VALUE_FIELDS],
        filterFields: [...SEARCH_FILTER_FIELDS],
        numericFields: SEARCH_FILTER_FIELDS.filter((field) => {
          const column = columnOfField(field);
          return column !== undefined && isNumericColumn(column);
        }),
        maxLimit: SEARCH_LIMITS.maxLimit,
        maxTopLimit: AGGREGATE_LIMITS.maxTopLimit,
      }),
    )
    .get('/apps', (c) => answered(c, () => backend.apps()))
    .post('/search', validated(SearchRequestSchema), (c) =>
      answered(c, () => backend.search(c.req.valid('json'))),
    )
    .post('/histogram', validated(HistogramRequestSchema.omit({ kind: true })), (c) =>
      answered(c, () => backend.histogram(c.req.valid('json'))),
    )
    .post('/top', validated(TopValuesRequestSchema.omit({ kind: true })), (c) =>
      answered(c, () => backend.topValues(c.req.valid('json'))),
    )
    .post('/quarantine', validated(QuarantineListRequestSchema.omit({ kind: true })), (c) =>
      answered(c, () => backend.quarantine(c.req.valid('json'))),
    )
    .post('/export/:format', validated(ExportQuerySchema), async (c) => {
      const format = EXPORT_FORMATS.find((known) => known === c.req.param('format'));
      if (format === undefined) {
        const message = `format: must be one of ${EXPORT_FORMATS.join(', ')} (got "${c.req.param('format')}")`;
        return c.json({ error: { code: 'INVALID_REQUEST', message } }, 400);
      }
      try {
        const { total, body } = await exportRows(backend, c.req.valid('json'), format);
        const type = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8';
        return new Response(body, {
          headers: {
            'Content-Type': type,
            'Content-Disposition': `attachment; filename="rireki-export.${format}"`,
            'X-Rireki-Total': String(total),
          },
        });
      } catch (error) {
        const { status, body } = apiError(error);
        return c.json(body, status);
      }
    });

  const app = new Hono()
    .use(securityHeaders())
    .use(hostCheck(options.allowedHosts))
    .use(tokenCheck(options.token))
    .route('/api', api);
  app.use('*', serveAssets(options.assetsDir));
  return { app, api };
}

/** The API's routes and types, for the page's typed client. */
export type ConsoleApi = ReturnType<typeof createConsoleApp>['api'];
