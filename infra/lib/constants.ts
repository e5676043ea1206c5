import { ENV_KEYS } from '@rireki/contracts';

/** Every environment key the CDK app sets on the workers. */
export const WORKER_ENV_KEYS = ENV_KEYS;

/**
 * Athena's query results, under the lake prefix beside the LAKE_AREAS. Short-lived like `results/`:
 * the workgroup writes there and the lifecycle rule expires them.
 */
export const ATHENA_RESULTS_AREA = 'athena-results';

/** Each worker's process in the one image, relative to the image's WORKDIR (/app). */
export const WORKER_COMMANDS = {
  ingest: ['node', 'workers/ingest/dist/main.js'],
  query: ['node', 'workers/query/dist/main.js'],
  maintenance: ['node', 'workers/maintenance/dist/main.js'],
} as const;

/**
 * Longest a task may take to stop after SIGTERM before ECS sends SIGKILL; 120 s is Fargate's maximum.
 * The workers are told to finish their drain {@link DRAIN_MARGIN_S} earlier, so they exit on their own.
 */
export const STOP_TIMEOUT_S = 120;
export const DRAIN_MARGIN_S = 20;

/**
 * How long a service of exactly one task waits before it starts its worker: longer than a stopping
 * predecessor can live after its SIGTERM, with time for ECS to send it.
 */
export const PREDECESSOR_WAIT_S = STOP_TIMEOUT_S + 30;

/** The image used when no `imageUri` context is given: synth works, a deploy's tasks cannot start. */
export const PLACEHOLDER_IMAGE_URI = 'rireki-worker:set-the-imageUri-context';
