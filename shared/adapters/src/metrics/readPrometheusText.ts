/**
 * The samples of a Prometheus text exposition, by series (`name` or `name{label="value",…}`, as
 * written), for the few readers rireki has: `rireki status` and the tests. Comments and malformed
 * lines are skipped; timestamps are not used by prom-client and are ignored.
 */
export function readPrometheusText(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?)\s+(\S+)/.exec(line);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    const value = Number(match[2]);
    if (!Number.isNaN(value)) samples.set(match[1], value);
  }
  return samples;
}
