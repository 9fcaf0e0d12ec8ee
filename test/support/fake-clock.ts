import type { Clock } from "../../harness/clock.js";

/** FakeClock is a Clock whose sleep advances time instantly, so waits are deterministic. */
export class FakeClock implements Clock {
  constructor(public time = 1_000_000) {}

  now(): number {
    return this.time;
  }

  async sleep(ms: number): Promise<void> {
    this.time += ms;
  }

  advance(ms: number): void {
    this.time += ms;
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

  sleep(ms: number): Promise<void> {
    return new Promise((wake) => this.sleepers.push({ at: this.time + ms, wake }));
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
