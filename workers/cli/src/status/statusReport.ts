/** What `rireki status` found; `--json` prints it as is. A figure it could not get is null, with why. */
export interface StatusReport {
  readonly endpoint: { readonly url: string; readonly reachable: boolean; readonly local: boolean };
  readonly queues: readonly QueueStatus[];
  readonly workers: readonly WorkerStatus[];
  /** Age of the oldest message in the ingest queue when the worker last received, in seconds. */
  readonly ingestLag: Figure;
  readonly lake: LakeStatus | { readonly unavailable: string };
  /** Why the command exits non-zero; empty when all is well. */
  readonly attention: readonly string[];
}

export type Figure = { readonly seconds: number } | { readonly seconds: null; readonly why: string };

export interface QueueStatus {
  readonly name: string;
  readonly url: string | null;
  readonly visible: number | null;
  readonly inFlight: number | null;
  readonly delayed: number | null;
  readonly oldestAge: Figure;
}

export interface WorkerStatus {
  readonly worker: 'ingest' | 'query' | 'maintenance';
  readonly alive: boolean | null;
  readonly detail: string;
}

export interface LakeStatus {
  readonly location: string;
  readonly apps: readonly { readonly app: string; readonly partitions: number; readonly files: number }[];
  readonly bytes: number | null;
  readonly quarantinedLast24h: number;
}
