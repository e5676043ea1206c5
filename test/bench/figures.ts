import { median, percentile } from './stats.js';

/** A target a figure should meet: at least (`>=`) or at most (`<=`) a value. */
export interface Target {
  readonly op: '>=' | '<=';
  readonly value: number;
}

/** One measured figure: every sample, and the summary the report prints. */
export interface Figure {
  readonly name: string;
  readonly unit: string;
  readonly samples: readonly number[];
  /** The statistic compared to the target: the median, or a percentile for latencies. */
  readonly stat: 'median' | 'p50' | 'p95';
  readonly value: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly target?: Target;
  readonly met?: boolean;
  readonly note?: string;
}

export function figure(
  name: string,
  unit: string,
  samples: readonly number[],
  options: { stat?: Figure['stat']; target?: Target; note?: string } = {},
): Figure {
  const stat = options.stat ?? 'median';
  const value = stat === 'median' ? median(samples) : percentile(samples, stat === 'p50' ? 50 : 95);
  const met =
    options.target === undefined
      ? undefined
      : options.target.op === '>='
        ? value >= options.target.value
        : value <= options.target.value;
  return {
    name,
    unit,
    samples,
    stat,
    value,
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    ...(options.target === undefined ? {} : { target: options.target }),
    ...(met === undefined ? {} : { met }),
    ...(options.note === undefined ? {} : { note: options.note }),
  };
}
