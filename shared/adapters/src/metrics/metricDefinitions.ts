import { METRIC_NAMES } from '@rireki/contracts';

/** CloudWatch's units that rireki's metrics use (EMF `Unit`). */
export type MetricUnit = 'Count' | 'Seconds' | 'Bytes' | 'None';

interface MetricBase {
  /** The Prometheus name (`rireki_ingest_events_accepted_total`); CloudWatch gets the same name. */
  readonly name: string;
  readonly help: string;
  readonly unit: MetricUnit;
  /** Labels (Prometheus) and dimensions (CloudWatch) beside the worker's name. @defaultValue none */
  readonly labels?: readonly string[];
}

export interface CounterDefinition extends MetricBase {
  readonly kind: 'counter';
}

export interface GaugeDefinition extends MetricBase {
  readonly kind: 'gauge';
}

export interface HistogramDefinition extends MetricBase {
  readonly kind: 'histogram';
  /** Upper bounds of the Prometheus buckets; CloudWatch receives the values themselves. */
  readonly buckets: readonly number[];
}

export type MetricDefinition = CounterDefinition | GaugeDefinition | HistogramDefinition;

/** The definitions of one worker's metrics, by the key the code records them under. */
export type MetricDefinitions = Readonly<Record<string, MetricDefinition>>;

/** Keys of the definitions of one kind. */
export type KeysOfKind<D extends MetricDefinitions, K extends MetricDefinition['kind']> = {
  [P in keyof D]: D[P]['kind'] extends K ? P : never;
}[keyof D] &
  string;

/** Label values of one recording: every label the definition names, no other. */
export type LabelValues = Readonly<Record<string, string>>;

/** Buckets in seconds for work from milliseconds to minutes (flushes, searches, passes). */
export const DURATION_BUCKETS_S = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300,
] as const;

/** Every worker's heartbeat: 1 while it runs; `rireki status` reads it on AWS to tell a worker is alive. */
export const WORKER_UP_METRIC = {
  name: METRIC_NAMES.workerUp,
  help: 'Always 1 while the worker runs; its absence means the worker is not running.',
  kind: 'gauge',
  unit: 'None',
} as const satisfies GaugeDefinition;
