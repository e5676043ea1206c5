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
  type VerifyScope,
  verifyLake,
} from '@rireki/adapters';
import type { Env } from '@rireki/contracts';
import { loadMaintenanceConfig, type MaintenanceConfig } from '@rireki/maintenance';
import type { DigestKeyring } from '@rireki/ports';
import { UsageError } from '../flags/UsageError.js';
import { plural } from '../plural.js';
import { sizeText } from './compact.js';
import { type SelectionFlags, selectionOf } from './maintenanceFlags.js';
import { readAnchor, writeAnchor } from './verifyAnchor.js';

export interface VerifyOptions extends SelectionFlags {
  /** A PEM public key to trust instead of the one under the data directory. */
  readonly publicKey?: string;
  /** A file outside the lake that keeps the chains' heads between runs (see verifyAnchor). */
  readonly anchor?: string;
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
  return keysOf(loadMaintenanceConfig(env), options);
}

/** trustedKeys over a parsed configuration, with the scope the flags name (every bad flag at once). */
async function keysOf(
  config: MaintenanceConfig,
  options: VerifyOptions,
): Promise<{ keyring: DigestKeyring; keys: TrustedKey[]; scope: VerifyScope }> {
  if (options.publicKey !== undefined) {
    let key: KeyObject | null = null;
    let problem: string | null = null;
    try {
      const pem = await readFile(options.publicKey, 'utf8');
      // createPublicKey would derive one from a private key: a verifier should never be handed that.
      if (pem.includes('PRIVATE KEY'))
        problem = 'is a private key; give its public key (rireki verify --show-key prints it)';
      else {
        key = createPublicKey(pem);
        const curve = key.asymmetricKeyDetails?.namedCurve;
        if (
          !(key.asymmetricKeyType === 'ed25519' || (key.asymmetricKeyType === 'ec' && curve === 'prime256v1'))
        ) {
          problem = `is a ${key.asymmetricKeyType}${curve ? ` ${curve}` : ''} key; digests are signed with Ed25519 (local) or ECDSA P-256 (KMS)`;
          key = null;
        }
      }
    } catch (error) {
      problem = `is not a readable PEM public key (${error instanceof Error ? error.message : String(error)})`;
    }
    // Every bad flag at once: the scope's too.
    const scope = selectionOf(options, problem === null ? [] : [{ path: '--public-key', message: problem }]);
    if (key !== null) return { ...local(key, options.publicKey), scope };
  }
  const scope = selectionOf(options);
  const { signing } = config.digests;
  if (signing.kind === 'kms') {
    const client = new KMSClient(config.region === undefined ? {} : { region: config.region });
    const keyring = await kmsKeyring(client, [signing.keyId]);
    const keys = [];
    for (const keyId of keyring.keyIds) {
      const key = await keyring.publicKey(keyId);
      if (key) keys.push({ source: `KMS key ${signing.keyId}`, keyId, pem: pemOf(key) });
    }
    return { keyring, keys, scope };
  }
  await expectLake(config);
  const key = await readLocalPublicKey(signing.keysDir);
  if (key === null)
    throw new UsageError([
      {
        path: '--data-dir',
        message: `holds no digest key (none in ${signing.keysDir}): the workers make one when they first start; or give --public-key`,
      },
    ]);
  return { ...local(key, signing.keysDir), scope };
}

/**
 * A directory lake that is not there is a mistaken --data-dir (or a lake removed whole), never a
 * lake that verifies: an empty one would pass with nothing checked.
 */
async function expectLake(config: MaintenanceConfig): Promise<void> {
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
): Promise<VerifyOutcome> {
  const config = loadMaintenanceConfig(env);
  const { keyring, keys, scope } = await keysOf(config, options);
  await expectLake(config);
  const store = openObjectStore(config.lake, {}, config.region);
  const anchor = options.anchor === undefined ? null : await readAnchor(options.anchor, store.location);
  const report = await verifyLake(store, keyring, scope, {
    ...(progress === undefined ? {} : { progress }),
    ...(anchor === null ? {} : { anchor: anchor.heads }),
  });
  // Only a clean lake moves the anchor: after a failure it keeps the evidence of the last good run.
  const anchored =
    options.anchor === undefined
      ? null
      : {
          path: options.anchor,
          checked: anchor?.heads.length ?? 0,
          since: anchor?.createdAt ?? null,
          updated: report.ok,
        };
  if (anchored?.updated) await writeAnchor(anchored.path, store.location, report.heads, Date.now());
  return { ...report, trusted: keys, notes: notesOf(report), anchor: anchored };
}

export interface VerifyOutcome extends VerifyReport {
  readonly trusted: readonly TrustedKey[];
  /** What a person should know about the scope checked. */
  readonly notes: readonly string[];
  readonly anchor: {
    readonly path: string;
    /** Heads the anchor held, each checked. */
    readonly checked: number;
    readonly since: string | null;
    /** Whether the anchor now holds this run's heads (only after a clean run). */
    readonly updated: boolean;
  } | null;
}

function notesOf(report: VerifyReport): string[] {
  const { scope } = report;
  const narrowed = scope.app !== undefined || scope.fromDate !== undefined || scope.toDate !== undefined;
  return [
    ...(scope.app === undefined
      ? []
      : ['the quarantine is left out with --app (it holds every app’s input)']),
    ...(narrowed && report.files === 0 ? ['no file of the lake is in the scope given'] : []),
  ];
}

/** What a person reads: the summary, then the first break and the rest. */
export function verifyText(report: VerifyOutcome, shown = 20): string {
  const seconds = report.ms / 1000;
  const rate = seconds > 0 ? `${sizeText(report.bytes / seconds)}/s` : '';
  const summary =
    `${plural(report.chains, 'chain')}, ${plural(report.digests, 'digest')}, ` +
    `${plural(report.pending, 'pending record')}, ${plural(report.records, 'record')}; ` +
    `${plural(report.files, 'file')}, ${sizeText(report.bytes)} verified in ${seconds.toFixed(1)} s${rate ? ` (${rate})` : ''}`;
  const notes = report.notes.map((note) => `note: ${note}`);
  const { anchor } = report;
  if (anchor !== null)
    notes.push(
      `anchor: ${anchor.since === null ? 'none yet' : `${plural(anchor.checked, 'chain head')} of ${anchor.since} checked`}; ` +
        (anchor.updated
          ? `${anchor.path} now holds this run's ${plural(report.heads.length, 'head')}`
          : `${anchor.path} left as it was`),
    );
  if (report.ok)
    return [
      `verified: ${summary}`,
      ...notes,
      report.files > 0
        ? 'every file is accounted for and unchanged'
        : report.chains > 0
          ? 'the digest chains are whole; there was no file to check'
          : 'there was nothing to check: no digest and no file',
    ].join('\n');
  const [first, ...rest] = report.failures;
  const lines = [
    `FAILED: ${plural(report.failures.length, 'problem')}; ${summary}`,
    `first break: ${first?.place}: ${first?.problem}`,
    ...rest.slice(0, shown).map((failure) => `  ${failure.place}: ${failure.problem}`),
  ];
  if (rest.length > shown) lines.push(`  … and ${rest.length - shown} more (--json lists them all)`);
  lines.push(...notes);
  return lines.join('\n');
}
