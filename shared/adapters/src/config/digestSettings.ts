import { resolve } from 'node:path';
import { ENV_KEYS, envEnum, envInt, envString, type FieldProblem, LOCAL_STACK } from '@rireki/contracts';
import type { WorkerMode } from './loadWorkerEnv.js';

/** How a writer keeps its digest chain (see DigestLedger). */
export interface DigestSettings {
  readonly enabled: boolean;
  /** How often pending records are sealed into a digest. @defaultValue 60 s (local), 5 min (aws) */
  readonly sealIntervalMs: number;
  /** When another writer's pending record counts as orphaned: three seal intervals. */
  readonly adoptAfterMs: number;
  readonly signing:
    | { readonly kind: 'local'; readonly keysDir: string }
    | { readonly kind: 'kms'; readonly keyId: string };
}

/** The environment keys of the digest settings, for a writer's loadWorkerEnv shape. */
export function digestSettingsShape(mode: WorkerMode) {
  return {
    [ENV_KEYS.digests]: envEnum(['on', 'off'], 'on'),
    [ENV_KEYS.digestIntervalMs]: envInt(1_000, 86_400_000, mode === 'local' ? 60_000 : 300_000),
    [ENV_KEYS.digestKmsKey]: envString(''),
    [ENV_KEYS.dataDir]: envString(LOCAL_STACK.dataDir),
  };
}

type Parsed = {
  readonly [ENV_KEYS.digests]: 'on' | 'off';
  readonly [ENV_KEYS.digestIntervalMs]: number;
  readonly [ENV_KEYS.digestKmsKey]: string;
  readonly [ENV_KEYS.dataDir]: string;
};

/** What is wrong across the digest settings: an aws writer signs with a KMS key, or not at all. */
export function digestSettingsProblems(parsed: Parsed, mode: WorkerMode): FieldProblem[] {
  if (mode !== 'aws' || parsed[ENV_KEYS.digests] === 'off' || parsed[ENV_KEYS.digestKmsKey] !== '') return [];
  return [
    {
      path: ENV_KEYS.digestKmsKey,
      message: `must name the KMS key digests are signed with in aws mode (the stack's DigestKey), or set ${ENV_KEYS.digests}=off`,
    },
  ];
}

/** The digest settings of a parsed environment (its problems already reported). */
export function digestSettingsOf(parsed: Parsed, mode: WorkerMode): DigestSettings {
  const sealIntervalMs = parsed[ENV_KEYS.digestIntervalMs];
  const kmsKey = parsed[ENV_KEYS.digestKmsKey];
  return {
    enabled: parsed[ENV_KEYS.digests] === 'on',
    sealIntervalMs,
    adoptAfterMs: 3 * sealIntervalMs,
    signing:
      mode === 'aws' || kmsKey !== ''
        ? { kind: 'kms', keyId: kmsKey }
        : { kind: 'local', keysDir: resolve(parsed[ENV_KEYS.dataDir], 'keys') },
  };
}
