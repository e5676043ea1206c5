import { type RetentionDays, retentionSetting, setting } from '@rireki/contracts';
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

/**
 * Days per app as RIREKI_RETENTION takes them (`{"shop": 400, "*": 90}`), read by the worker's own
 * parser: a JSON object in cdk.json, its text from `-c`. Unset keeps every app for ever. A refusal
 * names the entry (`retention.shop`).
 */
export function retentionDays() {
  const asText = retentionSetting();
  return z
    .unknown()
    .optional()
    .transform((value, ctx): RetentionDays => {
      if (unset(value)) return new Map();
      const parsed = asText.safeParse(typeof value === 'string' ? value : JSON.stringify(value));
      if (parsed.success) return parsed.data;
      // Continuable, as every other refusal here, so that one synthesis names every bad key.
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message, continue: true });
      }
      return new Map();
    });
}

/** A key the app no longer reads: refused when given, saying what took its place. */
export function replacedBy(instead: string) {
  return setting(z.never(), `is no longer read: ${instead}`, undefined, unset);
}

/** Fargate size of one task. */
export interface TaskSize {
  /** Fargate CPU units. */
  readonly cpu: number;
  /** Fargate memory in MiB; must fit the CPU size. */
  readonly memoryMiB: number;
}

/** How far a worker's service scales on its queue's backlog. */
export interface ScalingBounds {
  /** Fewest running tasks; at least 1, so the backlog-per-task divisor is never 0. */
  readonly minTasks: number;
  readonly maxTasks: number;
  /** Target of the target-tracking policy: visible messages per running task. */
  readonly backlogPerTask: number;
}

/** Size and scaling of a worker's Fargate service that scales on its queue's backlog. */
export interface WorkerSizing extends TaskSize, ScalingBounds {}

/** The workers that scale on a queue's backlog. */
export type Worker = 'ingest' | 'query';

/** The context keys of a task's size: `maintenanceCpu`, `ingestMemoryMiB`, … */
export type TaskSizeKey<W extends string> = `${W}${'Cpu' | 'MemoryMiB'}`;

/** The context keys of a worker's sizing: `ingestCpu`, `queryMaxTasks`, … */
export type SizingKey<W extends Worker> =
  | TaskSizeKey<W>
  | `${W}${'MinTasks' | 'MaxTasks' | 'BacklogPerTask'}`;

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
 * The schemas of a task's size keys. The memory sizes accepted depend on the CPU given, so that is
 * read first (a refused one counts as its default, as it does everywhere else).
 */
export function taskSizeShape<W extends string>(
  worker: W,
  fallback: TaskSize,
  context: ContextReader,
): Record<TaskSizeKey<W>, z.ZodType<number>> {
  const cpuSetting = oneOf(Object.keys(FARGATE_MEMORY).map(Number), fallback.cpu);
  const cpu = cpuSetting.safeParse(context(`${worker}Cpu`)).data ?? fallback.cpu;
  const [minMemory, maxMemory] = FARGATE_MEMORY[cpu] ?? [512, 2048];
  const shape: Record<string, z.ZodType<number>> = {
    [`${worker}Cpu`]: cpuSetting,
    [`${worker}MemoryMiB`]: int(minMemory, maxMemory, Math.max(fallback.memoryMiB, minMemory)),
  };
  return shape as Record<TaskSizeKey<W>, z.ZodType<number>>;
}

/** A task's size from its parsed keys. */
export function taskSize<W extends string>(worker: W, values: Record<TaskSizeKey<W>, number>): TaskSize {
  return { cpu: values[`${worker}Cpu`], memoryMiB: values[`${worker}MemoryMiB`] };
}

/**
 * The schemas of a worker's sizing keys: its task size, and maxTasks, whose default depends on
 * minTasks, which is read first.
 */
export function sizingShape<W extends Worker>(
  worker: W,
  fallback: WorkerSizing,
  context: ContextReader,
): Record<SizingKey<W>, z.ZodType<number>> {
  const minTasks = int(1, 1000, fallback.minTasks);
  const minTasksGiven = minTasks.safeParse(context(`${worker}MinTasks`)).data ?? fallback.minTasks;
  const shape: Record<`${Worker}${string}`, z.ZodType<number>> = {
    ...taskSizeShape(worker, fallback, context),
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
    ...taskSize(worker, values),
    minTasks: values[`${worker}MinTasks`],
    maxTasks: values[`${worker}MaxTasks`],
    backlogPerTask: values[`${worker}BacklogPerTask`],
  };
}
