import cliProgress from 'cli-progress';

/** Progress of `rireki send` through its input. */
export interface SendProgress {
  /** One line read, of `bytes` bytes; `bad` when it was not sent. */
  advance(bytes: number, bad: boolean): void;
  stop(): void;
}

const NO_PROGRESS: SendProgress = { advance: () => undefined, stop: () => undefined };

/**
 * A bar over the bytes of the input, on a terminal and when the input's size is known; nothing
 * elsewhere (a pipe, a log file, CI), where the summary line says it all.
 */
export function startSendProgress(
  totalBytes: number | undefined,
  stream: NodeJS.WriteStream = process.stderr,
): SendProgress {
  if (!stream.isTTY || totalBytes === undefined || totalBytes === 0) return NO_PROGRESS;
  const bar = new cliProgress.SingleBar(
    {
      format:
        'sending [{bar}] {percentage}% | {lines} lines, {bad} bad | {duration_formatted} | eta {eta_formatted}',
      stream,
      hideCursor: true,
      gracefulExit: false,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let lines = 0;
  let bad = 0;
  let done = 0;
  bar.start(totalBytes, 0, { lines, bad });
  return {
    advance: (bytes, isBad) => {
      lines += 1;
      if (isBad) bad += 1;
      done = Math.min(totalBytes, done + bytes);
      bar.update(done, { lines, bad });
    },
    stop: () => {
      bar.update(totalBytes, { lines, bad });
      bar.stop();
    },
  };
}
