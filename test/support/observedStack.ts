import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { ENV_KEYS } from '@rireki/contracts';
import { freePort } from './freePort.js';
import { stackSqs } from './stackClient.js';
import { type StackProcess, startStackProcess } from './stackProcess.js';

/** A `rireki up` with its workers' metrics endpoints on free ports, for the suites that read them. */
export interface ObservedStack {
  readonly dataDir: string;
  readonly port: number;
  readonly metricsPorts: { readonly ingest: number; readonly query: number; readonly maintenance: number };
  /** The stack's variables, for CLI commands run against it. */
  readonly env: Readonly<Record<string, string>>;
  readonly stack: StackProcess;
  readonly sqs: SQSClient;
  /** Stops the stack (if still running) and removes its data directory. */
  close(): Promise<void>;
}

export async function startObservedStack(prefix: string): Promise<ObservedStack> {
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  const port = await freePort();
  const metricsPorts = { ingest: await freePort(), query: await freePort(), maintenance: await freePort() };
  const env = {
    [ENV_KEYS.port]: String(port),
    [ENV_KEYS.dataDir]: dataDir,
    [ENV_KEYS.ingestMetricsPort]: String(metricsPorts.ingest),
    [ENV_KEYS.queryMetricsPort]: String(metricsPorts.query),
    [ENV_KEYS.maintenanceMetricsPort]: String(metricsPorts.maintenance),
  };
  const stack = startStackProcess({ port, dataDir, logFile: join(dataDir, 'stack.log'), env });
  await stack.ready(60_000);
  const sqs = stackSqs(port);
  return {
    dataDir,
    port,
    metricsPorts,
    env,
    stack,
    sqs,
    async close() {
      sqs.destroy();
      await stack.interrupt(30_000);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
