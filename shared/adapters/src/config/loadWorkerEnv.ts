import {
  ConfigError,
  collectProblems,
  ENV_KEYS,
  type Env,
  envEnum,
  type FieldProblem,
  parseEnv,
} from '@rireki/contracts';
import { z } from 'zod';
import { type AwsSettings, loadAwsSettings } from './awsSettings.js';
import { type LakeSettings, loadLakeSettings } from './lakeSettings.js';

export type WorkerMode = 'local' | 'aws';

/** A worker's environment, read: its mode, its own settings, and the lake and AWS settings both share. */
export interface WorkerEnv<S extends z.ZodRawShape> {
  readonly mode: WorkerMode;
  readonly settings: z.output<z.ZodObject<S>>;
  readonly lake: LakeSettings;
  readonly aws: AwsSettings;
}

const MODE = envEnum(['local', 'aws'], 'local');

/**
 * The one way a worker reads its environment. The mode comes first, because the defaults of the
 * other settings depend on it (a bad mode is reported with the rest, the defaults taken as local).
 * Then the worker's own keys, the lake and the AWS settings, and last the worker's checks across
 * settings, which see the lake when it could be read. One ConfigError names every bad variable.
 */
export function loadWorkerEnv<S extends z.ZodRawShape>(
  env: Env,
  shapeFor: (mode: WorkerMode) => S,
  checkAcross: (
    settings: z.output<z.ZodObject<S>>,
    lake: LakeSettings | undefined,
    mode: WorkerMode,
  ) => FieldProblem[] = () => [],
): WorkerEnv<S> {
  const modeResult = MODE.safeParse(env[ENV_KEYS.mode]);
  const mode: WorkerMode = modeResult.success ? modeResult.data : 'local';
  const schema = z.object({ [ENV_KEYS.mode]: MODE, ...shapeFor(mode) }) as unknown as z.ZodObject<S>;
  const problems: FieldProblem[] = [];
  const settings = collectProblems(problems, () => parseEnv(schema, env));
  const lake = collectProblems(problems, () => loadLakeSettings(env, mode));
  const aws = collectProblems(problems, () => loadAwsSettings(env, mode));
  if (settings !== undefined) problems.push(...checkAcross(settings, lake, mode));
  if (problems.length > 0 || settings === undefined || lake === undefined || aws === undefined) {
    throw new ConfigError(problems);
  }
  return { mode, settings, lake, aws };
}
