import cliProgress from 'cli-progress';

/** Advances the bar by one step and names what runs next. */
export type Tick = (next: string) => void;

export interface Progress {
  readonly tick: Tick;
  stop(): void;
}

/** One bar over every step of the run, on stderr so stdout stays the report. */
export function startProgress(totalSteps: number, label = 'bench'): Progress {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {duration_formatted} | {step}`,
      stream: process.stderr,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 10_000,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(totalSteps, 0, { step: 'starting' });
  return {
    tick: (next) => bar.increment(1, { step: next }),
    stop: () => bar.stop(),
  };
}
