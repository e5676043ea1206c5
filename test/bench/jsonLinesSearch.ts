import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BIGINT,
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBType,
  type DuckDBValue,
  LIST,
  listValue,
  VARCHAR,
} from '@duckdb/node-api';
import type { SearchFilterValue, SearchRequest } from '@rireki/contracts';
import { benchTextFilter, textFilterSql } from './benchTextFilter.js';

const DAY = 86_400_000;

/**
 * The fields of an event as the app sent it, with the types read_ndjson parses them as: explicit,
 * so no file is sampled to guess a schema, as the Athena table over the JSON objects declared them.
 */
const EVENT_COLUMNS = {
  app: 'VARCHAR',
  occurredAt: 'BIGINT',
  eventId: 'VARCHAR',
  action: 'VARCHAR',
  method: 'VARCHAR',
  path: 'VARCHAR',
  status: 'INTEGER',
  durationMs: 'DOUBLE',
  userId: 'VARCHAR',
  ip: 'VARCHAR',
  userAgent: 'VARCHAR',
  params: 'JSON',
  attributes: 'JSON',
} as const;
type EventField = keyof typeof EVENT_COLUMNS;

const SOURCE_SQL = `read_ndjson(?, columns = {${Object.entries(EVENT_COLUMNS)
  .map(([name, type]) => `"${name}": '${type}'`)
  .join(', ')}}, format = 'newline_delimited')`;

export interface JsonLinesPage {
  readonly eventIds: string[];
  readonly total: number | undefined;
}

/**
 * The older design's search, for the bench only: one JSON-lines file per app per day
 * (`app=<app>/<yyyy-mm-dd>.jsonl`), read by DuckDB with only the days of the range picked (the
 * layout's sole pruning), with the product's filter, order, limit and count semantics. It covers
 * the filters the bench searches use (equality, `contains`) and refuses the rest.
 */
export class JsonLinesSearch {
  readonly #instance: DuckDBInstance;
  readonly #connections: readonly [DuckDBConnection, DuckDBConnection];
  readonly #dir: string;

  private constructor(
    instance: DuckDBInstance,
    connections: [DuckDBConnection, DuckDBConnection],
    dir: string,
  ) {
    this.#instance = instance;
    this.#connections = connections;
    this.#dir = dir;
  }

  /** DuckDB with its default threads (one per core), as the product engine runs. */
  static async create(jsonDir: string): Promise<JsonLinesSearch> {
    const instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    return new JsonLinesSearch(instance, [await instance.connect(), await instance.connect()], jsonDir);
  }

  /** One page in the request's order and, when asked, the count of distinct matching events. */
  async search(request: SearchRequest): Promise<JsonLinesPage> {
    if (typeof request.app !== 'string' || request.text !== undefined || request.cursor !== undefined)
      throw new Error('the JSON-lines bench search takes one app, filters only, first pages only');
    const fromMs = Date.parse(request.from);
    const toMs = Date.parse(request.to);
    const files = await this.#filesOf(request.app, fromMs, toMs);
    if (files.length === 0) return { eventIds: [], total: request.includeTotal ? 0 : undefined };
    const where = ['app = ?', '"occurredAt" >= ?', '"occurredAt" < ?'];
    const params: Array<string | number> = [request.app, fromMs, toMs];
    for (const [field, filter] of Object.entries(request.filters ?? {})) {
      const condition = filterCondition(field, filter);
      where.push(condition.sql);
      params.push(condition.param);
    }
    const whereSql = where.join(' AND ');
    const direction = request.order === 'asc' ? 'ASC' : 'DESC';
    const pageSql = `SELECT * FROM ${SOURCE_SQL} WHERE ${whereSql} ORDER BY "occurredAt" ${direction}, "eventId" ${direction} LIMIT ${request.limit + 1}`;
    const totalSql = `SELECT count(*) AS total FROM (SELECT DISTINCT app, "eventId", "occurredAt" FROM ${SOURCE_SQL} WHERE ${whereSql})`;
    const [page, total] = await Promise.all([
      this.#run(this.#connections[0], pageSql, files, params),
      request.includeTotal ? this.#run(this.#connections[1], totalSql, files, params) : undefined,
    ]);
    return {
      eventIds: page.slice(0, request.limit).map((row) => String(row.eventId)),
      total: total === undefined ? undefined : Number(total[0]?.total),
    };
  }

  async #run(
    connection: DuckDBConnection,
    sql: string,
    files: readonly string[],
    params: ReadonlyArray<string | number>,
  ): Promise<Array<Record<string, DuckDBValue>>> {
    const values: DuckDBValue[] = [listValue([...files])];
    const types: DuckDBType[] = [LIST(VARCHAR)];
    for (const param of params) {
      values.push(typeof param === 'number' ? BigInt(param) : param);
      types.push(typeof param === 'number' ? BIGINT : VARCHAR);
    }
    const reader = await connection.runAndReadAll(sql, values, types);
    return reader.getRowObjects();
  }

  /** The daily files of the app that exist for the UTC days the range touches. */
  async #filesOf(app: string, fromMs: number, toMs: number): Promise<string[]> {
    const appDir = join(this.#dir, `app=${app}`);
    const present = new Set(await readdir(appDir).catch(() => []));
    const files: string[] = [];
    for (let day = Math.floor(fromMs / DAY) * DAY; day < toMs; day += DAY) {
      const name = `${new Date(day).toISOString().slice(0, 10)}.jsonl`;
      if (present.has(name)) files.push(join(appDir, name));
    }
    return files;
  }

  close(): void {
    for (const connection of this.#connections) connection.closeSync();
    this.#instance.closeSync();
  }
}

/** `field = value`, or `field LIKE '%value%'` for `{ contains }`: the filters the bench searches use. */
function filterCondition(field: string, filter: SearchFilterValue): { sql: string; param: string } {
  if (!(field in EVENT_COLUMNS) || EVENT_COLUMNS[field as EventField] !== 'VARCHAR')
    throw new Error(`the JSON-lines bench search filters text fields only, not ${field}`);
  const { op, param } = benchTextFilter('JSON-lines', filter);
  return { sql: textFilterSql(`"${field}"`, op, '?'), param };
}
