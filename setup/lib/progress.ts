/** Stage progress on stderr: every stage says when it starts, that it is moving, and how long it took. */
import { systemClock, type Clock } from "../../harness/clock.js";
import { formatSeconds, LiveStatus, type ProgressStream } from "./live-status.js";

export interface StageTiming {
  name: string;
  seconds: number;
  cached: boolean;
}

/** The timer that moves a stage's elapsed time while its command prints nothing. */
const tickMs = 1_000;

/** Repeats fn every ms until the returned stop is called. */
export type Repeat = (ms: number, fn: () => void) => () => void;

const repeatTimer: Repeat = (ms, fn) => {
  const timer = setInterval(fn, ms).unref();
  return () => clearInterval(timer);
};

export interface ProgressOptions {
  out?: ProgressStream;
  clock?: Pick<Clock, "now">;
  repeat?: Repeat;
}

/** Progress runs named stages in order and keeps their timings for the final table. */
export class Progress {
  readonly timings: StageTiming[] = [];
  private readonly started: number;
  private live: LiveStatus | undefined;
  private readonly out: ProgressStream;
  private readonly clock: Pick<Clock, "now">;
  private readonly repeat: Repeat;

  constructor(options: ProgressOptions = {}) {
    this.out = options.out ?? process.stderr;
    this.clock = options.clock ?? systemClock;
    this.repeat = options.repeat ?? repeatTimer;
    this.started = this.clock.now();
  }

  /** stage runs fn with the stage's live status; fn returns true when it found its artifact in the cache. */
  async stage(name: string, fn: (live: LiveStatus) => Promise<boolean | void>): Promise<void> {
    const t0 = this.clock.now();
    this.write(`[setup] ▶ ${name}`);
    const live = new LiveStatus(name, this.out, this.clock);
    this.live = live;
    const stop = this.repeat(tickMs, () => live.tick());
    let cached: boolean;
    try {
      cached = (await fn(live)) === true;
    } finally {
      stop();
      live.clear();
      this.live = undefined;
    }
    const seconds = (this.clock.now() - t0) / 1000;
    this.timings.push({ name, seconds, cached });
    const summary = live.summary();
    this.write(
      `[setup] ✓ ${name} ${cached ? "(cached) " : ""}${formatSeconds(seconds)}${summary ? ` (${summary})` : ""}  [total ${formatSeconds(this.elapsed())}]`,
    );
  }

  info(message: string): void {
    this.write(`[setup]   ${message}`);
  }

  elapsed(): number {
    return (this.clock.now() - this.started) / 1000;
  }

  private write(line: string): void {
    this.live?.clear();
    this.out.write(`${line}\n`);
  }
}
