import { setTimeout as delay } from "node:timers/promises";

/** Clock is injected wherever kubedrill waits, so waits are testable without real time. */
export interface Clock {
  now(): number;
  /** sleep waits ms, or less when signal aborts first (it resolves either way). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** timeout is a signal that aborts once ms have passed on this clock: a deadline. */
  timeout(ms: number): AbortSignal;
}

/** systemClock is the real wall clock; its deadlines do not keep the process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(ms, undefined, { signal }).catch(() => undefined),
  timeout: (ms) => AbortSignal.timeout(ms),
};

/** Formats a duration the way the progress lines and summaries show it: 850ms, 12.3s, 2m05s. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes}m${String(seconds).padStart(2, "0")}s`;
}
