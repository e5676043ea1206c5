import { join } from 'node:path';
import {
  DirectoryObjectStore,
  keyIdOf,
  readLocalPublicKey,
  TrustedKeyring,
  type VerifyReport,
  verifyLake,
} from '@rireki/adapters';
import type { BenchLake } from './benchLake.js';
import type { Tick } from './progress.js';

export interface VerifyRuns {
  /** MB/s of file bytes hashed, per run. */
  readonly mbPerSecond: number[];
  readonly report: VerifyReport;
}

/**
 * `rireki verify`'s own check over the whole bench lake, `runs` times, in this process: the
 * bytes of the files it hashed per second. A report that is not clean stops the bench, since a
 * speed over a lake that does not verify measures nothing.
 */
export async function benchVerify(lake: BenchLake, runs: number, tick: Tick): Promise<VerifyRuns> {
  const publicKey = await readLocalPublicKey(join(lake.dataDir, 'keys'));
  if (publicKey === null) throw new Error(`no digest key under ${lake.dataDir}/keys`);
  const keyring = new TrustedKeyring([{ keyId: keyIdOf(publicKey), publicKey }]);
  const store = new DirectoryObjectStore(lake.lakeDir);
  const mbPerSecond: number[] = [];
  let report: VerifyReport | undefined;
  for (let run = 0; run < runs; run++) {
    tick(`verify: rireki verify over ${lake.events.toLocaleString('en')} events, run ${run + 1}/${runs}`);
    report = await verifyLake(store, keyring, {});
    if (!report.ok)
      throw new Error(`the bench lake does not verify: ${JSON.stringify(report.failures.slice(0, 3))}`);
    mbPerSecond.push(report.bytes / 1e6 / (report.ms / 1000));
  }
  if (report === undefined) throw new RangeError('runs must be at least 1');
  return { mbPerSecond, report };
}
