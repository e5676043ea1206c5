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
}

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
  };
}
