/** Stage progress on stderr: every stage says when it starts and how long it took. */
export interface StageTiming {
  name: string;
  seconds: number;
  cached: boolean;
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const m = Math.floor(seconds / 60);
  return `${m}m${String(Math.round(seconds - m * 60)).padStart(2, "0")}s`;
}

/** Progress runs named stages in order and keeps their timings for the final table. */
export class Progress {
  readonly timings: StageTiming[] = [];
  private readonly started = Date.now();

  constructor(private readonly write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)) {}

  /** stage runs fn; fn returns true when it found its artifact in the cache. */
  async stage(name: string, fn: () => Promise<boolean | void>): Promise<void> {
    const t0 = Date.now();
    this.write(`[setup] ▶ ${name}`);
    const cached = (await fn()) === true;
    const seconds = (Date.now() - t0) / 1000;
    this.timings.push({ name, seconds, cached });
    this.write(`[setup] ✓ ${name} ${cached ? "(cached) " : ""}${formatSeconds(seconds)}  [total ${formatSeconds(this.elapsed())}]`);
  }

  info(message: string): void {
    this.write(`[setup]   ${message}`);
  }

  elapsed(): number {
    return (Date.now() - this.started) / 1000;
  }
}
