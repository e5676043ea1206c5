import { mkdir, writeFile } from 'node:fs/promises';
import { arch, cpus, release, totalmem, type } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Figure } from './figures.js';

const RESULTS_DIR = fileURLToPath(new URL('../../bench-results/', import.meta.url));

export interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly os: string;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${type()} ${release()} ${arch()}`,
  };
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en');
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

const cell = (figure: Figure) => `${formatNumber(figure.value)} ${figure.unit}`;

/** The report as a markdown table: figure, median (or the percentile named), spread, target, verdict. */
export function markdownTable(figures: readonly Figure[]): string {
  const lines = [
    '| figure | value | spread (min – max, n) | target | met |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const f of figures) {
    const stat = f.stat === 'median' ? 'median' : f.stat;
    const target = f.target ? `${f.target.op} ${formatNumber(f.target.value)}` : '';
    const met = f.met === undefined ? '' : f.met ? 'met' : 'missed';
    const note = f.note ? ` (${f.note})` : '';
    lines.push(
      `| ${f.name}${note} | ${stat} ${cell(f)} | ${formatNumber(f.min)} – ${formatNumber(f.max)}, n=${f.samples.length} | ${target} | ${met} |`,
    );
  }
  return lines.join('\n');
}

/** Writes bench-results/bench-<ISO time>.{json,md}; returns both paths. */
export async function writeReport(
  figures: readonly Figure[],
  run: { startedAt: Date; full: boolean; wallSeconds: number; skipped: readonly string[] },
): Promise<{ json: string; md: string }> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const stamp = run.startedAt.toISOString().replaceAll(':', '-');
  const machine = machineInfo();
  const json = `${RESULTS_DIR}bench-${stamp}.json`;
  const md = `${RESULTS_DIR}bench-${stamp}.md`;
  await writeFile(
    json,
    `${JSON.stringify({ ...run, startedAt: run.startedAt.toISOString(), machine, figures }, null, 2)}\n`,
  );
  const header = [
    `# rireki bench, ${run.startedAt.toISOString()}${run.full ? ' (--full)' : ''}`,
    '',
    `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.os}; ` +
      `wall time ${Math.round(run.wallSeconds)} s.`,
    '',
  ];
  const footer = run.skipped.length > 0 ? ['', `Not run: ${run.skipped.join('; ')}.`] : [];
  await writeFile(md, `${[...header, markdownTable(figures), ...footer].join('\n')}\n`);
  return { json, md };
}
