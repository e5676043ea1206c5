import { QueryEngineError } from '@rireki/ports';

/**
 * One value of a GetQueryResults row as plain JavaScript, by its column's type (ColumnInfo.Type).
 * Athena returns every value as text (`VarCharValue`), and NULL as a datum without one.
 *
 * - varchar, char: the text; integer, bigint, double, real, decimal…: numbers; boolean: true/false.
 * - timestamp: epoch milliseconds, the text read as UTC (Athena's session zone); a finer fraction
 *   is cut to milliseconds, as the lake stores no finer. timestamp with time zone: the same, with a
 *   `UTC` or `±HH:MM` zone (named zones are refused rather than guessed). date: midnight UTC in ms.
 * - json: the parsed JSON value, e.g. a map selected as `CAST(attributes AS JSON)`.
 * - map: a plain object read from Athena's `{k1=v1, k2=v2}` text (see parseMapText for its limits).
 * - anything else (array, row, varbinary…): the text as Athena gave it.
 */
export function decodeAthenaValue(type: string, text: string | undefined): unknown {
  if (text === undefined) return null;
  const base = /^[a-z]+/.exec(type.toLowerCase())?.[0];
  switch (base) {
    case 'varchar':
    case 'char':
    case 'string':
      return text;
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'int':
    case 'bigint':
    case 'double':
    case 'real':
    case 'float':
    case 'decimal':
      return Number(text);
    case 'boolean':
      return text === 'true';
    case 'date':
      return epochMs(`${text} 00:00:00`, type);
    case 'timestamp':
      return type.toLowerCase().includes('with time zone') ? epochMs(text, type) : epochMs(text, type, false);
    case 'json':
      try {
        return JSON.parse(text);
      } catch (error) {
        throw new QueryEngineError(`cannot read "${text}" as Athena json`, { cause: error });
      }
    case 'map':
      return parseMapText(text);
    default:
      return text;
  }
}

const TIMESTAMP =
  /^(-?\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?: ?(UTC|Z|[+-]\d{2}:\d{2}))?$/;

function epochMs(text: string, type: string, zoned = true): number {
  const match = TIMESTAMP.exec(text);
  if (!match || (!zoned && match[8] !== undefined)) {
    throw new QueryEngineError(`cannot read "${text}" as an Athena ${type}`);
  }
  const [, year, month, day, hour, minute, second, fraction = '', zone = 'UTC'] = match;
  const utc = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    Number(fraction.padEnd(3, '0').slice(0, 3)),
  );
  if (zone === 'UTC' || zone === 'Z') return utc;
  const sign = zone.startsWith('-') ? -1 : 1;
  const offsetMinutes = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6));
  return utc - sign * offsetMinutes * 60_000;
}

/**
 * A map(varchar, varchar) as Athena prints it: `{k1=v1, k2=v2}`. The text has no quoting, so it is
 * ambiguous whenever a key holds `=` or `, `, or a value holds `, <something>=`; a piece without `=`
 * is read as the rest of the value before it (`{city=Tokyo, Japan}` -> `{ city: 'Tokyo, Japan' }`),
 * which covers the common case of commas in values. Select the column as `CAST(col AS JSON)` to
 * read it exactly; AthenaQueryEngine.source does that for the action_logs map columns.
 */
export function parseMapText(text: string): Record<string, string> {
  if (!text.startsWith('{') || !text.endsWith('}')) {
    throw new QueryEngineError(`cannot read "${text}" as an Athena map`);
  }
  const body = text.slice(1, -1);
  const entries: Array<[string, string]> = [];
  if (body === '') return {};
  for (const piece of body.split(', ')) {
    const equals = piece.indexOf('=');
    const last = entries.at(-1);
    if (equals === -1 && last) {
      last[1] = `${last[1]}, ${piece}`;
      continue;
    }
    if (equals === -1) throw new QueryEngineError(`cannot read "${text}" as an Athena map`);
    entries.push([piece.slice(0, equals), piece.slice(equals + 1)]);
  }
  // fromEntries defines own properties, so a key such as "__proto__" stays plain data.
  return Object.fromEntries(entries);
}
