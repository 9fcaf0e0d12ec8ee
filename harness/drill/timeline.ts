import type { Clock } from "../clock.js";
import type { FailureCategory } from "../errors.js";

/** What a phase is part of. */
export type PhaseKind = "setup" | "break" | "damage" | "recover" | "verify" | "teardown";

export interface PhaseRecord {
  name: string;
  kind: PhaseKind;
  category: FailureCategory;
  /** ms since the drill started. */
  startMs: number;
  durationMs: number;
  /** "skipped": a recovery step left out with --skip-step. */
  status: "passed" | "failed" | "skipped";
  error?: string;
  /** For phases after the breakage: ms from the end of the breakage to the end of this phase. */
  sinceBreakMs?: number;
}

/** Timeline records when each phase of a drill started and ended, and when the breakage ended. */
export class Timeline {
  private readonly phases: PhaseRecord[] = [];
  /** Clock time the drill started; every PhaseRecord time is relative to it. */
  readonly origin: number;

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
    return (error) => this.push({ name, kind, category, startMs, durationMs: this.elapsedMs() - startMs, status: error ? "failed" : "passed", ...(error ? { error } : {}) });
  }

  /** skip records a phase that was deliberately not run. */
  skip(name: string, kind: PhaseKind, category: FailureCategory): PhaseRecord {
    return this.push({ name, kind, category, startMs: this.elapsedMs(), durationMs: 0, status: "skipped" });
  }

  records(): PhaseRecord[] {
    return [...this.phases];
  }

  /** The breakage's start and end (clock ms), once it passed. */
  breakage(): { startAt: number; endAt: number } | undefined {
    const broken = this.phases.find((p) => p.kind === "break" && p.status === "passed");
    return broken && { startAt: this.origin + broken.startMs, endAt: this.origin + broken.startMs + broken.durationMs };
  }

  private push(record: PhaseRecord): PhaseRecord {
    const breakEnd = this.breakage()?.endAt;
    if (breakEnd !== undefined && record.kind !== "break") record.sinceBreakMs = this.origin + record.startMs + record.durationMs - breakEnd;
    this.phases.push(record);
    return record;
  }
}
