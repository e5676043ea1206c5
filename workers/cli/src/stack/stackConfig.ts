import { resolve } from 'node:path';
import type { QueueSync } from '@rireki/adapters';
import { ENV_KEYS, type Env, envEnum, envInt, envString, LOCAL_STACK, parseEnv } from '@rireki/contracts';
import { z } from 'zod';

export interface StackConfig {
  readonly port: number;
  /** Absolute path of the data directory: the queue, the lake and the catalog live under it. */
  readonly dataDir: string;
  /** Where `dataDir` came from, for messages that name it: the flag or the variable. */
  readonly dataDirSource: string;
  readonly region: string;
  /** Keep the embedded queue in memory only (`--ephemeral`). @defaultValue false */
  readonly ephemeral: boolean;
  /** How hard the durable queue pushes each commit to disk (RIREKI_QUEUE_SYNC). @defaultValue normal */
  readonly queueSync: QueueSync;
  /** Each worker's Prometheus port on 127.0.0.1 (RIREKI_<WORKER>_METRICS_PORT); 0 turns one off. */
  readonly metricsPorts: MetricsPorts;
  /** The web console's port on 127.0.0.1 (RIREKI_CONSOLE_PORT); 0 turns it off. @defaultValue 4580 */
  readonly consolePort: number;
}

export type MetricsPorts = { readonly [W in keyof typeof LOCAL_STACK.metricsPorts]: number };

/** The variable that sets each worker's metrics port. */
export const METRICS_PORT_KEYS = {
  ingest: ENV_KEYS.ingestMetricsPort,
  query: ENV_KEYS.queryMetricsPort,
  maintenance: ENV_KEYS.maintenanceMetricsPort,
} as const;

export interface StackOverrides {
  readonly port?: number;
  readonly dataDir?: string;
  readonly ephemeral?: boolean;
}

/** The local stack's own settings; the workers' settings are checked by checkWorkerConfig. */
export function loadStackConfig(env: Env, overrides: StackOverrides = {}): StackConfig {
  const parsed = parseEnv(
    z.object({
      [ENV_KEYS.port]: envInt(0, 65_535, LOCAL_STACK.port),
      [ENV_KEYS.dataDir]: envString(LOCAL_STACK.dataDir),
      [ENV_KEYS.queueSync]: envEnum(['normal', 'full'], 'normal'),
      AWS_REGION: envString(LOCAL_STACK.region),
      [ENV_KEYS.ingestMetricsPort]: envInt(0, 65_535, LOCAL_STACK.metricsPorts.ingest),
      [ENV_KEYS.queryMetricsPort]: envInt(0, 65_535, LOCAL_STACK.metricsPorts.query),
      [ENV_KEYS.maintenanceMetricsPort]: envInt(0, 65_535, LOCAL_STACK.metricsPorts.maintenance),
      [ENV_KEYS.consolePort]: envInt(0, 65_535, LOCAL_STACK.consolePort),
    }),
    env,
  );
  return {
    port: overrides.port ?? parsed[ENV_KEYS.port],
    dataDir: resolve(overrides.dataDir ?? parsed[ENV_KEYS.dataDir]),
    dataDirSource: overrides.dataDir === undefined ? ENV_KEYS.dataDir : '--data-dir',
    region: parsed.AWS_REGION,
    ephemeral: overrides.ephemeral ?? false,
    queueSync: parsed[ENV_KEYS.queueSync],
    metricsPorts: {
      ingest: parsed[ENV_KEYS.ingestMetricsPort],
      query: parsed[ENV_KEYS.queryMetricsPort],
      maintenance: parsed[ENV_KEYS.maintenanceMetricsPort],
    },
    consolePort: parsed[ENV_KEYS.consolePort],
  };
}
