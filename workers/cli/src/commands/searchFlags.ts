import type { FieldProblem, SearchRequestInput } from '@rireki/contracts';
import { parseTimeFlag } from '../flags/timeFlag.js';
import { UsageError } from '../flags/UsageError.js';
import { mergeFilters, type ParsedFilter } from './mergeFilters.js';
import { parseFilter } from './parseFilter.js';
import { CSV_COLUMNS, parseColumns, TABLE_COLUMNS } from './searchColumns.js';
import { type CursorRange, readCursor } from './searchCursor.js';
import { OUTPUT_FORMATS, type OutputFormat } from './searchOutput.js';

/** `rireki search`'s flags as commander gives them. */
export interface SearchFlags {
  readonly app: string;
  readonly from?: string;
  readonly to?: string;
  readonly filter: readonly string[];
  readonly text?: string;
  readonly order: string;
  readonly limit: number;
  readonly cursor?: string;
  readonly all: boolean;
  readonly total: boolean;
  readonly json: boolean;
  readonly format?: string;
  readonly columns?: string;
}

/** What the flags ask for. */
export interface PlannedSearch {
  readonly request: SearchRequestInput;
  /** The range, printed into every cursor so that `--cursor` alone continues the search. */
  readonly range: CursorRange;
  readonly all: boolean;
  readonly format: OutputFormat;
  readonly columns: readonly string[];
}

const DAY_MS = 86_400_000;

/**
 * The search the flags describe, or a UsageError naming every bad flag. The range comes from
 * --from/--to (read in `zone`), else from a printed cursor, else the last 7 days before now.
 */
export function planSearch(flags: SearchFlags, zone: string, nowMs: number): PlannedSearch {
  const problems: FieldProblem[] = [];
  const cursor = flags.cursor === undefined ? undefined : readCursor(flags.cursor);
  if (cursor && 'problem' in cursor) problems.push(cursor.problem);
  const cursorRange = cursor && 'range' in cursor ? cursor.range : undefined;

  const time = (flag: string, raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    const parsed = parseTimeFlag(flag, raw, zone, nowMs);
    if ('problem' in parsed) {
      problems.push(parsed.problem);
      return undefined;
    }
    return parsed.ms;
  };
  const fromMs = time('--from', flags.from);
  const toMs = time('--to', flags.to);
  const rawCursor = cursor !== undefined && 'cursor' in cursor && cursor.range === undefined;
  const range = resolveRange(fromMs, toMs, cursorRange, nowMs, flags, rawCursor, problems);

  const parsedFilters: ParsedFilter[] = [];
  for (const argument of flags.filter) {
    try {
      const [field, value] = parseFilter(argument);
      parsedFilters.push({ argument, field, value });
    } catch (error) {
      problems.push({
        path: '--filter',
        message: String((error as Error).message).replace(/^--filter /, ''),
      });
    }
  }
  const merged = mergeFilters(parsedFilters);
  problems.push(...merged.problems);

  if (flags.order !== 'desc' && flags.order !== 'asc') {
    problems.push({ path: '--order', message: `must be desc (newest first) or asc (got "${flags.order}")` });
  }
  const format = formatOf(flags, problems);
  const columns = columnsOf(flags, format, problems);
  if (problems.length > 0) throw new UsageError(problems);

  const apps = flags.app.split(',').map((app) => app.trim());
  return {
    request: {
      app: apps.length === 1 ? (apps[0] as string) : apps,
      from: range.from,
      to: range.to,
      order: flags.order as 'asc' | 'desc',
      limit: flags.limit,
      includeTotal: flags.total,
      ...(flags.filter.length > 0 ? { filters: merged.filters } : {}),
      ...(flags.text === undefined ? {} : { text: flags.text }),
      ...(cursor && 'cursor' in cursor ? { cursor: cursor.cursor } : {}),
    },
    range,
    all: flags.all,
    format,
    columns,
  };
}

function resolveRange(
  fromMs: number | undefined,
  toMs: number | undefined,
  cursorRange: CursorRange | undefined,
  nowMs: number,
  flags: SearchFlags,
  rawCursor: boolean,
  problems: FieldProblem[],
): CursorRange {
  if (cursorRange !== undefined) {
    // A printed cursor belongs to its range; flags that say another one would be refused by the
    // worker as "another search", so say which flag differs instead.
    for (const [flag, ms, expected] of [
      ['--from', fromMs, cursorRange.from],
      ['--to', toMs, cursorRange.to],
    ] as const) {
      if (ms !== undefined && ms !== Date.parse(expected)) {
        problems.push({
          path: flag,
          message: `is ${new Date(ms).toISOString()}, but the cursor continues the search ${flag === '--from' ? 'from' : 'to'} ${expected}: leave ${flag} out to continue it`,
        });
      }
    }
    return cursorRange;
  }
  if (rawCursor && (flags.from === undefined || flags.to === undefined)) {
    problems.push({
      path: '--cursor',
      message: 'is the nextCursor of an SDK search: give the same --from and --to as that search',
    });
  }
  const to = toMs ?? nowMs;
  const from = fromMs ?? to - 7 * DAY_MS;
  if (fromMs !== undefined && toMs !== undefined && fromMs >= toMs) {
    problems.push({
      path: '--to',
      message: `must be after --from (got --from ${new Date(fromMs).toISOString()}, --to ${new Date(toMs).toISOString()})`,
    });
  }
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

function formatOf(flags: SearchFlags, problems: FieldProblem[]): OutputFormat {
  const given = flags.format ?? (flags.json ? 'json' : 'table');
  if (!(OUTPUT_FORMATS as readonly string[]).includes(given)) {
    problems.push({
      path: '--format',
      message: `must be one of ${OUTPUT_FORMATS.join(', ')} (got "${given}")`,
    });
    return 'table';
  }
  if (flags.json && flags.format !== undefined && flags.format !== 'json') {
    problems.push({ path: '--json', message: `contradicts --format ${flags.format}: give one of them` });
  }
  // One JSON object cannot hold every page in bounded memory: --all streams a row per line.
  return given === 'json' && flags.all ? 'ndjson' : (given as OutputFormat);
}

function columnsOf(flags: SearchFlags, format: OutputFormat, problems: FieldProblem[]): readonly string[] {
  if (flags.columns === undefined) return format === 'csv' ? CSV_COLUMNS : TABLE_COLUMNS;
  const parsed = parseColumns(flags.columns);
  if ('problem' in parsed) {
    problems.push(parsed.problem);
    return TABLE_COLUMNS;
  }
  return parsed.columns;
}
