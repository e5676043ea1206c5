import {
  type AwsSettings,
  type LakeSettings,
  LOG_LEVELS,
  loadWorkerEnv,
  metricsPortSetting,
} from '@rireki/adapters';
import {
  ENV_KEYS,
  type Env,
  envEnum,
  envInt,
  envString,
  type FieldProblem,
  QUEUE_NAMES,
  SEARCH_LIMITS,
} from '@rireki/contracts';
import { parseRequesterSetting, RequesterKeySchema, SearchGrantSchema } from './accessSchemas.js';

/** Who may search what. */
export type AccessConfig =
  | { readonly mode: 'open' }
  | {
      readonly mode: 'signed';
      /** Requester name -> its apps, or '*' for every app. */
      readonly grants: ReadonlyMap<string, readonly string[] | '*'>;
      /** Requester name -> its HMAC key. */
      readonly keys: ReadonlyMap<string, string>;
    };

export interface QueryConfig extends AwsSettings {
  readonly mode: 'local' | 'aws';
  /** Queue name or URL of the search queue. @defaultValue rireki-search */
  readonly queue: string;
  /** `duckdb` (local default: the lake's files) or `athena` (aws default: the Glue table). */
  readonly engine: 'duckdb' | 'athena';
  /** The lake (directory or s3://) and its catalog. */
  readonly lake: LakeSettings;
  /** `open` (local default: anyone may search everything) or `signed` (aws default). */
  readonly access: AccessConfig;
  /** Reply queue URL patterns (`*` matches anything); null allows every queue (local default). */
  readonly replyQueues: readonly RegExp[] | null;
  /** Cap of to - from. @defaultValue 93 */
  readonly maxSpanDays: number;
  /** Budget of one search. @defaultValue 30000 */
  readonly timeoutMs: number;
  /**
   * Longest time a request may wait in the search queue; an older one is refused BUSY at once.
   * Below the client SDK's 30 s timeout, so the requester hears BUSY before it gives up.
   * @defaultValue 10000
   */
  readonly maxWaitMs: number;
  /** Replies larger than this go to the results area behind a pointer. @defaultValue 240 KiB */
  readonly replyInlineMaxBytes: number;
  /** Searches run at once; each receive loop takes up to 10. @defaultValue 20 */
  readonly concurrency: number;
  /** Long-poll wait. @defaultValue 2 (local), 20 (aws) */
  readonly receiveWaitS: number;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** Port of the Prometheus endpoint on 127.0.0.1; 0 for none. @defaultValue 9467 (local), 0 (aws) */
  readonly metricsPort: number;
}

const KiB = 1024;

/** Parses the query worker's configuration; throws ConfigError naming every bad variable. */
export function loadQueryConfig(env: Env): QueryConfig {
  // Read with the checks across settings, so that a bad grant is named together with every other problem.
  let access: AccessConfig = { mode: 'open' };
  const {
    mode,
    settings: parsed,
    lake,
    aws,
  } = loadWorkerEnv(
    env,
    (mode) => ({
      [ENV_KEYS.searchQueue]: envString(QUEUE_NAMES.search),
      [ENV_KEYS.engine]: envEnum(['duckdb', 'athena'], mode === 'aws' ? 'athena' : 'duckdb'),
      [ENV_KEYS.searchAccess]: envEnum(['open', 'signed'], mode === 'aws' ? 'signed' : 'open'),
      [ENV_KEYS.searchGrants]: envString(''),
      [ENV_KEYS.requesterKeys]: envString(''),
      [ENV_KEYS.replyQueues]: envString(mode === 'aws' ? '' : '*'),
      [ENV_KEYS.searchMaxSpanDays]: envInt(1, 3660, SEARCH_LIMITS.defaultMaxSpanDays),
      [ENV_KEYS.searchTimeoutMs]: envInt(100, 900_000, 30_000),
      [ENV_KEYS.searchMaxWaitMs]: envInt(100, 3_600_000, 10_000),
      // SQS refuses bodies over 1 MiB; the default leaves room under the classic 256 KiB limit.
      [ENV_KEYS.replyInlineMaxBytes]: envInt(1 * KiB, 1000 * KiB, 240 * KiB),
      [ENV_KEYS.searchConcurrency]: envInt(1, 200, 20),
      [ENV_KEYS.receiveWaitS]: envInt(0, 20, mode === 'aws' ? 20 : 2),
      [ENV_KEYS.logLevel]: envEnum(LOG_LEVELS, 'info'),
      [ENV_KEYS.queryMetricsPort]: metricsPortSetting(mode, 'query'),
    }),
    (parsed, lake) => {
      const problems: FieldProblem[] = [];
      access = parseAccess(
        parsed[ENV_KEYS.searchAccess],
        parsed[ENV_KEYS.searchGrants],
        parsed[ENV_KEYS.requesterKeys],
        problems,
      );
      if (parsed[ENV_KEYS.replyQueues] === '') {
        problems.push({
          path: ENV_KEYS.replyQueues,
          message: 'must list the reply queue URLs (patterns with *) that replies may go to',
        });
      }
      const engine = parsed[ENV_KEYS.engine];
      // DuckDB reads local files only (its S3 extension cannot be installed offline); Athena reads S3.
      if (engine === 'duckdb' && lake?.lake.kind === 's3') {
        problems.push({
          path: ENV_KEYS.engine,
          message: 'duckdb reads a directory lake; use athena for an s3:// lake',
        });
      }
      if (engine === 'athena' && lake !== undefined && lake.lake.kind !== 's3') {
        problems.push({ path: ENV_KEYS.engine, message: 'athena needs an s3:// lake (RIREKI_LAKE)' });
      }
      return problems;
    },
  );
  const replyQueuesRaw = parsed[ENV_KEYS.replyQueues];
  const engine = parsed[ENV_KEYS.engine];
  return {
    mode,
    queue: parsed[ENV_KEYS.searchQueue],
    engine,
    lake,
    access,
    replyQueues: replyQueuesRaw === '*' ? null : replyQueuesRaw.split(',').map((p) => globToRegExp(p.trim())),
    maxSpanDays: parsed[ENV_KEYS.searchMaxSpanDays],
    timeoutMs: parsed[ENV_KEYS.searchTimeoutMs],
    maxWaitMs: parsed[ENV_KEYS.searchMaxWaitMs],
    replyInlineMaxBytes: parsed[ENV_KEYS.replyInlineMaxBytes],
    concurrency: parsed[ENV_KEYS.searchConcurrency],
    receiveWaitS: parsed[ENV_KEYS.receiveWaitS],
    logLevel: parsed[ENV_KEYS.logLevel],
    metricsPort: parsed[ENV_KEYS.queryMetricsPort],
    ...aws,
  };
}

function parseAccess(
  mode: 'open' | 'signed',
  grantsRaw: string,
  keysRaw: string,
  problems: FieldProblem[],
): AccessConfig {
  if (mode === 'open') return { mode };
  const grants = parseRequesterSetting(ENV_KEYS.searchGrants, grantsRaw, SearchGrantSchema, problems);
  const keys = parseRequesterSetting(ENV_KEYS.requesterKeys, keysRaw, RequesterKeySchema, problems);
  for (const requester of grants.keys()) {
    if (!keys.has(requester)) {
      problems.push({
        path: ENV_KEYS.requesterKeys,
        message: `has no key for granted requester "${requester}"`,
      });
    }
  }
  return { mode, grants, keys };
}

/** `*` matches any characters; everything else literally. */
export function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}
