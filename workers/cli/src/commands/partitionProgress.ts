import cliProgress from 'cli-progress';

/** Progress over the partitions of a one-shot maintenance command. */
export interface PartitionProgress {
  /** One partition done; `line`, if any, says what was done to it. */
  advance(partition: string, line?: string): void;
  stop(): void;
}

/**
 * A bar on a terminal, with each notable partition's line printed above it; elsewhere (a pipe, a
 * log file, CI) the lines alone, since a bar redrawn into a file is noise. Ctrl-C is left to its
 * default: every step the commands take is safe to stop at, and the next run finishes it.
 */
export function startPartitionProgress(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): PartitionProgress {
  if (!stream.isTTY) {
    return {
      advance: (_partition, line) => {
        if (line !== undefined) stream.write(`${line}\n`);
      },
      stop: () => undefined,
    };
  }
  const bars = new cliProgress.MultiBar(
    {
      format: `${label} [{bar}] {value}/{total} partitions | {duration_formatted} | {partition}`,
      stream,
      hideCursor: true,
      gracefulExit: false,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const bar = bars.create(total, 0, { partition: '' });
  return {
    advance: (partition, line) => {
      if (line !== undefined) bars.log(`${line}\n`);
      bar.increment(1, { partition });
    },
    stop: () => {
      // A render prints the lines logged since the last one; stop alone would drop them.
      bars.update();
      bars.stop();
    },
  };
}
