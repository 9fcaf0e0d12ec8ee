import type { Clock } from "../clock.js";
import type { FailureCategory } from "../errors.js";

/** What a phase is part of; decides how it counts towards time-to-recovery. */
export type PhaseKind = "setup" | "break" | "recover" | "milestone" | "verify" | "teardown";

export interface PhaseRecord {
  name: string;
  kind: PhaseKind;
  category: FailureCategory;
  /** ms since the drill started. */
  startMs: number;
  durationMs: number;
  status: "passed" | "failed";
  error?: string;
  /** For recovery steps and milestones: ms from the end of the breakage to the end of this phase. */
  sinceBreakMs?: number;
}

/** Timeline records when each phase of a drill started and ended. */
export class Timeline {
  private readonly origin: number;
  private readonly phases: PhaseRecord[] = [];

  constructor(private readonly clock: Clock) {
    this.origin = clock.now();
  }

  /** elapsedMs is the time since the drill started. */
  elapsedMs(): number {
    return this.clock.now() - this.origin;
  }

  /** begin starts a phase; call the returned function once it ends (with the error if it failed). */
  begin(name: string, kind: PhaseKind, category: FailureCategory): (error?: string) => PhaseRecord {
    const startMs = this.elapsedMs();
    return (error) => {
      const record: PhaseRecord = { name, kind, category, startMs, durationMs: this.elapsedMs() - startMs, status: error ? "failed" : "passed" };
      if (error) record.error = error;
      const breakEnd = this.breakEndMs();
      if ((kind === "recover" || kind === "milestone") && breakEnd !== undefined) record.sinceBreakMs = startMs + record.durationMs - breakEnd;
      this.phases.push(record);
      return record;
    };
  }

  records(): PhaseRecord[] {
    return [...this.phases];
  }

  /**
   * timeToRecoveryMs runs from the end of the breakage to the last milestone reached,
   * or is undefined while the cluster has not been seen recovered.
   */
  timeToRecoveryMs(): number | undefined {
    const milestones = this.phases.filter((p) => p.kind === "milestone");
    if (milestones.length === 0 || milestones.some((p) => p.status === "failed")) return undefined;
    return milestones.at(-1)!.sinceBreakMs;
  }

  private breakEndMs(): number | undefined {
    const broken = this.phases.find((p) => p.kind === "break" && p.status === "passed");
    return broken && broken.startMs + broken.durationMs;
  }
}
