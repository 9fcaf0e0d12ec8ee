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

/**
 * ManualClock is virtual time for code with several concurrent loops: sleep() waits until
 * the test moves time past its deadline with run(), which wakes sleepers in time order.
 */
export class ManualClock implements Clock {
  private sleepers: Array<{ at: number; wake: () => void }> = [];

  constructor(public time = 1_000_000) {}

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((wake) => {
      this.sleepers.push({ at: this.time + ms, wake });
      signal?.addEventListener("abort", () => wake(), { once: true });
    });
  }

  timeout(ms: number): AbortSignal {
    const controller = new AbortController();
    this.sleepers.push({ at: this.time + ms, wake: () => controller.abort(new DOMException("The operation timed out.", "TimeoutError")) });
    return controller.signal;
  }

  /** run advances time to `until`, one sleeper at a time, letting the woken code run before the next. */
  async run(until: number): Promise<void> {
    for (;;) {
      await settle();
      const next = this.sleepers.filter((s) => s.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.sleepers.splice(this.sleepers.indexOf(next), 1);
      this.time = next.at;
      next.wake();
    }
    this.time = until;
  }
}

/** settle lets pending promise callbacks (and one macrotask turn) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));
