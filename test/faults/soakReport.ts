import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatNumber } from '../bench/report.js';
import { percentile } from '../bench/stats.js';
import type { SoakResult } from './soakResult.js';
import { RECENT_MS } from './soakSearches.js';

const mib = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');

function rssTable(result: SoakResult): string[] {
  const lines = [
    '| process | pid | RSS start | after warm-up | end | max | slope after warm-up | judged |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const p of result.rss.processes) {
    const slope = Number.isFinite(p.slopeMiBPerMin) ? `${p.slopeMiBPerMin.toFixed(2)} MiB/min` : 'n/a';
    const judged = p.judged ? (p.problems.length === 0 ? 'ok' : '**growth**') : 'too short';
    lines.push(
      `| ${p.process} | ${p.pids.join(', ')} | ${mib(p.startMiB)} MiB | ${mib(p.afterWarmupMiB)} MiB | ${mib(p.endMiB)} MiB | ${mib(p.maxMiB)} MiB | ${slope} | ${judged} |`,
    );
  }
  return lines;
}

function trafficTable(result: SoakResult): string[] {
  const lines = [
    '| app | logged | accepted by SQS | found by search | dropped | lost |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  const sum = (pick: (a: SoakResult['traffic']['apps'][number]) => number) =>
    result.traffic.apps.reduce((total, app) => total + pick(app), 0);
  for (const a of result.traffic.apps)
    lines.push(
      `| ${a.app} | ${formatNumber(a.logged)} | ${formatNumber(a.accepted)} | ${a.found === null ? 'n/a' : formatNumber(a.found)} | ${a.dropped} | ${a.failed} |`,
    );
  const found = result.traffic.apps.every((a) => a.found !== null)
    ? formatNumber(sum((a) => a.found ?? 0))
    : 'n/a';
  lines.push(
    `| all | ${formatNumber(sum((a) => a.logged))} | ${formatNumber(sum((a) => a.accepted))} | ${found} | ${sum((a) => a.dropped)} | ${sum((a) => a.failed)} |`,
  );
  return lines;
}

function searchTable(result: SoakResult): string[] {
  const lines = ['| search | n | failed | p50 | p95 | max |', '| --- | --- | --- | --- | --- | --- |'];
  for (const kind of ['user-history', 'recent-count', 'all'] as const) {
    const samples = result.searches.filter((s) => kind === 'all' || s.kind === kind);
    const ms = samples.filter((s) => s.ok).map((s) => s.ms);
    const stat = (p: number) => (ms.length === 0 ? 'n/a' : `${formatNumber(percentile(ms, p))} ms`);
    const minutes = RECENT_MS / 60_000;
    const name =
      kind === 'user-history'
        ? `one user, last ${minutes} min`
        : kind === 'recent-count'
          ? `count of an app, last ${minutes} min`
          : 'all';
    lines.push(
      `| ${name} | ${samples.length} | ${samples.length - ms.length} | ${stat(50)} | ${stat(95)} | ${stat(100)} |`,
    );
  }
  return lines;
}

/** The soak's report as markdown: verdict, memory, events, searches, errors. */
function lakeLines(result: SoakResult): string[] {
  const { points, maxLiveFiles } = result.lake;
  const most = Math.max(0, ...points.map((point) => point.maxLiveFiles));
  const onDisk = Math.max(0, ...points.map((point) => point.maxFilesOnDisk));
  const last = points.at(-1);
  const compactions = result.stack.events['maintenance.partition.compacted'] ?? 0;
  return [
    `Lake: at most ${most} live files in a partition over the run (limit ${maxLiveFiles}), ${last?.maxLiveFiles ?? 0} at the end, ` +
      `${onDisk} on disk with the replaced ones in their grace; ${compactions} compactions, ` +
      `${result.stack.events['maintenance.replaced.removed'] ?? 0} replaced sets removed.`,
  ];
}

export function soakMarkdown(result: SoakResult, reasons: readonly string[]): string {
  const { machine, settings, stack, traffic } = result;
  const warnings = Object.entries(stack.events)
    .filter(([event]) => /refused|dropped|failed|handed_back|discarded|quarantined|backpressure/.test(event))
    .map(([event, n]) => `${event} ${n}`);
  const searchable =
    traffic.searchableAfterMs === null ? 'never' : `${formatNumber(traffic.searchableAfterMs)} ms`;
  return [
    `# rireki soak, ${result.startedAt}`,
    '',
    `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.os}.`,
    `${formatNumber(settings.seconds)} s of ${formatNumber(settings.rate)} events/s from ${traffic.apps.length} apps, ` +
      `a search every ${formatNumber(settings.searchEveryMs)} ms, RSS read every ${formatNumber(settings.sampleEveryMs)} ms; ` +
      `wall time ${Math.round(result.wallSeconds)} s.`,
    '',
    `**Verdict: ${reasons.length === 0 ? 'pass' : 'FAIL'}**${reasons.map((r) => `\n- ${r}`).join('')}`,
    '',
    `Memory (warm-up: first ${Math.round(result.rss.limits.warmupMs / 1000)} s; growth fails above ` +
      `${result.rss.limits.maxSlopeMiBPerMin} MiB/min or an end over ${result.rss.limits.maxEndRatio}× the RSS after warm-up; ` +
      `judged when at least ${Math.round(result.rss.limits.minJudgedMs / 1000)} s follow warm-up):`,
    '',
    ...rssTable(result),
    '',
    `Events (every accepted event searchable ${searchable} after sending stopped):`,
    '',
    ...trafficTable(result),
    '',
    ...lakeLines(result),
    '',
    'Searches (round trip through the search queue and the query worker):',
    '',
    ...searchTable(result),
    '',
    `Errors: ${stack.errorCount} error-level log lines, ${stack.foreignStderrCount} foreign stderr lines, ` +
      `${result.drainSearchFailures.length} failed counts at the end, restarts ingest ${stack.restarts.ingest} / query ${stack.restarts.query} / maintenance ${stack.restarts.maintenance}, ` +
      `exit code after Ctrl-C ${String(stack.exitCode)}.` +
      (warnings.length > 0 ? ` Warnings: ${warnings.join(', ')}.` : ''),
    ...stack.errorLines.map((line) => `    ${line}`),
    ...stack.foreignStderr.map((line) => `    ${line}`),
    ...traffic.problems.map((line) => `    ${line}`),
    '',
  ].join('\n');
}

/** Writes `<outDir>/soak-<time>.json` and `.md`; returns both paths. */
export async function writeSoakReport(
  result: SoakResult,
  reasons: readonly string[],
  outDir: string,
): Promise<{ json: string; md: string }> {
  await mkdir(outDir, { recursive: true });
  const stamp = result.startedAt.replaceAll(':', '-');
  const json = join(outDir, `soak-${stamp}.json`);
  const md = join(outDir, `soak-${stamp}.md`);
  await writeFile(
    json,
    `${JSON.stringify({ ...result, verdict: { passed: reasons.length === 0, reasons } }, null, 2)}\n`,
  );
  await writeFile(md, soakMarkdown(result, reasons));
  return { json, md };
}
