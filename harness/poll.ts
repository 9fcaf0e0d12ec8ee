import { interrupted, untilAborted } from "./abort.js";
import { systemClock, type Clock } from "./clock.js";
import { DrillError, isDrillError, type Stage } from "./errors.js";

export interface PollOptions {
  /** What is awaited, for the timeout message ("API server ready"). */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  stage: Stage;
  clock?: Clock;
  /** Aborts the whole wait at once (an interrupt); pollUntil then throws an "interrupted" error. */
  signal?: AbortSignal;
}

/**
 * pollUntil calls attempt until it resolves, treating a thrown error as "not yet". Each attempt
 * gets a signal that aborts at the deadline or on options.signal, and an attempt still running
 * then is abandoned, so the wait never outlasts its deadline. On timeout it throws a DrillError
 * that quotes the last reason, so a stuck recovery says what it was still waiting for.
 */
export async function pollUntil<T>(attempt: (signal: AbortSignal) => Promise<T>, options: PollOptions): Promise<T> {
  const clock = options.clock ?? systemClock;
  const interval = options.intervalMs ?? 2000;
  const deadline = clock.now() + options.timeoutMs;
  const timeout = clock.timeout(options.timeoutMs);
  const stop = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  let attempts = 0;
  let last: unknown;
  let cutOff = false;
  for (;;) {
    if (options.signal?.aborted) throw interrupted(options.what, options.stage, options.signal);
    if (timeout.aborted) {
      // A failed command's own summary, with its argv and output kept as the error's details (pasteable).
      const reason = last === undefined ? "none finished" : isDrillError(last) ? last.summary : last instanceof Error ? last.message : String(last);
      throw new DrillError(
        `${options.what}: not reached within ${Math.round(options.timeoutMs / 1000)}s (${attempts} attempts); last: ${reason}` +
          (cutOff ? "; the final attempt was cut off at the deadline" : ""),
        { ...(isDrillError(last) ? last.command : {}), stage: options.stage, cause: last },
      );
    }
    attempts += 1;
    try {
      return await untilAborted(attempt(stop), stop);
    } catch (error) {
      // A failure once the wait is over is the cut itself, not news about what was awaited.
      if (stop.aborted) cutOff = true;
      else last = error;
    }
    await clock.sleep(Math.min(interval, Math.max(0, deadline - clock.now())), stop);
  }
}
