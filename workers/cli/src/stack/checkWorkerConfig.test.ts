import { ConfigError } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import { checkWorkerConfig } from './checkWorkerConfig.js';

const failure = (env: Record<string, string>) => {
  try {
    checkWorkerConfig({ RIREKI_MODE: 'local', ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
};

describe('checkWorkerConfig', () => {
  it('accepts the local defaults', () => {
    expect(() => checkWorkerConfig({ RIREKI_MODE: 'local' })).not.toThrow();
  });

  it("names an ingest worker's bad variable", () => {
    expect(failure({ RIREKI_FLUSH_MAX_ROWS: 'abc' })).toEqual([
      { path: 'RIREKI_FLUSH_MAX_ROWS', message: 'must be an integer from 1 to 10000000 (got "abc")' },
    ]);
  });

  it("names a query worker's bad variable", () => {
    expect(failure({ RIREKI_SEARCH_CONCURRENCY: '0' }).map((p) => p.path)).toEqual([
      'RIREKI_SEARCH_CONCURRENCY',
    ]);
  });

  it('names a variable both workers read once, together with every other problem', () => {
    const problems = failure({ RIREKI_LOG_LEVEL: 'loud', RIREKI_FLUSH_MAX_AGE_MS: '-1' });
    expect(problems.map((p) => p.path).sort()).toEqual(['RIREKI_FLUSH_MAX_AGE_MS', 'RIREKI_LOG_LEVEL']);
  });
});
