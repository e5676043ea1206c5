import { resolve } from 'node:path';
import {
  ConfigError,
  ENV_KEYS,
  type Env,
  envEnum,
  envString,
  LOCAL_STACK,
  parseEnv,
} from '@rireki/contracts';
import { z } from 'zod';

/** Where the lake is and how its partitions are catalogued; parsed once, shared by both workers. */
export interface LakeSettings {
  readonly lake:
    | { readonly kind: 'directory'; readonly path: string }
    | { readonly kind: 's3'; readonly uri: string };
  readonly catalog:
    | { readonly kind: 'local'; readonly directory: string }
    | { readonly kind: 'glue'; readonly database: string }
    | { readonly kind: 'athena-ddl'; readonly database: string; readonly workgroup: string };
  /** Server-side encryption of what the workers write to S3. */
  readonly s3Encryption: { readonly sse?: 'AES256' | 'aws:kms'; readonly kmsKeyId?: string };
  /** Glue database and Athena workgroup, for the Athena engine. */
  readonly glueDatabase: string;
  readonly athenaWorkgroup: string;
}

const NAME = /^[a-z0-9_]{1,255}$/;
const WORKGROUP = /^[a-zA-Z0-9._-]{1,128}$/;

/**
 * Reads RIREKI_DATA_DIR, RIREKI_LAKE, RIREKI_CATALOG, RIREKI_GLUE_DATABASE, RIREKI_ATHENA_WORKGROUP,
 * RIREKI_S3_SSE and RIREKI_S3_KMS_KEY_ID. Local mode defaults to a directory lake with the local
 * catalog; aws mode needs an s3:// lake and defaults to the Glue catalog.
 */
export function loadLakeSettings(env: Env, mode: 'local' | 'aws'): LakeSettings {
  const parsed = parseEnv(
    z.object({
      [ENV_KEYS.dataDir]: envString(LOCAL_STACK.dataDir),
      [ENV_KEYS.lake]: envString(''),
      [ENV_KEYS.catalog]: envEnum(['local', 'glue', 'athena-ddl'], mode === 'aws' ? 'glue' : 'local'),
      [ENV_KEYS.glueDatabase]: envString('rireki'),
      [ENV_KEYS.athenaWorkgroup]: envString('rireki'),
      [ENV_KEYS.s3Sse]: envEnum(['none', 'AES256', 'aws:kms'], 'none'),
      [ENV_KEYS.s3KmsKeyId]: envString(''),
    }),
    env,
  );
  const problems: Array<{ path: string; message: string }> = [];
  const lakeRaw = parsed[ENV_KEYS.lake];
  const dataDir = resolve(parsed[ENV_KEYS.dataDir]);
  let lake: LakeSettings['lake'];
  if (lakeRaw.startsWith('s3://')) {
    if (!/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[^\s]*)?$/.test(lakeRaw)) {
      problems.push({ path: ENV_KEYS.lake, message: `must be s3://<bucket>[/<prefix>] (got "${lakeRaw}")` });
    }
    lake = { kind: 's3', uri: lakeRaw.replace(/\/+$/, '') };
  } else {
    if (mode === 'aws') {
      problems.push({ path: ENV_KEYS.lake, message: `must be an s3:// URI in aws mode (got "${lakeRaw}")` });
    }
    lake = { kind: 'directory', path: lakeRaw === '' ? resolve(dataDir, 'lake') : resolve(lakeRaw) };
  }
  const database = parsed[ENV_KEYS.glueDatabase];
  if (!NAME.test(database)) {
    problems.push({
      path: ENV_KEYS.glueDatabase,
      message: `must be lowercase letters, digits and _ (got "${database}")`,
    });
  }
  const workgroup = parsed[ENV_KEYS.athenaWorkgroup];
  if (!WORKGROUP.test(workgroup)) {
    problems.push({
      path: ENV_KEYS.athenaWorkgroup,
      message: `must be 1-128 of a-z A-Z 0-9 . _ - (got "${workgroup}")`,
    });
  }
  const catalogKind = parsed[ENV_KEYS.catalog];
  // In aws mode a non-s3 lake is reported above already.
  if (catalogKind !== 'local' && lake.kind !== 's3' && mode === 'local') {
    problems.push({ path: ENV_KEYS.catalog, message: `"${catalogKind}" needs an s3:// lake (RIREKI_LAKE)` });
  }
  const sse = parsed[ENV_KEYS.s3Sse];
  const kmsKeyId = parsed[ENV_KEYS.s3KmsKeyId];
  if (kmsKeyId !== '' && sse !== 'aws:kms') {
    problems.push({ path: ENV_KEYS.s3KmsKeyId, message: 'is only used with RIREKI_S3_SSE=aws:kms' });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const catalog: LakeSettings['catalog'] =
    catalogKind === 'local'
      ? { kind: 'local', directory: resolve(dataDir, 'catalog') }
      : catalogKind === 'glue'
        ? { kind: 'glue', database }
        : { kind: 'athena-ddl', database, workgroup };
  return {
    lake,
    catalog,
    s3Encryption: {
      ...(sse === 'none' ? {} : { sse }),
      ...(kmsKeyId === '' ? {} : { kmsKeyId }),
    },
    glueDatabase: database,
    athenaWorkgroup: workgroup,
  };
}
