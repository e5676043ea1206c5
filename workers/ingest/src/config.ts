import {
  type AwsSettings,
  type DigestSettings,
  digestSettingsOf,
  digestSettingsProblems,
  digestSettingsShape,
  type LakeSettings,
  LOG_LEVELS,
  loadWorkerEnv,
  metricsPortSetting,
} from '@rireki/adapters';
import { ENV_KEYS, type Env, envEnum, envInt, envString, QUEUE_NAMES } from '@rireki/contracts';

/** When a partition's buffer is written out as one Parquet file: whichever limit is reached first. */
export interface FlushPolicy {
  /** Rows in one partition's buffer. */
  readonly maxRows: number;
  /** Estimated bytes in one partition's buffer. */
  readonly maxBytes: number;
  /** Age of the oldest row in a partition's buffer, in milliseconds. */
  readonly maxAgeMs: number;
}

export interface IngestConfig extends AwsSettings {
  /** `local` favours freshness (small files, fast), `aws` favours large files (fewer PUTs, cheaper scans). */
  readonly mode: 'local' | 'aws';
  /** Queue name or URL of the ingest queue. @defaultValue rireki-ingest */
  readonly queue: string;
  /** The lake (directory or s3://) and its catalog (local, Glue or Athena DDL). */
  readonly lake: LakeSettings;
  readonly flush: FlushPolicy;
  /**
   * Estimated bytes buffered over all partitions, including batches waiting for the encoder, before
   * the worker stops receiving. @defaultValue 32 MiB (local), 256 MiB (aws)
   */
  readonly maxBufferedBytes: number;
  /** Visibility timeout requested on receive, in seconds; kept extended while messages wait. @defaultValue 60 */
  readonly visibilityTimeoutS: number;
  /** Long-poll wait per receive, in seconds. @defaultValue 2 (local), 20 (aws) */
  readonly receiveWaitS: number;
  /** Receive loops running side by side. @defaultValue 2 */
  readonly receivers: number;
  /** How long a SIGTERM drain may take before unfinished messages are handed back. @defaultValue 30000 */
  readonly drainTimeoutMs: number;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** Port of the Prometheus endpoint on 127.0.0.1; 0 for none. @defaultValue 9466 (local), 0 (aws) */
  readonly metricsPort: number;
  /** The digest chain every file written is recorded in. */
  readonly digests: DigestSettings;
}

const FLUSH_DEFAULTS = {
  local: { maxRows: 50_000, maxBytes: 32 * 1024 * 1024, maxAgeMs: 1_000 },
  aws: { maxRows: 1_000_000, maxBytes: 128 * 1024 * 1024, maxAgeMs: 60_000 },
} as const;

const MiB = 1024 * 1024;

/**
 * Receiving faster than the encoder writes only grows the backlog in memory: a packed drain ran at
 * the same rate with 16, 32 and 256 MiB, and its peak RSS fell from about 650 to 570 MiB at 32.
 * The aws limit leaves room for one partition's full 128 MiB file.
 */
const MAX_BUFFERED_DEFAULTS = { local: 32 * MiB, aws: 256 * MiB } as const;

/** Parses the ingest worker's configuration from the environment; throws ConfigError naming every bad variable. */
export function loadIngestConfig(env: Env): IngestConfig {
  const {
    mode,
    settings: parsed,
    lake,
    aws,
  } = loadWorkerEnv(
    env,
    (mode) => {
      const flush = FLUSH_DEFAULTS[mode];
      return {
        [ENV_KEYS.ingestQueue]: envString(QUEUE_NAMES.ingest),
        [ENV_KEYS.flushMaxRows]: envInt(1, 10_000_000, flush.maxRows),
        [ENV_KEYS.flushMaxBytes]: envInt(1024, 2048 * MiB, flush.maxBytes),
        [ENV_KEYS.flushMaxAgeMs]: envInt(50, 3_600_000, flush.maxAgeMs),
        [ENV_KEYS.maxBufferedBytes]: envInt(MiB, 16 * 1024 * MiB, MAX_BUFFERED_DEFAULTS[mode]),
        [ENV_KEYS.visibilityTimeoutS]: envInt(10, 43_200, 60),
        [ENV_KEYS.receiveWaitS]: envInt(0, 20, mode === 'local' ? 2 : 20),
        [ENV_KEYS.receivers]: envInt(1, 32, 2),
        [ENV_KEYS.drainTimeoutMs]: envInt(1_000, 3_600_000, 30_000),
        [ENV_KEYS.logLevel]: envEnum(LOG_LEVELS, 'info'),
        [ENV_KEYS.ingestMetricsPort]: metricsPortSetting(mode, 'ingest'),
        ...digestSettingsShape(mode),
      };
    },
    (settings, _lake, mode) => digestSettingsProblems(settings, mode),
  );
  return {
    mode,
    queue: parsed[ENV_KEYS.ingestQueue],
    lake,
    flush: {
      maxRows: parsed[ENV_KEYS.flushMaxRows],
      maxBytes: parsed[ENV_KEYS.flushMaxBytes],
      maxAgeMs: parsed[ENV_KEYS.flushMaxAgeMs],
    },
    maxBufferedBytes: parsed[ENV_KEYS.maxBufferedBytes],
    visibilityTimeoutS: parsed[ENV_KEYS.visibilityTimeoutS],
    receiveWaitS: parsed[ENV_KEYS.receiveWaitS],
    receivers: parsed[ENV_KEYS.receivers],
    drainTimeoutMs: parsed[ENV_KEYS.drainTimeoutMs],
    logLevel: parsed[ENV_KEYS.logLevel],
    metricsPort: parsed[ENV_KEYS.ingestMetricsPort],
    digests: digestSettingsOf(parsed, mode),
    ...aws,
  };
}
