/** `1 event`, `2 events`: a count with its noun, for the command's own lines. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
