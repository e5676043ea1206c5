import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const DEBIAN_BIN_ROOT = '/usr/lib/postgresql';
/** An apt install over a slow mirror takes minutes; one that takes this long is stuck. */
const INSTALL_TIMEOUT_MS = 900_000;

/** A PostgreSQL server of the bench's own: a temporary cluster on a private port, removed by `stop`. */
export interface PostgresCluster {
  readonly version: string;
  /** The directory the cluster and its load files live in; readable by the server. */
  readonly dir: string;
  readonly client: pg.Client;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

export type PostgresStart =
  | { readonly ok: true; readonly cluster: PostgresCluster }
  | { readonly ok: false; readonly reason: string };

/**
 * Starts a throwaway cluster: Debian's PostgreSQL, installed with apt-get where it is missing and
 * the bench runs as root, initialised in a temporary directory, listening on 127.0.0.1 on a free
 * port. Durability settings are off (fsync, synchronous_commit, full_page_writes): they change the
 * load's cost, not the searches'. When no server can be had the reason comes back instead, for the
 * report to say so; the bench never makes up the peer's figures.
 */
export async function startPostgres(log: (line: string) => void): Promise<PostgresStart> {
  let bin = await findBinDir();
  if (bin === null) {
    const installed = await installPostgres(log);
    if (!installed.ok) return installed;
    bin = await findBinDir();
    if (bin === null) return { ok: false, reason: 'apt-get installed postgresql but no initdb was found' };
  }
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? await postgresUser() : null;
  if (asRoot && owner === null)
    return { ok: false, reason: 'running as root, and there is no postgres user to run the server as' };
  const dir = await mkdtemp(join(tmpdir(), 'rireki-bench-pg-'));
  const dataDir = join(dir, 'data');
  const as = (command: string, args: string[]) =>
    owner === null ? run(command, args) : run('runuser', ['-u', 'postgres', '--', command, ...args]);
  try {
    if (owner !== null) await chown(dir, owner.uid, owner.gid);
    await as(join(bin, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      'rireki',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    const port = await freePort();
    const options = [
      `-p ${port}`,
      "-c listen_addresses='127.0.0.1'",
      `-c unix_socket_directories='${dir}'`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_wal_size=8GB',
      '-c maintenance_work_mem=1GB',
      '-c shared_buffers=2GB',
      "-c timezone='UTC'",
    ].join(' ');
    await as(join(bin, 'pg_ctl'), [
      '-D',
      dataDir,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-o',
      options,
      'start',
    ]);
    const stopServer = async () => {
      await as(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    };
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'rireki', database: 'postgres' });
    try {
      await client.connect();
    } catch (error) {
      await stopServer();
      throw error;
    }
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return {
      ok: true,
      cluster: {
        version: rows[0]?.server_version ?? 'unknown',
        dir,
        client,
        stop: async () => {
          await client.end().catch(() => undefined);
          await stopServer();
          await rm(dir, { recursive: true, force: true });
        },
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    return { ok: false, reason: `the PostgreSQL cluster did not start: ${describe(error)}` };
  }
}

/** The bin directory of the newest Debian PostgreSQL that has initdb, or null. */
async function findBinDir(): Promise<string | null> {
  const versions = await readdir(DEBIAN_BIN_ROOT).catch(() => [] as string[]);
  const sorted = versions.filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const version of sorted) {
    const bin = join(DEBIAN_BIN_ROOT, version, 'bin');
    const present = await readdir(bin).catch(() => [] as string[]);
    if (present.includes('initdb') && present.includes('pg_ctl')) return bin;
  }
  return null;
}

async function installPostgres(
  log: (line: string) => void,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (process.getuid?.() !== 0)
    return { ok: false, reason: 'PostgreSQL is not installed, and the bench is not root to apt-get it' };
  log('peer: installing postgresql with apt-get');
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await run('apt-get', ['update', '-qq'], { env, timeout: INSTALL_TIMEOUT_MS });
    await run('apt-get', ['install', '-y', '-qq', 'postgresql'], { env, timeout: INSTALL_TIMEOUT_MS });
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `apt-get install postgresql failed: ${describe(error)}` };
  }
}

async function postgresUser(): Promise<{ uid: number; gid: number } | null> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return null;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const stderr = (error as { stderr?: unknown }).stderr;
    const detail = typeof stderr === 'string' && stderr.trim() !== '' ? `: ${stderr.trim().slice(-500)}` : '';
    return `${error.message.split('\n')[0]}${detail}`;
  }
  return String(error);
}
