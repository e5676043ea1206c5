import { procStatusMiB } from '../support/processRss.js';

/** A process's peak resident set (VmHWM) in MiB, from /proc; undefined where there is no /proc. */
export async function peakRssMiB(pid: number | undefined): Promise<number | undefined> {
  return pid === undefined ? undefined : procStatusMiB(pid, 'VmHWM');
}
