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
