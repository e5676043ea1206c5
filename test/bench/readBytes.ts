import { readFileSync } from 'node:fs';

/**
 * Bytes this process (all its threads) has received from read-type system calls so far: `rchar` of
 * /proc/self/io, which counts read and pread alike whether the page cache served them or the disk.
 * Undefined where there is no /proc.
 */
export function readChars(): number | undefined {
  try {
    const rchar = /^rchar:\s+(\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))?.[1];
    return rchar === undefined ? undefined : Number(rchar);
  } catch {
    return undefined;
  }
}

/** What reading /proc/self/io adds to rchar, taken off every measurement. */
const OWN_READ = (() => {
  const before = readChars();
  const after = readChars();
  return before === undefined || after === undefined ? 0 : after - before;
})();

export interface Measured<T> {
  readonly value: T;
  readonly ms: number;
  /** Bytes read while `run` ran, or NaN where rchar cannot be read. */
  readonly bytesRead: number;
}

/**
 * Wall time and bytes read of one call. Bytes count everything the process reads meanwhile, so the
 * caller makes sure nothing else in it reads (no queue endpoint, no other search) while it runs.
 */
export async function measured<T>(run: () => Promise<T>): Promise<Measured<T>> {
  const before = readChars();
  const started = performance.now();
  const value = await run();
  const ms = performance.now() - started;
  const after = readChars();
  const bytesRead = before === undefined || after === undefined ? Number.NaN : after - before - OWN_READ;
  return { value, ms, bytesRead };
}
