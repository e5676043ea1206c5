import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { KMSClient } from '@aws-sdk/client-kms';
import {
  keyIdOf,
  kmsKeyring,
  openObjectStore,
  readLocalPublicKey,
  TrustedKeyring,
  type VerifyProgress,
  type VerifyReport,
  verifyLake,
} from '@rireki/adapters';
import type { Env } from '@rireki/contracts';
import { loadMaintenanceConfig } from '@rireki/maintenance';
import type { DigestKeyring } from '@rireki/ports';
import { UsageError } from '../flags/UsageError.js';
import { plural } from '../plural.js';
import { sizeText } from './compact.js';
import { type SelectionFlags, selectionOf } from './maintenanceFlags.js';

export interface VerifyOptions extends SelectionFlags {
  /** A PEM public key to trust instead of the one under the data directory. */
  readonly publicKey?: string;
}

/** The trusted key, said the way a person checks it: where it came from, its id, its PEM. */
export interface TrustedKey {
  readonly source: string;
  readonly keyId: string;
  readonly pem: string;
}

/**
 * The keys `rireki verify` trusts: the PEM file given, else the local key pair's public key
 * under the data directory, or in aws mode the KMS key RIREKI_DIGEST_KMS_KEY (kms:GetPublicKey).
 */
export async function trustedKeys(
  env: Env,
  options: VerifyOptions,
): Promise<{ keyring: DigestKeyring; keys: TrustedKey[] }> {
  const config = loadMaintenanceConfig(env);
  if (options.publicKey !== undefined) {
    let key: KeyObject | null = null;
    let problem: string | null = null;
    try {
      const pem = await readFile(options.publicKey, 'utf8');
      // createPublicKey would derive one from a private key: a verifier should never be handed that.
      if (pem.includes('PRIVATE KEY'))
        problem = 'is a private key; give its public key (rireki verify --show-key prints it)';
      else key = createPublicKey(pem);
    } catch (error) {
      problem = `is not a readable PEM public key (${error instanceof Error ? error.message : String(error)})`;
    }
    // Every bad flag at once: the scope's too.
    selectionOf(options, problem === null ? [] : [{ path: '--public-key', message: problem }]);
    if (key !== null) return local(key, options.publicKey);
  }
  selectionOf(options);
  const { signing } = config.digests;
  if (signing.kind === 'kms') {
    const client = new KMSClient(config.region === undefined ? {} : { region: config.region });
    const keyring = await kmsKeyring(client, [signing.keyId]);
    const keys = [];
    for (const keyId of keyring.keyIds) {
      const key = await keyring.publicKey(keyId);
      if (key) keys.push({ source: `KMS key ${signing.keyId}`, keyId, pem: pemOf(key) });
    }
    return { keyring, keys };
  }
  await expectLake(config);
  const key = await readLocalPublicKey(signing.keysDir);
  if (key === null)
    throw new UsageError([
      {
        path: '--data-dir',
        message: `holds no digest key (no ${signing.keysDir}): the workers make one when they first write to the lake; or give --public-key`,
      },
    ]);
  return local(key, signing.keysDir);
}

/**
 * A directory lake that is not there is a mistaken --data-dir (or a lake removed whole), never a
 * lake that verifies: an empty one would pass with nothing checked.
 */
async function expectLake(config: ReturnType<typeof loadMaintenanceConfig>): Promise<void> {
  const { lake } = config.lake;
  if (lake.kind !== 'directory') return;
  const found = await stat(lake.path).catch(() => null);
  if (found?.isDirectory()) return;
  throw new UsageError([
    {
      path: '--data-dir',
      message: `holds no lake (no directory ${lake.path}): is it the data directory the stack writes to?`,
    },
  ]);
}

function local(key: KeyObject, source: string) {
  const keyId = keyIdOf(key);
  return {
    keyring: new TrustedKeyring([{ keyId, publicKey: key }]),
    keys: [{ source, keyId, pem: pemOf(key) }],
  };
}

function pemOf(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

/** `rireki verify`: proves the lake in scope unchanged since rireki wrote it (see verifyLake). */
export async function runVerify(
  env: Env,
  options: VerifyOptions,
  progress?: VerifyProgress,
): Promise<VerifyReport & { readonly trusted: readonly TrustedKey[] }> {
  const { keyring, keys } = await trustedKeys(env, options);
  const scope = selectionOf(options);
  const config = loadMaintenanceConfig(env);
  await expectLake(config);
  const store = openObjectStore(config.lake, {}, config.region);
  const report = await verifyLake(store, keyring, scope, progress);
  return { ...report, trusted: keys };
}

/** What a person reads: the summary, then the first break and the rest. */
export function verifyText(report: VerifyReport, shown = 20): string {
  const seconds = report.ms / 1000;
  const rate = seconds > 0 ? `${sizeText(report.bytes / seconds)}/s` : '';
  const summary =
    `${plural(report.chains, 'chain')}, ${plural(report.digests, 'digest')}, ` +
    `${plural(report.pending, 'pending record')}, ${plural(report.records, 'record')}; ` +
    `${plural(report.files, 'file')}, ${sizeText(report.bytes)} verified in ${seconds.toFixed(1)} s${rate ? ` (${rate})` : ''}`;
  const { scope } = report;
  const narrowed = scope.app !== undefined || scope.fromDate !== undefined || scope.toDate !== undefined;
  const notes = [
    ...(scope.app === undefined
      ? []
      : ['the quarantine is left out with --app (it holds every app’s input)']),
    ...(narrowed && report.files === 0 ? ['no file of the lake is in the scope given'] : []),
  ];
  if (report.ok)
    return [
      `verified: ${summary}`,
      ...notes.map((note) => `note: ${note}`),
      report.files === 0
        ? 'the digest chains are whole; there was no file to check'
        : 'every file is accounted for and unchanged',
    ].join('\n');
  const [first, ...rest] = report.failures;
  const lines = [
    `FAILED: ${report.failures.length} problem${report.failures.length === 1 ? '' : 's'}; ${summary}`,
    `first break: ${first?.place}: ${first?.problem}`,
    ...rest.slice(0, shown).map((failure) => `  ${failure.place}: ${failure.problem}`),
  ];
  if (rest.length > shown) lines.push(`  … and ${rest.length - shown} more (--json lists them all)`);
  return lines.join('\n');
}
