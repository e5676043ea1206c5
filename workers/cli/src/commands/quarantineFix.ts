import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** An operator's fix of a quarantined event: returns the event to send, or null to leave it out. */
export type QuarantineFix = (event: Record<string, unknown>) => Record<string, unknown> | null;

/** One `--set field=value`: a dotted path, and the value as JSON when it parses, else as text. */
export interface FieldSetting {
  readonly path: readonly string[];
  readonly value: unknown;
}

/** Parses `--set field=value` (`status=200`, `attributes.tier=gold`, `userId="42"`). */
export function parseSetting(argument: string): FieldSetting {
  const at = argument.indexOf('=');
  const field = at > 0 ? argument.slice(0, at).trim() : '';
  if (field === '' || field.split('.').some((part) => part === '')) {
    throw new Error(`--set "${argument}": expected field=value, e.g. status=200 or attributes.tier=gold`);
  }
  const text = argument.slice(at + 1);
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // Not JSON: the text itself.
  }
  return { path: field.split('.'), value };
}

/** The event with each setting applied, creating objects along a dotted path. */
export function applySettings(
  event: Record<string, unknown>,
  settings: readonly FieldSetting[],
): Record<string, unknown> {
  const fixed = structuredClone(event);
  for (const { path, value } of settings) {
    let target: Record<string, unknown> = fixed;
    for (const part of path.slice(0, -1)) {
      const next = target[part];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) target[part] = {};
      target = target[part] as Record<string, unknown>;
    }
    target[path.at(-1) as string] = value;
  }
  return fixed;
}

/** Loads `--script fix.mjs`: its default export (or `fix`), a function from event to event or null. */
export async function loadFixScript(file: string): Promise<QuarantineFix> {
  const module = (await import(pathToFileURL(resolve(file)).href)) as { default?: unknown; fix?: unknown };
  const fix = module.default ?? module.fix;
  if (typeof fix !== 'function') {
    throw new Error(
      `--script ${file}: must export a function (default or "fix") from event to event or null`,
    );
  }
  return (event) => {
    const result: unknown = fix(event);
    if (result === null || result === undefined) return null;
    if (typeof result !== 'object' || Array.isArray(result)) {
      throw new Error(`--script ${file}: returned ${typeof result}, not an event object or null`);
    }
    return result as Record<string, unknown>;
  };
}

/**
 * The eventId a replayed event is sent with when it had none: derived from the record's place, so
 * that replaying it again (with any fix) lands on the same event, which ingest and search fold.
 */
export function replayEventId(file: string, line: number): string {
  return `q-${createHash('sha256').update(`${file}#${line}`).digest('hex').slice(0, 32)}`;
}
