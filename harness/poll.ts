import { systemClock, type Clock } from "./clock.js";
import { DrillError, type Stage } from "./errors.js";

export interface PollOptions {
  /** What is awaited, for the timeout message ("API server ready"). */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  stage: Stage;
  clock?: Clock;
}

/**
 * pollUntil calls attempt until it resolves, treating a thrown error as "not yet".
 * On timeout it throws a DrillError that quotes the last reason, so a stuck
 * recovery says what it was still waiting for.
 */
export async function pollUntil<T>(attempt: () => Promise<T>, options: PollOptions): Promise<T> {
  const clock = options.clock ?? systemClock;
  const interval = options.intervalMs ?? 2000;
  const deadline = clock.now() + options.timeoutMs;
  let attempts = 0;
  for (;;) {
    attempts += 1;
    try {
      return await attempt();
    } catch (error) {
      const remaining = deadline - clock.now();
      if (remaining <= 0) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new DrillError(
          `${options.what}: not reached within ${Math.round(options.timeoutMs / 1000)}s (${attempts} attempts); last: ${reason}`,
          { stage: options.stage, cause: error },
        );
      }
      await clock.sleep(Math.min(interval, remaining));
    }
  }
}
