import { resolve } from 'node:path';
import { ConfigError, ERROR_CODES } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import { loadIngestConfig } from './config.js';

const MiB = 1024 * 1024;

function configError(env: Record<string, string>): ConfigError {
  try {
    loadIngestConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadIngestConfig accepted ${JSON.stringify(env)}`);
}

describe('loadIngestConfig', () => {
  it('defaults to local mode, favouring freshness', () => {
    // Act
    const config = loadIngestConfig({});

    // Assess
    expect(config).toEqual({
      mode: 'local',
      queue: 'rireki-ingest',
      lake: {
        lake: { kind: 'directory', path: resolve('.rireki', 'lake') },
        catalog: { kind: 'local', directory: resolve('.rireki', 'catalog') },
        s3Encryption: {},
        glueDatabase: 'rireki',
        athenaWorkgroup: 'rireki',
      },
      flush: { maxRows: 50_000, maxBytes: 32 * MiB, maxAgeMs: 1_000 },
      maxBufferedBytes: 32 * MiB,
      visibilityTimeoutS: 60,
      receiveWaitS: 2,
      receivers: 2,
      drainTimeoutMs: 30_000,
      logLevel: 'info',
      metricsPort: 9466,
      digests: {
        enabled: true,
        sealIntervalMs: 60_000,
        adoptAfterMs: 180_000,
        signing: { kind: 'local', keysDir: resolve('.rireki', 'keys') },
      },
      region: 'us-east-1',
      sqsEndpoint: undefined,
    });
  });

  it('defaults in aws mode to large files, long polls and the SDK region chain', () => {
    // Act
    const config = loadIngestConfig({
      RIREKI_MODE: 'aws',
      RIREKI_LAKE: 's3://rireki-lake',
      RIREKI_DIGEST_KMS_KEY: 'arn:aws:kms:us-east-1:123456789012:key/k',
    });

    // Assess
    expect(config).toMatchObject({
      mode: 'aws',
      lake: { lake: { kind: 's3', uri: 's3://rireki-lake' }, catalog: { kind: 'glue', database: 'rireki' } },
      flush: { maxRows: 1_000_000, maxBytes: 128 * MiB, maxAgeMs: 60_000 },
      maxBufferedBytes: 256 * MiB,
      receiveWaitS: 20,
      digests: {
        enabled: true,
        sealIntervalMs: 300_000,
        adoptAfterMs: 900_000,
        signing: { kind: 'kms', keyId: 'arn:aws:kms:us-east-1:123456789012:key/k' },
      },
      region: undefined,
    });
  });

  it('reads every variable it is given', () => {
    // Prepare
    const env = {
      RIREKI_MODE: 'aws',
      RIREKI_DATA_DIR: '/srv/rireki',
      RIREKI_INGEST_QUEUE: 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/rireki-ingest',
      RIREKI_LAKE: 's3://rireki-lake/prod/',
      RIREKI_S3_SSE: 'aws:kms',
      RIREKI_S3_KMS_KEY_ID: 'alias/rireki',
      RIREKI_FLUSH_MAX_ROWS: '1000',
      RIREKI_FLUSH_MAX_BYTES: '2048',
      RIREKI_FLUSH_MAX_AGE_MS: '500',
      RIREKI_MAX_BUFFERED_BYTES: String(2 * MiB),
      RIREKI_VISIBILITY_TIMEOUT_S: '120',
      RIREKI_RECEIVE_WAIT_S: '0',
      RIREKI_RECEIVERS: '4',
      RIREKI_DRAIN_TIMEOUT_MS: '5000',
      RIREKI_LOG_LEVEL: 'debug',
      RIREKI_INGEST_METRICS_PORT: '19466',
      RIREKI_DIGESTS: 'off',
      RIREKI_DIGEST_INTERVAL_MS: '10000',
      AWS_REGION: 'ap-northeast-1',
      AWS_ENDPOINT_URL: 'http://localhost:9000',
      AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:4566/',
    };

    // Act
    const config = loadIngestConfig(env);

    // Assess
    expect(config).toEqual({
      mode: 'aws',
      queue: env.RIREKI_INGEST_QUEUE,
      lake: {
        lake: { kind: 's3', uri: 's3://rireki-lake/prod' },
        catalog: { kind: 'glue', database: 'rireki' },
        s3Encryption: { sse: 'aws:kms', kmsKeyId: 'alias/rireki' },
        glueDatabase: 'rireki',
        athenaWorkgroup: 'rireki',
      },
      flush: { maxRows: 1000, maxBytes: 2048, maxAgeMs: 500 },
      maxBufferedBytes: 2 * MiB,
      visibilityTimeoutS: 120,
      receiveWaitS: 0,
      receivers: 4,
      drainTimeoutMs: 5000,
      logLevel: 'debug',
      metricsPort: 19466,
      digests: {
        enabled: false,
        sealIntervalMs: 10_000,
        adoptAfterMs: 30_000,
        signing: { kind: 'kms', keyId: '' },
      },
      region: 'ap-northeast-1',
      sqsEndpoint: 'http://127.0.0.1:4566',
    });
  });

  it('takes RIREKI_LAKE over the data directory for the lake, not for the catalog', () => {
    // Act
    const config = loadIngestConfig({ RIREKI_DATA_DIR: '/srv/rireki', RIREKI_LAKE: '/mnt/lake' });

    // Assess
    expect(config.lake.lake).toEqual({ kind: 'directory', path: '/mnt/lake' });
    expect(config.lake.catalog).toEqual({ kind: 'local', directory: '/srv/rireki/catalog' });
  });

  it('falls back to AWS_ENDPOINT_URL when AWS_ENDPOINT_URL_SQS is unset', () => {
    // Act
    const config = loadIngestConfig({ AWS_ENDPOINT_URL: 'http://localhost:4566' });

    // Assess
    expect(config.sqsEndpoint).toBe('http://localhost:4566');
  });

  describe.each([
    { variable: 'RIREKI_FLUSH_MAX_ROWS', value: 'abc' },
    { variable: 'RIREKI_FLUSH_MAX_ROWS', value: '0' },
    { variable: 'RIREKI_FLUSH_MAX_AGE_MS', value: '10' },
    { variable: 'RIREKI_MODE', value: 'prod' },
    { variable: 'RIREKI_LAKE', value: 's3://x' },
    { variable: 'RIREKI_VISIBILITY_TIMEOUT_S', value: '5' },
    { variable: 'RIREKI_RECEIVERS', value: '2.5' },
    { variable: 'RIREKI_LOG_LEVEL', value: 'verbose' },
    { variable: 'AWS_ENDPOINT_URL_SQS', value: 'ftp://example.com' },
  ])('$variable=$value', ({ variable, value }) => {
    it('fails with a ConfigError naming the variable and the value', () => {
      // Act
      const error = configError({ [variable]: value });

      // Assess
      expect(error.code).toBe(ERROR_CODES.configInvalid);
      expect(error.problems.map((problem) => problem.path)).toEqual([variable]);
      expect(error.message).toContain(variable);
      expect(error.message).toContain(`"${value}"`);
    });
  });

  it('needs an s3:// lake in aws mode', () => {
    // Act
    const error = configError({ RIREKI_MODE: 'aws', RIREKI_DATA_DIR: '/srv' });

    // Assess
    expect(error.problems).toEqual([
      { path: 'RIREKI_LAKE', message: 'must be an s3:// URI in aws mode (got "")' },
      {
        path: 'RIREKI_DIGEST_KMS_KEY',
        message:
          "must name the KMS key digests are signed with in aws mode (the stack's DigestKey), or set RIREKI_DIGESTS=off",
      },
    ]);
  });

  it('names every bad variable at once, the mode included', () => {
    // Act
    const error = configError({ RIREKI_MODE: 'prod', RIREKI_FLUSH_MAX_ROWS: 'abc' });

    // Assess
    expect(error.problems.map((problem) => problem.path).sort()).toEqual([
      'RIREKI_FLUSH_MAX_ROWS',
      'RIREKI_MODE',
    ]);
  });
});
