import type { Clock } from "../../harness/clock.js";

interface Deadline {
  at: number;
  controller: AbortController;
}

/**
 * FakeClock is a Clock whose sleep advances time instantly, so waits are deterministic.
 * Deadlines (timeout) fire in order as time passes them, each seeing now() at its own due time.
 */
export class FakeClock implements Clock {
  private deadlines: Deadline[] = [];

  constructor(public time = 1_000_000) {}

  now(): number {
    return this.time;
  }

  /** sleep advances time at once; an abort of signal (say, by a deadline on the way) ends it there. */
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.advance(ms, signal);
  }

  timeout(ms: number): AbortSignal {
    const controller = new AbortController();
    this.deadlines.push({ at: this.time + ms, controller });
    this.advance(0);
    return controller.signal;
  }

  advance(ms: number, until?: AbortSignal): void {
    const target = this.time + ms;
    for (;;) {
      if (until?.aborted) return;
      const due = this.deadlines.filter((d) => d.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.deadlines = this.deadlines.filter((d) => d !== due);
      this.time = due.at;
      due.controller.abort(new DOMException("The operation timed out.", "TimeoutError"));
    }
    this.time = target;
  }
}
