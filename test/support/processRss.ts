import { readdir, readFile } from 'node:fs/promises';

/**
 * A memory figure of a process in MiB, from /proc/<pid>/status: VmRSS, its resident set now, or
 * VmHWM, the peak of it. Undefined once the process has exited, or where there is no /proc.
 */
export async function procStatusMiB(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kib = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1];
    return kib === undefined ? undefined : Number(kib) / 1024;
  } catch {
    return undefined;
  }
}

/** A process's resident set now, in MiB. */
export function rssMiB(pid: number): Promise<number | undefined> {
  return procStatusMiB(pid, 'VmRSS');
}

/**
 * The direct children of a process. Linux lists them per thread in /proc/<pid>/task/<tid>/children,
 * and a Node process spawns from whichever thread runs the event loop, so every thread is read.
 */
export async function childPids(pid: number): Promise<number[]> {
  try {
    const threads = await readdir(`/proc/${pid}/task`);
    const lists = await Promise.all(
      threads.map((tid) => readFile(`/proc/${pid}/task/${tid}/children`, 'utf8').catch(() => '')),
    );
    const pids = lists.flatMap((list) => list.split(/\s+/).filter(Boolean).map(Number));
    return [...new Set(pids)].sort((a, b) => a - b);
  } catch {
    return [];
  }
}
