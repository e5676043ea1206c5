import { ConfigError, ENV_KEYS } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import { checkWorkerConfig } from './checkWorkerConfig.js';

const failure = (env: Record<string, string>) => {
  try {
    checkWorkerConfig({ [ENV_KEYS.mode]: 'local', ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
};

describe('checkWorkerConfig', () => {
  it('accepts the local defaults', () => {
    expect(() => checkWorkerConfig({ [ENV_KEYS.mode]: 'local' })).not.toThrow();
  });

  it("names an ingest worker's bad variable", () => {
    expect(failure({ [ENV_KEYS.flushMaxRows]: 'abc' })).toEqual([
      { path: ENV_KEYS.flushMaxRows, message: 'must be an integer from 1 to 10000000 (got "abc")' },
    ]);
  });

  it("names a query worker's bad variable", () => {
    expect(failure({ [ENV_KEYS.searchConcurrency]: '0' }).map((p) => p.path)).toEqual([
      ENV_KEYS.searchConcurrency,
    ]);
  });

  it('names a variable both workers read once, together with every other problem', () => {
    const problems = failure({ [ENV_KEYS.logLevel]: 'loud', [ENV_KEYS.flushMaxAgeMs]: '-1' });
    expect(problems.map((p) => p.path).sort()).toEqual([ENV_KEYS.flushMaxAgeMs, ENV_KEYS.logLevel]);
  });
});
