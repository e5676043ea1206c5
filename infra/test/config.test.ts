import { ConfigError } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import { PLACEHOLDER_IMAGE_URI, readRirekiConfig } from '../lib/index.js';

function read(context: Record<string, unknown>, env: Record<string, string> = {}) {
  return readRirekiConfig((key) => context[key], env);
}

function problems(context: Record<string, unknown>, env: Record<string, string> = {}): string[] {
  try {
    read(context, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => p.path);
  }
  throw new Error('expected a ConfigError');
}

describe('readRirekiConfig', () => {
  it('has a default for everything, and an environment-agnostic stack', () => {
    const config = read({});

    expect(config).toMatchObject({
      stackName: 'Rireki',
      account: undefined,
      region: undefined,
      imageUri: PLACEHOLDER_IMAGE_URI,
      imageFromAsset: false,
      lakePrefix: 'rireki',
      lakeEncryption: 's3',
      lakeVersioned: false,
      retention: new Map(),
      quarantineRetentionDays: 30,
      resultsRetentionDays: 1,
      bytesScannedCutoffPerQuery: 10 * 1024 ** 3,
      replyQueuePattern: 'rireki-reply-*',
      ingest: { cpu: 1024, memoryMiB: 2048, minTasks: 1, maxTasks: 4, backlogPerTask: 10_000 },
      query: { cpu: 512, memoryMiB: 1024, minTasks: 1, maxTasks: 4, backlogPerTask: 20 },
      maintenance: { cpu: 1024, memoryMiB: 2048 },
    });
  });

  it('takes the strings of `-c key=value` as well as JSON values', () => {
    const config = read({
      lakeVersioned: 'true',
      retention: '{"shop": 400, "*": 90}',
      resultsRetentionDays: '2',
      ingestMaxTasks: '10',
      queryCpu: '1024',
      queryMemoryMiB: 4096,
      logRetentionDays: '90',
    });

    expect(config.lakeVersioned).toBe(true);
    expect(config.retention).toEqual(
      new Map([
        ['shop', 400],
        ['*', 90],
      ]),
    );
    expect(config.resultsRetentionDays).toBe(2);
    expect(config.ingest.maxTasks).toBe(10);
    expect(config.query).toMatchObject({ cpu: 1024, memoryMiB: 4096 });
    expect(config.logRetentionDays).toBe(90);
  });

  it('takes the account and region from context, else from the CDK CLI when it knows both', () => {
    expect(
      read({}, { CDK_DEFAULT_ACCOUNT: '111111111111', CDK_DEFAULT_REGION: 'ap-northeast-1' }),
    ).toMatchObject({
      account: '111111111111',
      region: 'ap-northeast-1',
    });
    expect(read({ region: 'eu-west-1' }, { CDK_DEFAULT_REGION: 'ap-northeast-1' }).region).toBe('eu-west-1');
    // What the CLI passes without credentials: the stack stays environment-agnostic.
    expect(read({}, { CDK_DEFAULT_REGION: 'us-east-1' })).toMatchObject({
      account: undefined,
      region: undefined,
    });
  });

  it('names every bad key at once', () => {
    expect(
      problems({
        lakePrefix: '/rireki/',
        lakeEncryption: 'aes',
        bytesScannedCutoffPerQuery: 1000,
        ingestMinTasks: 0,
        queryCpu: 300,
        logRetentionDays: 31,
        replyQueuePattern: 'https://sqs/x',
      }).sort(),
    ).toEqual(
      [
        'bytesScannedCutoffPerQuery',
        'ingestMinTasks',
        'lakeEncryption',
        'lakePrefix',
        'logRetentionDays',
        'queryCpu',
        'replyQueuePattern',
      ].sort(),
    );
  });

  it('says, for each bad key, what is accepted and what was given', () => {
    try {
      read({
        lakeEncryption: 'aes',
        natGateways: '4',
        lakeVersioned: 'yes',
        vpcId: 'vpc-1',
        ingestMemoryMiB: 512,
      });
    } catch (error) {
      expect((error as ConfigError).message).toBe(
        [
          'invalid configuration:',
          '  vpcId: must match ^vpc-[0-9a-f]{8,17}$ (got "vpc-1")',
          '  natGateways: must be an integer from 1 to 3 (got "4")',
          '  lakeEncryption: must be one of s3, kms (got "aes")',
          '  lakeVersioned: must be true or false (got "yes")',
          '  ingestMemoryMiB: must be an integer from 2048 to 8192 (got 512)',
        ].join('\n'),
      );
      return;
    }
    throw new Error('expected a ConfigError');
  });

  it('reads retention as the maintenance worker does, from a JSON object or its text', () => {
    const days = new Map<string, number | null>([
      ['shop', 400],
      ['audit', null],
      ['*', 90],
    ]);

    expect(read({ retention: { shop: 400, audit: 'unlimited', '*': 90 } }).retention).toEqual(days);
    expect(read({ retention: '{"shop":400,"audit":"unlimited","*":90}' }).retention).toEqual(days);
    expect(read({ retention: {} }).retention).toEqual(new Map());
    expect(read({ retention: '' }).retention).toEqual(new Map());
  });

  it('refuses bad retention naming the setting and its entry, and the retired actionLogsRetentionDays', () => {
    expect(
      problems({
        retention: { shop: 0, 'Not An App': 30, blog: 'forever', '*': 90 },
        quarantineRetentionDays: 0,
        resultsRetentionDays: '36501',
        actionLogsRetentionDays: 400,
      }).sort(),
    ).toEqual(
      [
        'retention.shop',
        'retention.Not An App',
        'retention.blog',
        'quarantineRetentionDays',
        'resultsRetentionDays',
        'actionLogsRetentionDays',
      ].sort(),
    );
    expect(problems({ retention: '[90]' })).toEqual(['retention']);
    expect(problems({ retention: 90 })).toEqual(['retention']);
    expect(() => read({ retention: { shop: 0 } })).toThrow(
      'retention.shop: must be a number of days from 1 to 36500, or "unlimited" (got 0)',
    );
    expect(() => read({ actionLogsRetentionDays: '400' })).toThrow(
      'actionLogsRetentionDays: is no longer read: give days per app in retention',
    );
  });

  it('sizes the maintenance task as the others, memory fitting the CPU', () => {
    expect(read({ maintenanceCpu: '2048', maintenanceMemoryMiB: 8192 }).maintenance).toEqual({
      cpu: 2048,
      memoryMiB: 8192,
    });
    expect(problems({ maintenanceCpu: 2048, maintenanceMemoryMiB: 2048 })).toEqual(['maintenanceMemoryMiB']);
  });

  it('refuses memory that does not fit the Fargate CPU size, and max below min', () => {
    expect(problems({ ingestCpu: 256, ingestMemoryMiB: 4096 })).toEqual(['ingestMemoryMiB']);
    expect(problems({ queryMinTasks: 5, queryMaxTasks: 2 })).toEqual(['queryMaxTasks']);
    expect(() => read({ queryMinTasks: 5, queryMaxTasks: 2 })).toThrow(
      'queryMaxTasks: must be at least queryMinTasks (5) (got 2)',
    );
  });

  it('needs an account and region to look up a VPC, and one image source', () => {
    expect(problems({ vpcId: 'vpc-0123456789abcdef0' })).toEqual(['vpcId']);
    expect(read({ vpcId: 'vpc-0123456789abcdef0', account: '123456789012', region: 'eu-west-1' }).vpcId).toBe(
      'vpc-0123456789abcdef0',
    );
    expect(problems({ imageFromAsset: true, imageUri: 'rireki:1' })).toEqual(['imageFromAsset']);
  });
});
