import { compactTimestamp } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import { filesToCompact } from './compactPartition.js';
import type { CompactionPolicy } from './config.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const POLICY: CompactionPolicy = { quietMs: 60_000, minFiles: 3, maxRowsPerFile: 100_000 };
const dir = 'action_logs/app=shop/dt=2026-11-25';
/** An ingest file written `ageMs` ago. */
const arrival = (ageMs: number, n = 0) => `${dir}/${compactTimestamp(NOW - ageMs)}-${n}.parquet`;
/** A file of rewrite `r` (8 hex digits) written `ageMs` ago. */
const rewritten = (ageMs: number, r: string, n = 0) =>
  `${dir}/${compactTimestamp(NOW - ageMs)}-r${r}-${String(n).padStart(4, '0')}.parquet`;

describe('filesToCompact', () => {
  it('waits for minFiles quiet arrivals while the partition still receives files', () => {
    const live = [arrival(120_000, 1), arrival(120_000, 2), arrival(1_000, 3)];
    expect(filesToCompact(live, POLICY, NOW)).toBeNull();
    const more = [...live, arrival(90_000, 4)];
    expect(filesToCompact(more, POLICY, NOW)).toEqual([
      arrival(120_000, 1),
      arrival(120_000, 2),
      arrival(90_000, 4),
    ]);
  });

  it('leaves earlier rewrites alone while files still arrive, and merges them once minFiles have piled up', () => {
    const earlier = [rewritten(600_000, '0000000a'), rewritten(500_000, '0000000b')];
    const arrivals = [arrival(120_000, 1), arrival(120_000, 2), arrival(120_000, 3), arrival(1_000, 4)];
    expect(filesToCompact([...earlier, ...arrivals], POLICY, NOW)).toEqual(arrivals.slice(0, 3));
    const piled = [...earlier, rewritten(400_000, '0000000c'), arrival(1_000, 4)];
    expect(filesToCompact(piled, POLICY, NOW)).toEqual(piled.slice(0, 3));
  });

  it('rewrites a quiet partition whole, once, unless one rewrite already wrote all of it', () => {
    const quiet = [rewritten(600_000, '0000000a'), arrival(120_000, 1)];
    expect(filesToCompact(quiet, POLICY, NOW)).toEqual(quiet);
    expect(
      filesToCompact([rewritten(600_000, '0000000a'), rewritten(500_000, '0000000b')], POLICY, NOW),
    ).toHaveLength(2);
    // Done: one writer left, nothing to do, however often it is asked.
    expect(
      filesToCompact([rewritten(60_000, '0000000c', 0), rewritten(60_000, '0000000c', 1)], POLICY, NOW),
    ).toBeNull();
    // A single ingest file may hold copies of an event (a producer that sent it twice).
    expect(filesToCompact([arrival(120_000, 1)], POLICY, NOW)).toEqual([arrival(120_000, 1)]);
    expect(filesToCompact([], POLICY, NOW)).toBeNull();
  });
});
