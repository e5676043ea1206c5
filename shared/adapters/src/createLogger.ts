import { type LevelWithSilent, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Structured JSON logs on stdout, one line per event, with the component's name on every line. */
export function createLogger(name: string, level: LevelWithSilent = 'info'): Logger {
  return pino({ name, level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}

/**
 * The logging functions of a component's events, one per event, each taking exactly the fields
 * `Fields` gives that event (none for an event whose fields are `undefined`), so a line with a
 * missing or misspelt field does not compile.
 */
export type EventLoggers<Fields> = {
  readonly [K in keyof Fields]: Fields[K] extends undefined ? () => void : (fields: Fields[K]) => void;
};
