import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const RIREKI = fileURLToPath(new URL('../../workers/cli/bin/rireki.js', import.meta.url));
const run = promisify(execFile);

/** `rireki verify --json` over a data directory, as an operator runs it: its exit code and report. */
export async function verifyDataDir(dataDir: string): Promise<{
  code: number;
  report: { ok: boolean; failures: unknown[]; digests: number; pending: number; files: number };
}> {
  const done = await run(process.execPath, [RIREKI, 'verify', '--json', '--data-dir', dataDir], {
    env: { PATH: process.env.PATH },
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    (ok) => ({ code: 0, stdout: ok.stdout }),
    (error: { code: number; stdout: string; stderr: string }) => {
      if (error.code !== 1) throw new Error(`rireki verify exited with ${error.code}: ${error.stderr}`);
      return { code: 1, stdout: error.stdout };
    },
  );
  return { code: done.code, report: JSON.parse(done.stdout) };
}
