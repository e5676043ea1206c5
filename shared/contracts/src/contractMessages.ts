import type { z } from 'zod';

/**
 * The words every rireki contract uses for a broken field, in place of zod's defaults
 * ("Invalid input: expected number, received null"): what is accepted, in the contract's terms.
 * What was given is added by fieldProblems, from the issue's input.
 */
function contractMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      // z.int() refuses a non-number as "expected number": the contract says integer.
      return `must be ${typeWords(isInteger(issue.inst) ? 'int' : issue.expected)}`;
    case 'invalid_format':
      return issue.format === 'datetime'
        ? 'must be an RFC 3339 timestamp with offset, e.g. 2026-11-24T09:30:00+09:00'
        : `must be a valid ${issue.format}`;
    case 'too_small':
      return boundWords('least', issue.origin, Number(issue.minimum), issue.inclusive !== false);
    case 'too_big':
      return boundWords('most', issue.origin, Number(issue.maximum), issue.inclusive !== false);
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'unrecognized_keys': {
      const shape = (issue.inst as { shape?: Record<string, unknown> } | undefined)?.shape;
      const accepted = shape === undefined ? '' : `: accepted fields are ${Object.keys(shape).join(', ')}`;
      return `is not a field here${accepted}`;
    }
    case 'invalid_union':
      return 'does not match any accepted form';
    default:
      return undefined;
  }
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'a JSON object',
  record: 'a JSON object',
  array: 'an array',
  tuple: 'an array',
};

function isInteger(schema: unknown): boolean {
  return (schema as { format?: unknown } | undefined)?.format === 'safeint';
}

function typeWords(expected: string): string {
  return TYPE_WORDS[expected] ?? `of type ${expected}`;
}

function boundWords(side: 'least' | 'most', origin: string, bound: number, inclusive: boolean): string {
  if (origin === 'string') {
    if (side === 'least' && bound === 1) return 'must not be empty';
    return `must be at ${side} ${bound} characters`;
  }
  if (origin === 'array' || origin === 'set') return `must have at ${side} ${bound} items`;
  if (!inclusive) return `must be ${side === 'least' ? 'more' : 'less'} than ${bound}`;
  return `must be at ${side} ${bound}`;
}

/**
 * Parse options for every contract and configuration schema: rireki's messages, and the input
 * kept on each issue so that a problem can say what was given.
 */
export const CONTRACT_PARSE = { error: contractMessage, reportInput: true } as const;

/** A given value, short enough for one line of an error message. */
export function describeGiven(input: unknown): string {
  if (input === null) return 'null';
  if (typeof input === 'string') {
    if (input.length <= 60) return JSON.stringify(input);
    return `a string of ${input.length} characters, ${JSON.stringify(`${input.slice(0, 40)}…`)}`;
  }
  if (typeof input === 'number' || typeof input === 'boolean' || typeof input === 'bigint')
    return String(input);
  if (Array.isArray(input)) return `an array of ${input.length}`;
  if (typeof input === 'object') return 'an object';
  return typeof input;
}
