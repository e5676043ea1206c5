import { ConfigError } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import { requesterCredentials } from './requesterCredentials.js';

describe('requesterCredentials', () => {
  it('signs with both, sends unsigned with neither', () => {
    expect(requesterCredentials({ RIREKI_REQUESTER: 'ops', RIREKI_REQUESTER_KEY: 'k' })).toEqual({
      name: 'ops',
      key: 'k',
    });
    expect(requesterCredentials({})).toBeUndefined();
  });

  it.each([
    [{ RIREKI_REQUESTER: 'ops' }, /RIREKI_REQUESTER_KEY: is required when RIREKI_REQUESTER is set/],
    [{ RIREKI_REQUESTER_KEY: 'k' }, /RIREKI_REQUESTER: is required when RIREKI_REQUESTER_KEY is set/],
  ])('refuses one without the other: %o', (env, message) => {
    expect(() => requesterCredentials(env)).toThrow(ConfigError);
    expect(() => requesterCredentials(env)).toThrow(message);
  });
});
