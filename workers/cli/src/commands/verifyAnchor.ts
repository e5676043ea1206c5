import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { type DigestLink, DigestLinkSchema, fieldProblems } from '@rireki/contracts';
import { z } from 'zod';
import { UsageError } from '../flags/UsageError.js';

/**
 * What `rireki verify --anchor` keeps between runs, outside the lake: the newest digest of each
 * chain at the last clean verification. The next run checks that each is still there unchanged,
 * which no digest in the lake can prove once every writer has stopped: deleting the newest digests
 * of every chain, with the files they account for, leaves a lake that verifies on its own.
 */
const AnchorSchema = z.strictObject({
  version: z.literal(1),
  /** The lake the heads are of, as the object store names it. */
  lake: z.string().min(1),
  createdAt: z.iso.datetime(),
  heads: z.array(DigestLinkSchema),
});
export type Anchor = z.infer<typeof AnchorSchema>;

/** The anchor kept at `path`, or null when there is none yet (the first run writes it). */
export async function readAnchor(path: string, lake: string): Promise<Anchor | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new UsageError([{ path: '--anchor', message: `cannot be read (${String(error)})` }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError([
      { path: '--anchor', message: `is not an anchor rireki verify wrote (${path} is not JSON)` },
    ]);
  }
  const parsed = AnchorSchema.safeParse(value);
  if (!parsed.success) {
    const problems = fieldProblems(parsed.error).map((p) => `${p.path || '(file)'}: ${p.message}`);
    throw new UsageError([
      { path: '--anchor', message: `is not an anchor rireki verify wrote (${problems.join('; ')})` },
    ]);
  }
  if (parsed.data.lake !== lake)
    throw new UsageError([
      { path: '--anchor', message: `was written for the lake ${parsed.data.lake}, not ${lake}` },
    ]);
  return parsed.data;
}

/** Replaces the anchor at `path` whole: written under another name, then renamed into place. */
export async function writeAnchor(
  path: string,
  lake: string,
  heads: readonly DigestLink[],
  nowMs: number,
): Promise<void> {
  const anchor: Anchor = { version: 1, lake, createdAt: new Date(nowMs).toISOString(), heads: [...heads] };
  const draft = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(draft, `${JSON.stringify(anchor, null, 2)}\n`, { flush: true });
    await rename(draft, path);
  } finally {
    await rm(draft, { force: true });
  }
}
