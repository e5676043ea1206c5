import { Writable } from 'node:stream';
import { ACTION_LOG_COLUMNS, type ColumnKind, type LakeRow } from '@rireki/contracts';
import parquet, { type FieldDefinition } from 'parquetjs-lite';

/** parquetjs-lite's codecs that run here without native modules. */
export type ParquetjsCodec = 'SNAPPY' | 'GZIP';

// The closest parquetjs-lite types to the lake's columns. It has no dictionary encoding, and a
// MAP is written as its standard group (repeated key_value of key, value).
const LITE_TYPES: Record<Exclude<ColumnKind, 'stringMap'>, string> = {
  string: 'UTF8',
  timestamp: 'TIMESTAMP_MILLIS',
  int: 'INT32',
  double: 'DOUBLE',
};

function liteSchema(codec: ParquetjsCodec) {
  const fields: Record<string, FieldDefinition> = {};
  for (const column of ACTION_LOG_COLUMNS) {
    fields[column.name] =
      column.kind === 'stringMap'
        ? {
            type: 'MAP',
            optional: column.nullable,
            fields: {
              key_value: {
                repeated: true,
                fields: {
                  key: { type: 'UTF8', compression: codec },
                  value: { type: 'UTF8', compression: codec },
                },
              },
            },
          }
        : { type: LITE_TYPES[column.kind], optional: column.nullable, compression: codec };
  }
  return new parquet.ParquetSchema(fields);
}

/** Writes rows to one in-memory Parquet file with parquetjs-lite: the baseline the encoder beat. */
export async function encodeWithParquetjsLite(rows: readonly LakeRow[], codec: ParquetjsCodec) {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const writer = await parquet.ParquetWriter.openStream(liteSchema(codec), sink, {
    rowGroupSize: rows.length,
  });
  for (const row of rows) {
    const record: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(row)) {
      if (value === null) continue;
      record[name] =
        name === 'attributes'
          ? {
              key_value: Object.entries(value as Record<string, string>).map(([key, v]) => ({
                key,
                value: v,
              })),
            }
          : value;
    }
    await writer.appendRow(record);
  }
  await writer.close();
  return Buffer.concat(chunks);
}
