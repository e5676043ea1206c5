/** Small statistics over samples; every figure in the report is built from these. */

export function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** The nearest-rank percentile (p in 0..100) of non-empty samples. */
export function percentile(values: readonly number[], p: number): number {
  const s = sorted(values);
  return s[Math.max(0, Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1))] as number;
}

export function median(values: readonly number[]): number {
  const s = sorted(values);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Per run i, the geometric mean over the searches of their i-th ratio. */
export function geometricMeans(series: ReadonlyArray<readonly number[]>): number[] {
  const runs = Math.min(...series.map((values) => values.length));
  return Array.from({ length: runs }, (_, i) => {
    const logs = series.map((values) => Math.log(values[i] as number));
    return Math.exp(logs.reduce((sum, value) => sum + value, 0) / logs.length);
  });
}
