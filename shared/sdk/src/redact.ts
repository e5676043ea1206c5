/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/**
 * Keys whose values never leave the app, matched case-insensitively at any depth of `params` and
 * `attributes`. Pass your own list to `redactKeys` to replace it, or extend it:
 *
 * @example
 * ```ts
 * createActionLogger({ sqs, queueUrl, redactKeys: [...DEFAULT_REDACT_KEYS, 'my_pin'] });
 * ```
 */
export const DEFAULT_REDACT_KEYS: readonly string[] = [
  'password',
  'password_confirmation',
  'current_password',
  'new_password',
  'passwd',
  'secret',
  'client_secret',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'auth_token',
  'api_key',
  'apikey',
  'x-api-key',
  'private_key',
  'authorization',
  'cookie',
  'set-cookie',
  'credit_card',
  'card_number',
  'cc_number',
  'cvv',
  'cvc',
  'ssn',
];

/** Lower-cases a key list once, so matching a key costs one lookup. */
export function toRedactSet(keys: readonly string[]): ReadonlySet<string> {
  return new Set(keys.map((key) => key.toLowerCase()));
}

/**
 * Returns a copy of `value` in which every property whose key is in `keys` (lower-cased) holds
 * `[REDACTED]`, at any depth of plain objects and arrays. Other objects (a Date, a Buffer) are
 * kept as they are, for JSON.stringify to write. A cycle becomes "[Circular]" instead of a stack
 * overflow in the request path.
 */
export function redact(value: unknown, keys: ReadonlySet<string>): unknown {
  return copy(value, keys, new Set());
}

function copy(value: unknown, keys: ReadonlySet<string>, ancestors: Set<object>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (!Array.isArray(value) && !isPlainObject(value)) return value;
  if (ancestors.has(value)) return '[Circular]';
  ancestors.add(value);
  let result: unknown;
  if (Array.isArray(value)) {
    result = value.map((item) => copy(item, keys, ancestors));
  } else {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = keys.has(key.toLowerCase()) ? REDACTED : copy(item, keys, ancestors);
    }
    result = out;
  }
  ancestors.delete(value);
  return result;
}

/** An object literal or `Object.create(null)` (as query parsers make), not a class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
