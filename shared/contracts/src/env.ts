import { z } from 'zod';
import { CONTRACT_PARSE } from './contractMessages.js';
import { ConfigError, type FieldProblem } from './errors.js';
import { fieldProblems } from './fieldProblems.js';

/**
 * Helpers to parse configuration from environment variables once at start-up. A bad value fails
 * fast with the variable's name, what it must be and what it was.
 */

export type Env = Readonly<Record<string, string | undefined>>;

/** An integer variable in [min, max]; empty or unset gives the default. */
export function envInt(min: number, max: number, defaultValue: number) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return defaultValue;
      const value = Number(raw.trim());
      if (!Number.isInteger(value) || value < min || value > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer from ${min} to ${max} (got "${raw}")` });
        return z.NEVER;
      }
      return value;
    });
}

/** A variable that must be one of `values`. */
export function envEnum<const T extends readonly [string, ...string[]]>(values: T, defaultValue: T[number]) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): T[number] => {
      if (raw === undefined || raw.trim() === '') return defaultValue;
      const value = raw.trim();
      if (!(values as readonly string[]).includes(value)) {
        ctx.addIssue({ code: 'custom', message: `must be one of ${values.join(', ')} (got "${raw}")` });
        return z.NEVER;
      }
      return value;
    });
}

/** An optional http(s) URL. */
export function envUrl() {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return undefined;
      try {
        const url = new URL(raw.trim());
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
        return url.toString().replace(/\/$/, '');
      } catch {
        ctx.addIssue({ code: 'custom', message: `must be an http(s) URL (got "${raw}")` });
        return z.NEVER;
      }
    });
}

/** A string variable; empty or unset gives the default. */
export function envString(defaultValue: string) {
  return z
    .string()
    .optional()
    .transform((raw) => (raw === undefined || raw.trim() === '' ? defaultValue : raw.trim()));
}

/** Parses `env` with a schema whose keys are variable names; throws ConfigError naming each bad variable. */
export function parseEnv<S extends z.ZodObject>(schema: S, env: Env): z.output<S> {
  const result = schema.safeParse(env, CONTRACT_PARSE);
  if (result.success) return result.data;
  throw new ConfigError(fieldProblems(result.error));
}

/** Runs a configuration parser; its ConfigError's problems go to `problems` instead of being thrown. */
export function collectProblems<T>(problems: FieldProblem[], parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ConfigError) {
      problems.push(...error.problems);
      return undefined;
    }
    throw error;
  }
}

/**
 * Runs several configuration parsers and throws one ConfigError with the problems of all of them,
 * so that a start-up names every bad variable at once.
 */
export function parseAll<T extends readonly unknown[]>(...parsers: { [K in keyof T]: () => T[K] }): T {
  const problems: FieldProblem[] = [];
  const results = parsers.map((parse) => collectProblems(problems, parse));
  if (problems.length > 0) throw new ConfigError(problems);
  return results as unknown as T;
}

/** The value of a variable that holds a JSON object, or undefined when it holds anything else. */
export function jsonObjectOf(raw: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
