import { systemClock, type Clock } from "../clock.js";
import { attempt, type CheckResult } from "../verify/check.js";
import type { Milestone } from "../verify/milestones.js";
import { MilestoneTrack, type MilestoneObservation } from "./track.js";

export interface WatcherOptions {
  /** The end of the breakage (clock ms): what every milestone time is measured from. */
  origin: number;
  clock?: Clock;
  /** A sample that takes longer than this counts as false (an API server that hangs is not ready). */
  sampleTimeoutMs?: number;
}

/**
 * RecoveryWatcher samples every milestone from outside, each on its own loop, while the
 * runbook runs, from the end of the breakage until the final verification. It never
 * throws: a failed sample is a false observation.
 */
export class RecoveryWatcher {
  private readonly tracks: MilestoneTrack[];
  private readonly loops: Promise<void>[];
  private stopping = false;
  private wake!: () => void;
  private readonly stopped = new Promise<void>((resolve) => (this.wake = resolve));

  private constructor(
    private readonly milestones: readonly Milestone[],
    private readonly options: Required<WatcherOptions>,
  ) {
    this.tracks = milestones.map((m) => new MilestoneTrack(m.id, m.title, options.origin));
    this.loops = milestones.map((m, i) => this.follow(m, this.tracks[i]!));
  }

  static start(milestones: readonly Milestone[], options: WatcherOptions): RecoveryWatcher {
    return new RecoveryWatcher(milestones, { clock: systemClock, sampleTimeoutMs: 5000, ...options });
  }

  /**
   * stop ends the sampling. The final verification's results, taken at `at`, count as each
   * milestone's last sample, so "stayed true" reaches up to the verdict.
   */
  async stop(final?: { at: number; results: readonly CheckResult[] }): Promise<MilestoneObservation[]> {
    this.stopping = true;
    this.wake();
    await Promise.all(this.loops);
    if (final) {
      this.milestones.forEach((m, i) => {
        const result = final.results.find((r) => r.name === m.check.name);
        if (result) this.tracks[i]!.record({ at: final.at, ok: result.passed, detail: result.message });
      });
    }
    return this.tracks.map((t) => t.observation());
  }

  private async follow(milestone: Milestone, track: MilestoneTrack): Promise<void> {
    const { clock, sampleTimeoutMs } = this.options;
    while (!this.stopping) {
      const started = clock.now();
      const result = await Promise.race([attempt(milestone.check), timedOut(milestone.check.name, sampleTimeoutMs)]);
      if (this.stopping) return; // a sample that ends after stop() would postdate the final verification
      track.record({ at: clock.now(), ok: result.passed, detail: result.message?.split("\n")[0] });
      const rest = milestone.intervalMs - (clock.now() - started);
      if (rest > 0) await Promise.race([clock.sleep(rest), this.stopped]);
    }
  }
}

/** A real-time timeout (hung requests hang in real time), which never keeps the process alive. */
function timedOut(name: string, ms: number): Promise<CheckResult> {
  return new Promise((resolve) => setTimeout(() => resolve({ name, passed: false, message: `no answer within ${ms}ms` }), ms).unref());
}
