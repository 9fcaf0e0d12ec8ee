import type { Clock } from "../../harness/clock.js";

/** Where progress goes: stderr in setup, a recorder in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  /** Terminal width; the live line is cut to fit so rewriting it in place never wraps. */
  columns?: number;
  write(text: string): unknown;
}

/** What one output line of a long command says: the item it names, and whether that is a finished unit of work. */
export interface Reading {
  item: string;
  counts: boolean;
}

/** Meter reads a command's output lines, e.g. the packages `go build -v` names as it compiles them. */
export interface Meter {
  /** Plural noun for what `counts` lines count: "packages". */
  unit: string;
  read(line: string): Reading | undefined;
}

/** How often CI logs (no terminal) get a line: often enough to see the work move, rarely enough to stay short. */
const plainIntervalMs = 30_000;
/** A terminal redraws at most this often however fast lines arrive, so drawing costs nothing next to the build. */
const terminalRefreshMs = 250;
const clearLine = "\r\x1b[2K";

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const whole = Math.round(seconds); // round once, so 179.6 s is 3m00s and not 2m60s
  return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, "0")}s`;
}

/**
 * LiveStatus shows that a running stage is moving: elapsed time, and with a
 * meter the units done so far (of an estimated total) and the current item.
 * On a terminal it rewrites one line in place; elsewhere (CI logs) it prints a
 * plain line at most once per interval. Feed it output lines with `line`; a
 * timer calls `tick` so the time moves while the command is quiet.
 */
export class LiveStatus {
  private meter: Meter | undefined;
  private total: number | undefined;
  private done = 0;
  private current = "";
  private readonly started: number;
  private lastShown: number;
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly out: ProgressStream,
    private readonly clock: Pick<Clock, "now">,
  ) {
    this.started = clock.now();
    this.lastShown = this.started;
  }

  /** measure says how to read the output lines that follow. */
  measure(meter: Meter): void {
    this.meter = meter;
  }

  /** estimate sets how many units the work is expected to take, shown as done/total. */
  estimate(total: number): void {
    this.total = total;
  }

  line(text: string): void {
    const reading = this.meter?.read(text);
    if (!reading) return;
    if (reading.counts) this.done++;
    this.current = reading.item;
    this.tick();
  }

  /** tick shows the status when it is due: every refresh on a terminal, every interval elsewhere. */
  tick(): void {
    const now = this.clock.now();
    if (now - this.lastShown < (this.out.isTTY ? terminalRefreshMs : plainIntervalMs)) return;
    this.lastShown = now;
    const status = `[setup]   ${this.label}: ${this.describe(now)}`;
    if (!this.out.isTTY) {
      this.out.write(`${status}\n`);
      return;
    }
    const width = (this.out.columns ?? 80) - 1;
    this.out.write(`${clearLine}${status.length > width ? `${status.slice(0, width - 1)}…` : status}`);
    this.drawn = true;
  }

  /** clear removes the terminal line so other output starts on a clean line; the next tick redraws it. */
  clear(): void {
    if (!this.drawn) return;
    this.out.write(clearLine);
    this.drawn = false;
  }

  /** summary is what the stage's final line adds: "583/583 packages", or nothing without a meter. */
  summary(): string {
    if (!this.meter) return "";
    return `${this.done}${this.total === undefined ? "" : `/${this.total}`} ${this.meter.unit}`;
  }

  private describe(now: number): string {
    const elapsed = formatSeconds((now - this.started) / 1000);
    const counted = this.summary();
    return [counted ? `${counted}, ${elapsed}` : elapsed, this.current].filter(Boolean).join(" · ");
  }
}
