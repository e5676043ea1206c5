import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

/** The project carries its runtime: npm scripts, npx and every process they start run on it. */
describe('the runtime', () => {
  it('is the Node release of the `node` devDependency, on a supported line', () => {
    expect(process.version).toBe(`v${manifest.devDependencies.node}`);
    const major = Number(process.versions.node.split('.')[0]);
    expect(major).toBeGreaterThanOrEqual(24);
    expect(manifest.engines.node).toBe('>=22.5');
  });

  it('is the `node` that scripts find first on the PATH, so child processes run on it too', () => {
    const version = execFileSync('node', ['-p', 'process.version'], { encoding: 'utf8' }).trim();
    expect(version).toBe(process.version);
  });

  it('has the embedded queue durable storage it needs (node:sqlite)', async () => {
    const sqlite = await import('node:sqlite');
    expect(typeof sqlite.DatabaseSync).toBe('function');
  });
});
