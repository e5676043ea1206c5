import { SLOT_WIDTHS_MS } from '../sql/aggregateQueries.js';

/**
 * The widest slot that lies inside one bucket wherever it falls: no wider than the narrowest
 * bucket, and with every boundary on a slot's start. Zones with offsets of whole quarter hours
 * get 15-minute slots (or the interval's own width below that); anything else a finer slot.
 */
export function slotWidthFor(boundaries: readonly number[]): (typeof SLOT_WIDTHS_MS)[number] {
  let narrowest = Number.POSITIVE_INFINITY;
  for (let i = 1; i < boundaries.length; i += 1) {
    narrowest = Math.min(narrowest, (boundaries[i] as number) - (boundaries[i - 1] as number));
  }
  const width = SLOT_WIDTHS_MS.find(
    (candidate) => candidate <= narrowest && boundaries.every((boundary) => boundary % candidate === 0),
  );
  return width ?? 1;
}

/** The index of the bucket holding an instant: the last boundary at or before it. */
export function bucketIndex(boundaries: readonly number[], ms: number): number {
  let low = 0;
  let high = boundaries.length - 2;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((boundaries[middle] as number) <= ms) low = middle;
    else high = middle - 1;
  }
  return low;
}
