/**
 * The value as a literal inside a LIKE pattern: `%`, `_` and the escape character `\` are escaped,
 * to be used with `ESCAPE '\'`.
 */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, '\\$&');
}

export function prefixPattern(value: string): string {
  return `${escapeLike(value)}%`;
}

export function containsPattern(value: string): string {
  return `%${escapeLike(value)}%`;
}
