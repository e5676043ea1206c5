/** One RSS reading of one process: milliseconds since the soak began, resident set in MiB. */
export interface RssPoint {
  readonly atMs: number;
  readonly mib: number;
}

/** When a process's memory counts as growing. */
export interface RssLimits {
  /** Readings before this are warm-up (JIT, DuckDB's caches, first partitions) and not judged. */
  readonly warmupMs: number;
  /** A trend over less time than this after warm-up is noise, so it is reported but not judged. */
  readonly minJudgedMs: number;
  readonly maxSlopeMiBPerMin: number;
  /** End RSS over RSS at the end of warm-up. */
  readonly maxEndRatio: number;
  /**
   * For a process whose memory follows its work by design (the maintenance worker, up to its
   * rewrite memory limit), a ceiling that replaces the end ratio: its end depends on what it was
   * rewriting when the soak stopped, not on what it kept.
   */
  readonly maxMiB?: number;
}

export interface RssSummary {
  readonly process: string;
  readonly samples: number;
  readonly startMiB: number;
  readonly afterWarmupMiB: number;
  readonly endMiB: number;
  readonly maxMiB: number;
  /** Least-squares slope of the readings after warm-up; NaN with fewer than two. */
  readonly slopeMiBPerMin: number;
  readonly judged: boolean;
  /** Why this process fails the soak; empty when it passes or was not judged. */
  readonly problems: string[];
}

/** Slope of the least-squares line through the points; NaN with fewer than two distinct x. */
export function leastSquaresSlope(points: readonly { readonly x: number; readonly y: number }[]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const p of points) {
    covariance += (p.x - meanX) * (p.y - meanY);
    variance += (p.x - meanX) ** 2;
  }
  return variance === 0 ? Number.NaN : covariance / variance;
}

/** The RSS figures of one process and whether they show growth, judged after warm-up. */
export function summarizeRss(process: string, points: readonly RssPoint[], limits: RssLimits): RssSummary {
  if (points.length === 0) throw new Error(`no RSS reading of ${process}`);
  const first = points[0] as RssPoint;
  const last = points[points.length - 1] as RssPoint;
  const steady = points.filter((p) => p.atMs >= limits.warmupMs);
  const afterWarmup = steady[0] ?? last;
  const slope = leastSquaresSlope(steady.map((p) => ({ x: p.atMs / 60_000, y: p.mib })));
  const judged = steady.length >= 2 && last.atMs - afterWarmup.atMs >= limits.minJudgedMs;
  const problems: string[] = [];
  if (judged && slope > limits.maxSlopeMiBPerMin)
    problems.push(
      `${process} RSS grows ${slope.toFixed(2)} MiB/min after warm-up (limit ${limits.maxSlopeMiBPerMin})`,
    );
  const maxMiB = Math.max(...points.map((p) => p.mib));
  if (limits.maxMiB !== undefined && maxMiB > limits.maxMiB)
    problems.push(
      `${process} RSS reached ${maxMiB.toFixed(0)} MiB, over its ceiling of ${limits.maxMiB} MiB`,
    );
  if (judged && limits.maxMiB === undefined && last.mib > afterWarmup.mib * limits.maxEndRatio)
    problems.push(
      `${process} RSS ended at ${last.mib.toFixed(0)} MiB, over ${limits.maxEndRatio}× its ${afterWarmup.mib.toFixed(0)} MiB after warm-up`,
    );
  return {
    process,
    samples: points.length,
    startMiB: first.mib,
    afterWarmupMiB: afterWarmup.mib,
    endMiB: last.mib,
    maxMiB,
    slopeMiBPerMin: slope,
    judged,
    problems,
  };
}
