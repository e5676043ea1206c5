import { DuckDbParquetEncoder } from '@rireki/adapters';
import type { LakeRow } from '@rireki/contracts';
import { parseLakeRow } from '@rireki/contracts';
import { benchEvents } from './benchEvents.js';
import { type Figure, figure } from './figures.js';
import { encodeWithParquetjsLite } from './parquetjsLiteEncoder.js';
import type { Tick } from './progress.js';

interface Contender {
  readonly name: string;
  readonly encode: (rows: readonly LakeRow[]) => Promise<Uint8Array>;
}

/** The older design's layout: one JSON object per line, as bytes. */
function jsonLines(rows: readonly LakeRow[]): Promise<Uint8Array> {
  const lines = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) lines[i] = JSON.stringify(rows[i]);
  return Promise.resolve(Buffer.from(`${lines.join('\n')}\n`));
}

export function encoderSteps(runs: number): number {
  return runs * 4;
}

/**
 * rows/s and bytes/row of the chosen encoder and its baselines on the same rows, runs interleaved
 * (run i of every contender before run i + 1) so drift of a noisy machine hits all alike.
 */
export async function benchEncoders(rowsPerFile: number, runs: number, tick: Tick): Promise<Figure[]> {
  const rows: LakeRow[] = benchEvents(rowsPerFile).map((event, index) => {
    const result = parseLakeRow(event, { messageId: 'bench', index, receivedAtMs: Date.now() });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.row;
  });
  const duckdb = await DuckDbParquetEncoder.create();
  const contenders: Contender[] = [
    { name: 'DuckDB Parquet (ZSTD 6)', encode: (r) => duckdb.encode(r) },
    { name: 'parquetjs-lite (SNAPPY)', encode: (r) => encodeWithParquetjsLite(r, 'SNAPPY') },
    { name: 'parquetjs-lite (GZIP)', encode: (r) => encodeWithParquetjsLite(r, 'GZIP') },
    { name: 'JSON lines (uncompressed)', encode: jsonLines },
  ];
  const rates = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  const bytes = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  try {
    for (const contender of contenders) await contender.encode(rows.slice(0, 1000)); // warm-up
    for (let run = 0; run < runs; run++) {
      for (const contender of contenders) {
        tick(`encoder: ${contender.name}, run ${run + 1}/${runs}`);
        const started = performance.now();
        const file = await contender.encode(rows);
        rates.get(contender.name)?.push(rows.length / ((performance.now() - started) / 1000));
        bytes.get(contender.name)?.push(file.byteLength / rows.length);
      }
    }
  } finally {
    await duckdb.close();
  }
  const k = `${Math.round(rowsPerFile / 1000)}k rows/file`;
  const figures: Figure[] = [];
  for (const { name } of contenders) {
    figures.push(figure(`encoder ${name}, ${k}: rows/s`, 'rows/s', rates.get(name) ?? []));
    figures.push(figure(`encoder ${name}, ${k}: bytes/row`, 'bytes/row', bytes.get(name) ?? []));
  }
  const chosen = contenders[0]?.name ?? '';
  for (const codec of ['SNAPPY', 'GZIP'] as const) {
    const base = `parquetjs-lite (${codec})`;
    const paired = (map: Map<string, number[]>) =>
      (map.get(chosen) ?? []).map((value, i) => value / (map.get(base)?.[i] ?? Number.NaN));
    figures.push(
      figure(`ratio rows/s, DuckDB / ${base}`, 'x', paired(rates), { target: { op: '>=', value: 8 } }),
      figure(`ratio bytes, DuckDB / ${base}`, 'x', paired(bytes), { target: { op: '<=', value: 1 / 3 } }),
    );
  }
  return figures;
}
