import { plural } from '../plural.js';
import type { Figure, StatusReport } from './statusReport.js';

const seconds = (figure: Figure) =>
  figure.seconds === null ? `unknown (${figure.why})` : `${figure.seconds} s`;
const count = (value: number | null) => (value === null ? '?' : String(value));

function bytes(value: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let size = value;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? size : size.toFixed(1)} ${units[unit]}`;
}

/** The report as an operator reads it; the reasons for attention last, where the eye ends. */
export function formatStatus(report: StatusReport): string {
  const lines = [
    `endpoint   ${report.endpoint.url}  ${report.endpoint.reachable ? 'reachable' : 'UNREACHABLE'}`,
    '',
    'queues     visible  in flight  delayed  oldest',
    ...report.queues.map(
      (q) =>
        `  ${q.name.padEnd(20)} ${count(q.visible).padStart(6)} ${count(q.inFlight).padStart(10)} ${count(q.delayed).padStart(8)}  ${seconds(q.oldestAge)}`,
    ),
    '',
    'workers',
    ...report.workers.map(
      (w) =>
        `  ${w.worker.padEnd(12)} ${w.alive === null ? 'unknown' : w.alive ? 'alive' : 'DOWN'}  ${w.detail}`,
    ),
    '',
    `ingest lag ${seconds(report.ingestLag)}`,
    '',
  ];
  if ('unavailable' in report.lake) {
    lines.push(`lake       cannot be read: ${report.lake.unavailable}`);
  } else {
    const lake = report.lake;
    lines.push(
      `lake       ${lake.location}  ${lake.bytes === null ? 'size unknown on S3 (see its storage metrics)' : bytes(lake.bytes)}`,
      ...lake.apps.map(
        (a) => `  app=${a.app.padEnd(20)} ${plural(a.partitions, 'partition')}, ${plural(a.files, 'file')}`,
      ),
      `quarantine ${plural(lake.quarantinedLast24h, 'record')} in the last 24 h`,
    );
  }
  lines.push('');
  lines.push(
    report.attention.length === 0
      ? 'all well'
      : ['needs attention:', ...report.attention.map((reason) => `  - ${reason}`)].join('\n'),
  );
  return `${lines.join('\n')}\n`;
}
