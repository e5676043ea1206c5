import {
  type AwsSettings,
  type DigestSettings,
  type DuckDbPartitionRewriterOptions,
  digestSettingsOf,
  digestSettingsProblems,
  digestSettingsShape,
  type LakeSettings,
  LOG_LEVELS,
  loadWorkerEnv,
  metricsPortSetting,
} from '@rireki/adapters';
import { ENV_KEYS, type Env, envEnum, envInt } from '@rireki/contracts';
import { z } from 'zod';
import { type RetentionPolicy, retentionSetting } from './retentionPolicy.js';

/** When a partition is compacted, and into what. */
export interface CompactionPolicy {
  /** A partition is compacted once no file arrived in it for this long. */
  readonly quietMs: number;
  /** …and it has at least this many live files. */
  readonly minFiles: number;
  /** Rows per compacted file, at most. */
  readonly maxRowsPerFile: number;
}

export interface MaintenanceConfig extends AwsSettings {
  readonly mode: 'local' | 'aws';
  readonly lake: LakeSettings;
  /** Time between the starts of two passes. */
  readonly intervalMs: number;
  readonly compaction: CompactionPolicy;
  readonly retention: RetentionPolicy;
  /**
   * How long replaced files stay after their replacement record, so that a search that listed them
   * before it can still read them. Must exceed the query worker's RIREKI_SEARCH_TIMEOUT_MS.
   */
  readonly replacedGraceMs: number;
  /** DuckDB's memory limit for a rewrite; past it the sort spills to local disk. */
  readonly rewriteMemoryLimit: string;
  /**
   * ZSTD level of rewritten files, 1 to 22. Over a compacted day of the bench, 15 made files 11%
   * smaller than 6 and took about three times as long to write. @defaultValue 6
   */
  readonly rewriteZstdLevel: number;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** Port of the Prometheus endpoint on 127.0.0.1; 0 for none. @defaultValue 9468 (local), 0 (aws) */
  readonly metricsPort: number;
  /** The digest chain every rewrite is recorded in. */
  readonly digests: DigestSettings;
}

const MEMORY_SIZE = /^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/;

/** A size DuckDB takes as its memory limit, such as 512MB; empty or unset gives the default. */
function memorySize(defaultValue: string) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return defaultValue;
      if (MEMORY_SIZE.test(raw.trim())) return raw.trim();
      ctx.addIssue({ code: 'custom', message: `must be a size such as 512MB or 2GB (got "${raw}")` });
      return z.NEVER;
    });
}

/** The rewriter's options from the configuration, so that the worker and the CLI's commands rewrite alike. */
export function rewriterOptions(
  config: Pick<MaintenanceConfig, 'rewriteMemoryLimit' | 'rewriteZstdLevel'>,
): DuckDbPartitionRewriterOptions {
  return { memoryLimit: config.rewriteMemoryLimit, compressionLevel: config.rewriteZstdLevel };
}

/** Parses the maintenance worker's configuration; throws ConfigError naming every bad variable. */
export function loadMaintenanceConfig(env: Env): MaintenanceConfig {
  const { mode, settings, lake, aws } = loadWorkerEnv(
    env,
    (mode) => ({
      [ENV_KEYS.maintenanceIntervalMs]: envInt(1_000, 86_400_000, mode === 'local' ? 30_000 : 300_000),
      [ENV_KEYS.compactQuietMs]: envInt(0, 86_400_000, mode === 'local' ? 60_000 : 600_000),
      [ENV_KEYS.compactMinFiles]: envInt(2, 1_000_000, 10),
      [ENV_KEYS.compactMaxRowsPerFile]: envInt(1_000, 100_000_000, 2_000_000),
      // Twice the longest search the query worker allows (RIREKI_SEARCH_TIMEOUT_MS tops out at 15 min).
      [ENV_KEYS.replacedGraceMs]: envInt(1_000, 86_400_000, 1_800_000),
      [ENV_KEYS.rewriteMemoryLimit]: memorySize('512MB'),
      [ENV_KEYS.compactZstdLevel]: envInt(1, 22, 6),
      [ENV_KEYS.retention]: retentionSetting(),
      [ENV_KEYS.quarantineRetentionDays]: envInt(1, 36_500, 30),
      [ENV_KEYS.resultsRetentionDays]: envInt(1, 36_500, 1),
      [ENV_KEYS.logLevel]: envEnum(LOG_LEVELS, 'info'),
      [ENV_KEYS.maintenanceMetricsPort]: metricsPortSetting(mode, 'maintenance'),
      ...digestSettingsShape(mode),
    }),
    (settings, _lake, mode) => digestSettingsProblems(settings, mode),
  );
  return {
    mode,
    lake,
    intervalMs: settings[ENV_KEYS.maintenanceIntervalMs],
    compaction: {
      quietMs: settings[ENV_KEYS.compactQuietMs],
      minFiles: settings[ENV_KEYS.compactMinFiles],
      maxRowsPerFile: settings[ENV_KEYS.compactMaxRowsPerFile],
    },
    retention: {
      days: settings[ENV_KEYS.retention],
      quarantineDays: settings[ENV_KEYS.quarantineRetentionDays],
      resultsDays: settings[ENV_KEYS.resultsRetentionDays],
    },
    replacedGraceMs: settings[ENV_KEYS.replacedGraceMs],
    rewriteMemoryLimit: settings[ENV_KEYS.rewriteMemoryLimit],
    rewriteZstdLevel: settings[ENV_KEYS.compactZstdLevel],
    logLevel: settings[ENV_KEYS.logLevel],
    metricsPort: settings[ENV_KEYS.maintenanceMetricsPort],
    digests: digestSettingsOf(settings, mode),
    ...aws,
  };
}
