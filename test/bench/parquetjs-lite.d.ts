// parquetjs-lite ships no types; only what the baseline uses is declared.
declare module 'parquetjs-lite' {
  import type { Writable } from 'node:stream';

  export type FieldDefinition =
    | { type: string; optional?: boolean; repeated?: boolean; compression?: string }
    | {
        type?: 'MAP' | 'LIST';
        fields: Record<string, FieldDefinition>;
        optional?: boolean;
        repeated?: boolean;
      };

  export class ParquetSchema {
    constructor(fields: Record<string, FieldDefinition>);
  }

  export class ParquetWriter {
    static openStream(
      schema: ParquetSchema,
      stream: Writable,
      options?: { rowGroupSize?: number; useDataPageV2?: boolean },
    ): Promise<ParquetWriter>;
    appendRow(row: Record<string, unknown>): Promise<void>;
    close(): Promise<void>;
  }

  const parquet: { ParquetSchema: typeof ParquetSchema; ParquetWriter: typeof ParquetWriter };
  export default parquet;
}
