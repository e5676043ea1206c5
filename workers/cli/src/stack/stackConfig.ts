import { resolve } from 'node:path';
import { ENV_KEYS, type Env, envInt, envString, LOCAL_STACK, parseEnv } from '@rireki/contracts';
import { z } from 'zod';

export interface StackConfig {
  readonly port: number;
  readonly dataDir: string;
  readonly region: string;
}

/** The local stack's own settings; the workers validate theirs when they start. */
export function loadStackConfig(env: Env, overrides: { port?: number; dataDir?: string } = {}): StackConfig {
  const parsed = parseEnv(
    z.object({
      [ENV_KEYS.port]: envInt(0, 65_535, LOCAL_STACK.port),
      [ENV_KEYS.dataDir]: envString(LOCAL_STACK.dataDir),
      AWS_REGION: envString(LOCAL_STACK.region),
    }),
    env,
  );
  return {
    port: overrides.port ?? parsed[ENV_KEYS.port],
    dataDir: resolve(overrides.dataDir ?? parsed[ENV_KEYS.dataDir]),
    region: parsed.AWS_REGION,
  };
}
