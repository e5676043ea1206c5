import { setting } from '@rireki/contracts';
import { z } from 'zod';

/**
 * Schemas for one CDK context value. Values come as JSON from cdk.json and as strings from
 * `-c key=value`, so each takes both spellings; a refusal names what is accepted and what was given.
 */

/** Reads one context value: `app.node.tryGetContext`. */
export type ContextReader = (key: string) => unknown;

/** cdk.json can hold null and `-c key=` gives '': both mean the default, as leaving the key out does. */
const unset = (value: unknown): boolean => value === undefined || value === null || value === '';

/** A string matching `pattern`; without a fallback, unset is undefined. */
export function text<F extends string | undefined = undefined>(pattern: RegExp, fallback?: F) {
  return setting(z.string().regex(pattern), `must match ${pattern.source}`, fallback as F, unset);
}

/** An integer in [min, max], as a JSON number or as digits; without a fallback, unset is undefined. */
export function int<F extends number | undefined = undefined>(min: number, max: number, fallback?: F) {
  const accepts = z
    .union([z.int(), z.string().regex(/^\d+$/).transform(Number)])
    .pipe(z.int().min(min).max(max));
  return setting(accepts, `must be an integer from ${min} to ${max}`, fallback as F, unset);
}

export function flag(fallback: boolean) {
  const accepts = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);
  return setting(accepts, 'must be true or false', fallback, unset);
}

/** One of `allowed`, or its text (`-c logRetentionDays=90`). */
export function oneOf<const T extends string | number>(allowed: readonly T[], fallback: T) {
  const byText = new Map(allowed.map((option) => [String(option), option]));
  const accepts = z.union([
    z.literal(allowed),
    z.enum([...byText.keys()]).transform((value) => byText.get(value) as T),
  ]);
  return setting(accepts, `must be one of ${allowed.join(', ')}`, fallback, unset);
}

/** Size and scaling of one worker's Fargate service. */
export interface WorkerSizing {
  /** Fargate CPU units. */
  readonly cpu: number;
  /** Fargate memory in MiB; must fit the CPU size. */
  readonly memoryMiB: number;
  /** Fewest running tasks; at least 1, so the backlog-per-task divisor is never 0. */
  readonly minTasks: number;
  readonly maxTasks: number;
  /** Target of the target-tracking policy: visible messages per running task. */
  readonly backlogPerTask: number;
}

export type Worker = 'ingest' | 'query';

/** The context keys of a worker's sizing: `ingestCpu`, `queryMaxTasks`, … */
export type SizingKey<W extends Worker> =
  `${W}${'Cpu' | 'MemoryMiB' | 'MinTasks' | 'MaxTasks' | 'BacklogPerTask'}`;

/** Memory (MiB) each Fargate CPU size accepts. */
const FARGATE_MEMORY: Readonly<Record<number, readonly [number, number]>> = {
  256: [512, 2048],
  512: [1024, 4096],
  1024: [2048, 8192],
  2048: [4096, 16384],
  4096: [8192, 30720],
  8192: [16384, 61440],
  16384: [32768, 122880],
};

/**
 * The schemas of a worker's sizing keys. The memory sizes accepted depend on the CPU given, and
 * maxTasks' default on minTasks, so those two are read first (a refused one counts as its default,
 * as it does everywhere else).
 */
export function sizingShape<W extends Worker>(
  worker: W,
  fallback: WorkerSizing,
  context: ContextReader,
): Record<SizingKey<W>, z.ZodType<number>> {
  const cpuSetting = oneOf(Object.keys(FARGATE_MEMORY).map(Number), fallback.cpu);
  const cpu = cpuSetting.safeParse(context(`${worker}Cpu`)).data ?? fallback.cpu;
  const [minMemory, maxMemory] = FARGATE_MEMORY[cpu] ?? [512, 2048];
  const minTasks = int(1, 1000, fallback.minTasks);
  const minTasksGiven = minTasks.safeParse(context(`${worker}MinTasks`)).data ?? fallback.minTasks;
  const shape: Record<`${Worker}${string}`, z.ZodType<number>> = {
    [`${worker}Cpu`]: cpuSetting,
    [`${worker}MemoryMiB`]: int(minMemory, maxMemory, Math.max(fallback.memoryMiB, minMemory)),
    [`${worker}MinTasks`]: minTasks,
    [`${worker}MaxTasks`]: int(1, 1000, Math.max(fallback.maxTasks, minTasksGiven)),
    [`${worker}BacklogPerTask`]: int(1, 10_000_000, fallback.backlogPerTask),
  };
  return shape as Record<SizingKey<W>, z.ZodType<number>>;
}

/** A worker's sizing from its parsed keys. */
export function workerSizing<W extends Worker>(
  worker: W,
  values: Record<SizingKey<W>, number>,
): WorkerSizing {
  return {
    cpu: values[`${worker}Cpu`],
    memoryMiB: values[`${worker}MemoryMiB`],
    minTasks: values[`${worker}MinTasks`],
    maxTasks: values[`${worker}MaxTasks`],
    backlogPerTask: values[`${worker}BacklogPerTask`],
  };
}
