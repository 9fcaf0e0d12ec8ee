import { AssertionError } from "chai";
import { toDrillError, type FailureCategory } from "../errors.js";
import type { OpRecord } from "../ops/operation.js";
import type { CheckResult } from "../verify/check.js";
import type { AttachmentType, DrillObserver } from "./observer.js";
import type { PhaseKind, PhaseRecord, Timeline } from "./timeline.js";

/**
 * Journal runs a drill's phases on its timeline and tells observers about them. A failure
 * leaves a phase as a DrillError in the phase's category, or as an AssertionError for
 * failed expectations, so reports can tell the kinds of failure apart.
 */
export class Journal {
  constructor(
    readonly timeline: Timeline,
    private readonly observers: readonly DrillObserver[],
  ) {}

  async phase<T>(name: string, kind: PhaseKind, category: FailureCategory, body: () => Promise<T>): Promise<T> {
    for (const o of this.observers) o.phaseStarted?.(name, kind, this.timeline.elapsedMs());
    const end = this.timeline.begin(name, kind, category);
    const wrapped = this.observers.reduce<() => Promise<T>>((inner, o) => (o.wrapPhase ? () => o.wrapPhase!(name, inner) : inner), async () => {
      try {
        return await body();
      } catch (error) {
        throw error instanceof AssertionError ? error : toDrillError(error, category).restaged(category);
      }
    });
    try {
      const result = await wrapped();
      await this.finished(end());
      return result;
    } catch (error) {
      await this.finished(end(error instanceof Error ? error.message : String(error)));
      throw error;
    }
  }

  /** skipped records a phase left out on purpose (a recovery step under --skip-step). */
  async skipped(name: string, kind: PhaseKind, category: FailureCategory): Promise<void> {
    await this.finished(this.timeline.skip(name, kind, category));
  }

  /** expectations reports each expectation's final outcome, one by one. */
  async expectations(results: readonly CheckResult[]): Promise<void> {
    for (const o of this.observers) await o.expectations?.(results);
  }

  async attach(name: string, content: string, type: AttachmentType = "text/plain"): Promise<void> {
    for (const o of this.observers) await o.attach?.(name, content, type);
  }

  async note(line: string): Promise<void> {
    for (const o of this.observers) await o.note?.(line);
  }

  /** recordOperation attaches one command's output, for the report's evidence. */
  recordOperation(op: OpRecord): Promise<void> {
    const body = [`$ ${op.command}`, `exit: ${op.exitCode ?? "-"}  (${op.durationMs}ms)`];
    if (op.stdout) body.push("--- stdout", op.stdout);
    if (op.stderr) body.push("--- stderr", op.stderr);
    return this.attach(`${op.target} $ ${op.command.length > 90 ? `${op.command.slice(0, 87)}...` : op.command}`, body.join("\n"));
  }

  private async finished(record: PhaseRecord): Promise<void> {
    for (const o of this.observers) await o.phaseFinished?.(record);
  }
}
