import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { envEnum, envInt, envString, envUrl, parseEnv } from './env.js';
import { ConfigError, ERROR_CODES } from './errors.js';

const schema = z.object({
  RIREKI_FLUSH_MAX_ROWS: envInt(1, 1000, 50),
  RIREKI_MODE: envEnum(['local', 'aws'], 'local'),
  RIREKI_DATA_DIR: envString('./.rireki'),
  AWS_ENDPOINT_URL: envUrl(),
});

function parseError(env: Record<string, string>): ConfigError {
  try {
    parseEnv(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`parseEnv accepted ${JSON.stringify(env)}`);
}

describe('parseEnv', () => {
  it('gives every default when the variables are unset or blank', () => {
    // Prepare
    const env = { RIREKI_FLUSH_MAX_ROWS: '', RIREKI_MODE: '   ' };

    // Act
    const parsed = parseEnv(schema, env);

    // Assess
    expect(parsed).toEqual({
      RIREKI_FLUSH_MAX_ROWS: 50,
      RIREKI_MODE: 'local',
      RIREKI_DATA_DIR: './.rireki',
      AWS_ENDPOINT_URL: undefined,
    });
  });

  it('parses set values, trimming blanks and a trailing slash of a URL', () => {
    // Prepare
    const env = {
      RIREKI_FLUSH_MAX_ROWS: ' 1000 ',
      RIREKI_MODE: 'aws',
      RIREKI_DATA_DIR: ' /data ',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566/',
    };

    // Act
    const parsed = parseEnv(schema, env);

    // Assess
    expect(parsed).toEqual({
      RIREKI_FLUSH_MAX_ROWS: 1000,
      RIREKI_MODE: 'aws',
      RIREKI_DATA_DIR: '/data',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
    });
  });

  describe.each([
    { variable: 'RIREKI_FLUSH_MAX_ROWS', value: 'abc' },
    { variable: 'RIREKI_FLUSH_MAX_ROWS', value: '1.5' },
    { variable: 'RIREKI_FLUSH_MAX_ROWS', value: '0' },
    { variable: 'RIREKI_FLUSH_MAX_ROWS', value: '1001' },
    { variable: 'RIREKI_MODE', value: 'prod' },
    { variable: 'AWS_ENDPOINT_URL', value: 'ftp://example.com' },
    { variable: 'AWS_ENDPOINT_URL', value: 'not a url' },
  ])('$variable="$value"', ({ variable, value }) => {
    it('throws a ConfigError whose message names the variable and the bad value', () => {
      // Act
      const error = parseError({ [variable]: value });

      // Assess
      expect(error.code).toBe(ERROR_CODES.configInvalid);
      expect(error.retryable).toBe(false);
      expect(error.message).toContain(variable);
      expect(error.message).toContain(`"${value}"`);
      expect(error.problems.map((problem) => problem.path)).toEqual([variable]);
    });
  });

  it('names every bad variable in one error', () => {
    // Act
    const error = parseError({ RIREKI_FLUSH_MAX_ROWS: 'abc', RIREKI_MODE: 'prod' });

    // Assess
    expect(error.problems.map((problem) => problem.path).sort()).toEqual([
      'RIREKI_FLUSH_MAX_ROWS',
      'RIREKI_MODE',
    ]);
  });
});
