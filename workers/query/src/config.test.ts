import { ConfigError } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import { globToRegExp, loadQueryConfig } from './config.js';

describe('loadQueryConfig', () => {
  it('runs open locally, with any reply queue and the documented defaults', () => {
    const config = loadQueryConfig({ RIREKI_DATA_DIR: '/data' });

    expect(config).toMatchObject({
      mode: 'local',
      queue: 'rireki-search',
      engine: 'duckdb',
      lake: {
        lake: { kind: 'directory', path: '/data/lake' },
        catalog: { kind: 'local', directory: '/data/catalog' },
      },
      access: { mode: 'open' },
      replyQueues: null,
      maxSpanDays: 93,
      timeoutMs: 30_000,
      maxWaitMs: 10_000,
      replyInlineMaxBytes: 240 * 1024,
      concurrency: 20,
      receiveWaitS: 2,
      region: 'us-east-1',
    });
  });

  it('runs Athena over the Glue table of an s3:// lake in aws mode', () => {
    const config = loadQueryConfig({
      RIREKI_MODE: 'aws',
      RIREKI_LAKE: 's3://rireki-lake/prod',
      RIREKI_SEARCH_GRANTS: JSON.stringify({ ops: '*' }),
      RIREKI_REQUESTER_KEYS: JSON.stringify({ ops: 'o'.repeat(20) }),
      RIREKI_REPLY_QUEUES: 'https://sqs.eu-west-1.amazonaws.com/123/rireki-reply-*',
      RIREKI_ATHENA_WORKGROUP: 'rireki-prod',
    });

    expect(config).toMatchObject({
      engine: 'athena',
      lake: {
        lake: { kind: 's3', uri: 's3://rireki-lake/prod' },
        catalog: { kind: 'glue', database: 'rireki' },
        athenaWorkgroup: 'rireki-prod',
      },
      access: { mode: 'signed' },
      receiveWaitS: 20,
    });
  });

  it('requires signed access with grants, keys and a reply allowlist in aws mode', () => {
    const attempt = () => loadQueryConfig({ RIREKI_MODE: 'aws' });

    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/RIREKI_SEARCH_GRANTS: must be set in signed mode/);
    expect(attempt).toThrow(/RIREKI_REQUESTER_KEYS: must be set in signed mode/);
    expect(attempt).toThrow(/RIREKI_REPLY_QUEUES: must list the reply queue URLs/);
  });

  it('reads grants and keys, and names a granted requester without a key', () => {
    const env = {
      RIREKI_SEARCH_ACCESS: 'signed',
      RIREKI_SEARCH_GRANTS: JSON.stringify({ console: ['shop'], ops: '*', ghost: ['blog'] }),
      RIREKI_REQUESTER_KEYS: JSON.stringify({ console: 'k'.repeat(16), ops: 'o'.repeat(20) }),
    };

    expect(() => loadQueryConfig(env)).toThrow(
      'RIREKI_REQUESTER_KEYS: has no key for granted requester "ghost"',
    );
    const config = loadQueryConfig({
      ...env,
      RIREKI_SEARCH_GRANTS: JSON.stringify({ console: ['shop'], ops: '*' }),
    });
    expect(config.access).toEqual({
      mode: 'signed',
      grants: new Map<string, unknown>([
        ['console', ['shop']],
        ['ops', '*'],
      ]),
      keys: new Map([
        ['console', 'k'.repeat(16)],
        ['ops', 'o'.repeat(20)],
      ]),
    });
  });

  it('names each bad grant and key by its requester, and only those', () => {
    const attempt = () =>
      loadQueryConfig({
        RIREKI_SEARCH_ACCESS: 'signed',
        RIREKI_SEARCH_GRANTS: JSON.stringify({ console: ['shop'], ops: 'shop', audit: [1] }),
        RIREKI_REQUESTER_KEYS: JSON.stringify({ console: 'k'.repeat(16), ops: 'short', audit: 7 }),
      });

    const message = (() => {
      try {
        attempt();
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toContain('RIREKI_SEARCH_GRANTS.ops: must be "*" or an array of app codes');
    expect(message).toContain('RIREKI_SEARCH_GRANTS.audit: must be "*" or an array of app codes');
    expect(message).toContain('RIREKI_REQUESTER_KEYS.ops: must be a key of at least 16 characters');
    expect(message).toContain('RIREKI_REQUESTER_KEYS.audit: must be a key of at least 16 characters');
    expect(message).not.toContain('console');
    expect(message).not.toContain('has no key');
  });

  it.each([
    [{ RIREKI_SEARCH_ACCESS: 'closed' }, 'RIREKI_SEARCH_ACCESS: must be one of open, signed (got "closed")'],
    [
      { RIREKI_SEARCH_MAX_SPAN_DAYS: '0' },
      'RIREKI_SEARCH_MAX_SPAN_DAYS: must be an integer from 1 to 3660 (got "0")',
    ],
    [
      { RIREKI_SEARCH_ACCESS: 'signed', RIREKI_SEARCH_GRANTS: '[1]', RIREKI_REQUESTER_KEYS: '{}' },
      'RIREKI_SEARCH_GRANTS: must be a JSON object',
    ],
    [
      {
        RIREKI_SEARCH_ACCESS: 'signed',
        RIREKI_SEARCH_GRANTS: '{"a":"shop"}',
        RIREKI_REQUESTER_KEYS: '{"a":"short"}',
      },
      'RIREKI_SEARCH_GRANTS.a: must be "*" or an array of app codes',
    ],
    [
      { RIREKI_LAKE: 's3://bucket/lake' },
      'RIREKI_ENGINE: duckdb reads a directory lake; use athena for an s3:// lake',
    ],
    [{ RIREKI_ENGINE: 'athena' }, 'RIREKI_ENGINE: athena needs an s3:// lake (RIREKI_LAKE)'],
    [
      { RIREKI_SEARCH_MAX_WAIT_MS: '10s' },
      'RIREKI_SEARCH_MAX_WAIT_MS: must be an integer from 100 to 3600000 (got "10s")',
    ],
    [
      { RIREKI_SEARCH_MAX_WAIT_MS: '50' },
      'RIREKI_SEARCH_MAX_WAIT_MS: must be an integer from 100 to 3600000 (got "50")',
    ],
    [
      { RIREKI_LAKE: 's3://Bad_Bucket' },
      'RIREKI_LAKE: must be s3://<bucket>[/<prefix>] (got "s3://Bad_Bucket")',
    ],
  ])('names the bad variable: %j', (env, message) => {
    expect(() => loadQueryConfig(env)).toThrow(message);
  });

  it('reads the queue wait budget of a request', () => {
    expect(loadQueryConfig({ RIREKI_SEARCH_MAX_WAIT_MS: '750' }).maxWaitMs).toBe(750);
    expect(loadQueryConfig({ RIREKI_SEARCH_MAX_WAIT_MS: ' ' }).maxWaitMs).toBe(10_000);
  });

  it('turns reply queue patterns into anchored matchers', () => {
    const config = loadQueryConfig({
      RIREKI_REPLY_QUEUES:
        'https://sqs.eu-west-1.amazonaws.com/123/rireki-reply-*, http://127.0.0.1:4566/000000000000/mine',
    });

    const allowed = (url: string) => config.replyQueues?.some((pattern) => pattern.test(url));
    expect(allowed('https://sqs.eu-west-1.amazonaws.com/123/rireki-reply-abc')).toBe(true);
    expect(allowed('http://127.0.0.1:4566/000000000000/mine')).toBe(true);
    expect(allowed('http://127.0.0.1:4566/000000000000/mine-too')).toBe(false);
    expect(allowed('https://sqs.eu-west-1.amazonaws.com/999/rireki-reply-abc')).toBe(false);
    expect(globToRegExp('a.b*').test('aXb')).toBe(false);
  });
});
