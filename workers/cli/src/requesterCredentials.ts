import { ConfigError } from '@rireki/contracts';

export const REQUESTER_ENV = { name: 'RIREKI_REQUESTER', key: 'RIREKI_REQUESTER_KEY' } as const;

/**
 * The requester a command signs its searches as: both variables, or neither (unsigned). One
 * without the other is refused, where it used to send unsigned requests without a word.
 */
export function requesterCredentials(
  env: NodeJS.ProcessEnv,
): { readonly name: string; readonly key: string } | undefined {
  const name = env[REQUESTER_ENV.name]?.trim() || undefined;
  const key = env[REQUESTER_ENV.key]?.trim() || undefined;
  if (name !== undefined && key !== undefined) return { name, key };
  if (name === undefined && key === undefined) return undefined;
  const [missing, given] =
    name === undefined ? [REQUESTER_ENV.name, REQUESTER_ENV.key] : [REQUESTER_ENV.key, REQUESTER_ENV.name];
  throw new ConfigError([
    {
      path: missing,
      message: `is required when ${given} is set: a signed search needs the requester and its key`,
    },
  ]);
}
