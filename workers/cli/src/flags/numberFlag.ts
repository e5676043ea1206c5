import { InvalidArgumentError } from 'commander';

/** What a numeric flag accepts. */
export interface NumberFlagRange {
  readonly min?: number;
  readonly max?: number;
  /** Only whole numbers. @defaultValue true */
  readonly integer?: boolean;
}

function accepted(range: NumberFlagRange): string {
  const kind = range.integer === false ? 'a number' : 'a whole number';
  if (range.min !== undefined && range.max !== undefined) return `${kind} from ${range.min} to ${range.max}`;
  if (range.min !== undefined) return `${kind}, ${range.min} or more`;
  if (range.max !== undefined) return `${kind}, at most ${range.max}`;
  return kind;
}

/**
 * A commander argument parser for a numeric flag. Commander prefixes the flag's name
 * (`option '--timeout <ms>' argument 'abc' is invalid.`); the message adds what is accepted.
 */
export function numberFlag(range: NumberFlagRange = {}) {
  return (raw: string): number => {
    const value = Number(raw);
    const bad =
      raw.trim() === '' ||
      !Number.isFinite(value) ||
      (range.integer !== false && !Number.isInteger(value)) ||
      (range.min !== undefined && value < range.min) ||
      (range.max !== undefined && value > range.max);
    if (bad) throw new InvalidArgumentError(`It must be ${accepted(range)}.`);
    return value;
  };
}
