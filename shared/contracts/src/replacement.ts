import { z } from 'zod';
import { AppCodeSchema } from './actionLog.js';

/**
 * The record a lake rewrite (compaction, erasure) writes once its new files are durable, before
 * anything is removed: from then on readers use `written` instead of `replaced`. After
 * `removeAfter` (past the longest search that could have listed the old files) the maintenance
 * worker deletes the replaced files, then this record. Readers read the records before they list a
 * partition's files, so they never see neither set.
 */
export const ReplacementSchema = z.strictObject({
  version: z.literal(1),
  id: z.string().min(1),
  app: AppCodeSchema,
  dt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** A retention record replaces every file with none: the partition leaves the lake and the catalog. */
  reason: z.enum(['compaction', 'erasure', 'retention']),
  /** Lake keys of the files whose rows are now in `written`. */
  replaced: z.array(z.string().min(1)).min(1),
  /** Lake keys of the new files; none when every row was dropped (an erasure of all of them). */
  written: z.array(z.string().min(1)),
  rowsIn: z.number().int().min(0),
  rowsOut: z.number().int().min(0),
  createdAt: z.iso.datetime(),
  removeAfter: z.iso.datetime(),
});

export type Replacement = z.infer<typeof ReplacementSchema>;
