import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WORKER_COMMANDS } from '../lib/index.js';

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** Dockerfile instructions, comments dropped and continuation lines joined. */
function parseDockerfile(text: string): Instruction[] {
  const logical = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return logical
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

/** Instructions per stage, split at each FROM. */
function stages(instructions: readonly Instruction[]): Instruction[][] {
  const result: Instruction[][] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') result.push([]);
    result.at(-1)?.push(instruction);
  }
  return result;
}

const root = new URL('../../', import.meta.url);
const instructions = parseDockerfile(readFileSync(new URL('Dockerfile', root), 'utf8'));
const all = stages(instructions);
const final = all.at(-1) ?? [];
const of = (stage: readonly Instruction[], keyword: string) => stage.filter((i) => i.keyword === keyword);

describe('Dockerfile', () => {
  it('is multi-stage', () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(of(final, 'COPY').some((copy) => copy.args.startsWith('--from='))).toBe(true);
  });

  it('pins every base image to the Node release the tests run on (optionally with a digest)', () => {
    // The repository's own runtime: the `node` devDependency that npm scripts run on.
    const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    const runtime = manifest.devDependencies.node ?? '';
    expect(runtime).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Number(runtime.split('.')[0]) % 2).toBe(0); // an even major: a line that becomes LTS
    for (const from of of(instructions, 'FROM')) {
      const image = from.args.split(/\s+/)[0] ?? '';
      expect(image).toMatch(/^node:\d+\.\d+\.\d+-[a-z]+-slim(@sha256:[a-f0-9]{64})?$/);
      expect(image.slice('node:'.length).split('-')[0]).toBe(runtime);
    }
  });

  it('runs as a non-root user in the final stage', () => {
    const users = of(final, 'USER');

    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)?.args ?? '';
    expect(user).not.toMatch(/^(root|0)(:|$)/);
  });

  it('installs only production dependencies in the final stage', () => {
    const installs = of(final, 'RUN').filter((run) => /\bnpm (ci|install|i)\b/.test(run.args));

    expect(installs.length).toBeGreaterThan(0);
    for (const install of installs) expect(install.args).toMatch(/\bnpm ci\b.*--omit=dev/);
  });

  it('starts the ingest worker with an exec-form CMD, node as PID 1, never npm start', () => {
    const cmd = of(final, 'CMD').at(-1)?.args ?? '';
    const entrypoints = of(final, 'ENTRYPOINT');

    expect(JSON.parse(cmd)).toEqual([...WORKER_COMMANDS.ingest]);
    expect(cmd).not.toMatch(/npm/);
    for (const entrypoint of entrypoints) {
      expect(entrypoint.args.startsWith('[')).toBe(true);
      expect(entrypoint.args).not.toMatch(/npm/);
    }
    expect(of(final, 'STOPSIGNAL').at(-1)?.args).toBe('SIGTERM');
  });

  // Every worker the stack runs (WORKER_COMMANDS) is installed, built and shipped: a service whose
  // command names a file the image lacks would start, exit and be restarted for ever.
  describe.each(Object.values(WORKER_COMMANDS).map((command) => command[1]))('%s', (entry) => {
    const folder = entry.split('/dist/')[0] ?? '';
    const manifest = JSON.parse(readFileSync(new URL(`${folder}/package.json`, root), 'utf8')) as {
      name: string;
    };
    const build = all.at(-2) ?? [];
    const copies = (stage: readonly Instruction[]) => of(stage, 'COPY').map((copy) => copy.args);

    it('is a workspace package of its own', () => {
      expect(folder).toMatch(/^workers\/[a-z]+$/);
      expect(manifest.name).toMatch(/^@rireki\//);
    });

    it('has its manifest and sources copied and is built in the build stage', () => {
      expect(copies(build)).toEqual(
        expect.arrayContaining([`${folder}/package.json ${folder}/`, `${folder} ${folder}`]),
      );
      const turbo = of(build, 'RUN').find((run) => /\bturbo run build\b/.test(run.args))?.args ?? '';
      expect(turbo.split(/\s+/)).toContain(`--filter=${manifest.name}`);
    });

    it('has its production dependencies installed and its build output in the final stage', () => {
      const install = of(final, 'RUN').find((run) => /\bnpm ci\b/.test(run.args))?.args ?? '';

      expect(install.split(/\s+/)).toContain(`--workspace=${manifest.name}`);
      expect(copies(final)).toEqual(
        expect.arrayContaining([
          `${folder}/package.json ${folder}/`,
          `--from=build /app/${folder}/dist ${folder}/dist`,
        ]),
      );
    });
  });

  it('keeps node_modules, build output, git and the CDK app out of the build context', () => {
    const ignored = readFileSync(new URL('.dockerignore', root), 'utf8').split('\n');

    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git', 'infra']));
  });
});
