import { ACTION_LOG_LIMITS, actionLogJsonSchema, type EventCheck } from '@rireki/contracts';
import { Ajv2020 } from 'ajv/dist/2020.js';

/** A UTF-16 surrogate: where Ajv's string lengths (code points) and zod's (code units) part. */
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * The event schema compiled to one function (Ajv, from the JSON Schema the contracts publish), for
 * parseLakeRow: several times faster than walking the zod schema, which stays the one definition
 * and still words every problem of an event this check refuses. The check accepts only what zod
 * accepts too, refusing what the two could judge apart: strings with surrogates (Ajv counts their
 * length in code points, zod in UTF-16 units), numbers that are not finite (a literal like 1e999
 * parses to Infinity, which JSON Schema's number takes), and more attributes than the limit (a zod
 * refinement, which JSON Schema does not carry), and an own "__proto__" key in params or attributes
 * (zod's copy of those records drops it). The date-time pattern is zod's own, so the format
 * keyword is left to it.
 */
export function compiledEventCheck(): EventCheck {
  const { $defs } = actionLogJsonSchema() as { $defs: { event: object } };
  const matchesSchema = new Ajv2020({ validateFormats: false }).compile($defs.event);
  return (event) => {
    if (!matchesSchema(event)) return false;
    for (const key in event) if (!plainValue(event[key])) return false;
    const { attributes, params } = event;
    // zod copies these two records key by key, and an own "__proto__" key does not survive that.
    if (hasOwnProto(params) || hasOwnProto(attributes)) return false;
    if (typeof attributes === 'object' && attributes !== null) {
      let keys = 0;
      for (const key in attributes) {
        keys++;
        if (SURROGATE.test(key) || !plainValue((attributes as Record<string, unknown>)[key])) return false;
      }
      if (keys > ACTION_LOG_LIMITS.attributeCount) return false;
    }
    return true;
  };
}

function hasOwnProto(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__');
}

/** Neither a string Ajv and zod could measure apart nor a number that is not finite. */
function plainValue(value: unknown): boolean {
  if (typeof value === 'string') return !SURROGATE.test(value);
  if (typeof value === 'number') return Number.isFinite(value);
  return true;
}
