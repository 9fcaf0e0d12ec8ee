import { layoutFor, type ClusterLayout } from "../kind/layout.js";
import type { Operation } from "../ops/operation.js";
import type { Scenario } from "../scenario/define.js";
import type { RecoveryStep } from "../../recovery/step.js";
import type { PlannedDrill } from "./drills.js";
import type { DrillReport } from "./report.js";

/**
 * Proof is what a `prove` drill tests about a runbook: that a step is needed (the drill
 * without it fails), that the runbook is safe to run twice in a row, or that it can be run
 * again from the start after an operator's shell died inside a step.
 */
export type Proof =
  | { kind: "necessity"; step: string }
  | { kind: "idempotency" }
  | { kind: "resumability"; step: string; interrupt?: Interruption };

/** Where a resumability drill cuts the runbook: inside which operation of the step, and how long after it started. */
export interface Interruption {
  /** Index of the operation within the step. */
  op: number;
  afterMs: number;
}

/** Scenarios with up to this many steps are interrupted in every step; longer ones in the chosen or slowest few. */
export const RESUME_EVERY_STEP_UP_TO = 6;
const SLOWEST_STEPS = 3;

/**
 * What a step is for, which decides what removing it is expected to do: a step that only
 * waits (a checkpoint) changes nothing, a speed-up only saves time, and a precaution guards
 * against what the drill may not show, so none is expected to fail a drill when left out.
 */
export function stepRole(step: RecoveryStep, layout: ClusterLayout): "repair" | "checkpoint" | "speed-up" | "precaution" {
  if (step.speedsUp) return "speed-up";
  if (step.precaution) return "precaution";
  return step.plan(layout).every((op: Operation) => op.manual.kind === "wait") ? "checkpoint" : "repair";
}

const proofId = (scenario: string, proof: Proof, ordinal: number) =>
  proof.kind === "necessity"
    ? `${scenario} · without ${proof.step}`
    : proof.kind === "idempotency"
      ? `${scenario} · runbook twice`
      : `${scenario} · interrupted in ${proof.step || `its slowest step #${ordinal + 1}`}`;

/**
 * planProof lists the drills that prove one scenario's runbook: twice in a row first (its
 * times place the interruptions), then the interruptions, then one drill per left-out step.
 * `resumeAt` picks the steps to interrupt in long runbooks; by default the slowest ones,
 * chosen once the first drill has timed them (`step` is then "" until resolved).
 */
export function planProof(scenario: Scenario, base: PlannedDrill, resumeAt: readonly string[], nextIndex: () => string, only: readonly Proof["kind"][] = []): PlannedDrill[] {
  const layout = layoutFor(`kubedrill-check-${scenario.name}`, base.topology, "/dev/null");
  const steps = scenario.recovery(layout).map((s) => s.name);
  const interrupted = steps.length <= RESUME_EVERY_STEP_UP_TO ? steps : resumeAt.length > 0 ? [...resumeAt] : Array.from({ length: Math.min(SLOWEST_STEPS, steps.length) }, () => "");
  const proofs: Proof[] = [
    { kind: "idempotency" },
    ...interrupted.map((step): Proof => ({ kind: "resumability", step })),
    ...steps.map((step): Proof => ({ kind: "necessity", step })),
  ];
  // Cuts are placed by the times of the runbook-twice drill, so asking for cuts keeps it.
  const wanted = (kind: Proof["kind"]) => only.length === 0 || only.includes(kind) || (kind === "idempotency" && only.includes("resumability"));
  return proofs
    .map((proof, i) => ({ proof, ordinal: i - 1 }))
    .filter(({ proof }) => wanted(proof.kind))
    .map(({ proof, ordinal }) => ({
      ...base,
      id: proofId(scenario.name, proof, ordinal),
      key: `${nextIndex()}${base.key.replace(/^\d+-/, "")}`.slice(0, base.key.length),
      skipSteps: proof.kind === "necessity" ? [proof.step] : [],
      proof,
    }));
}

/**
 * timesWholeRunbook: whether a drill's first pass runs every step, so its times can place the
 * cuts of later drills. A cut drill stops part-way and a necessity drill leaves a step out:
 * ranking steps by their times would miss the steps they never ran.
 */
export const timesWholeRunbook = (drill: PlannedDrill) => drill.proof?.kind !== "resumability" && drill.skipSteps.length === 0;

/** StepTiming is how long each operation of a step took in an earlier drill of the same runbook. */
export type StepTimings = ReadonlyMap<string, readonly number[]>;

/** stepTimings reads the first pass's operation times from a report. */
export function stepTimings(report: DrillReport): StepTimings {
  const timings = new Map<string, number[]>();
  for (const op of report.operations ?? []) {
    if (op.pass !== 1) continue;
    timings.set(op.step, [...(timings.get(op.step) ?? []), op.durationMs]);
  }
  return timings;
}

/** The earliest cut: past a docker exec's own start-up, so the command is running in the node. */
const EARLIEST_CUT_MS = 150;

/**
 * resolveInterruption decides where a resumability drill cuts. In the step's longest
 * operation that changes something, halfway through it as timed before; a step that only
 * waits is cut early in its wait, since how long a wait lasts varies from run to run. An
 * unnamed step becomes the n-th slowest step of the timed run. `waits` tells, per step,
 * which operations only wait.
 */
export function resolveInterruption(
  proof: Extract<Proof, { kind: "resumability" }>,
  ordinal: number,
  timings: StepTimings,
  waits: (step: string) => readonly boolean[],
): Extract<Proof, { kind: "resumability" }> {
  const total = (step: string) => (timings.get(step) ?? []).reduce((sum, ms) => sum + ms, 0);
  const step = proof.step || [...timings.keys()].sort((a, b) => total(b) - total(a))[ordinal] || [...timings.keys()][0]!;
  const times = timings.get(step) ?? [0];
  const acting = times.map((ms, i) => (waits(step)[i] ? -1 : ms));
  const longest = Math.max(...acting);
  const op = longest >= 0 ? acting.indexOf(longest) : 0;
  const afterMs = longest >= 0 ? Math.max(EARLIEST_CUT_MS, Math.round(longest / 2)) : EARLIEST_CUT_MS;
  return { kind: "resumability", step, interrupt: { op, afterMs } };
}

/** How a resumability cell begins when the step was too quick to cut inside. */
export const AT_ITS_END = "resumable at its end only";

/** ProofOutcome is whether a proof drill showed what it was expected to show. */
export interface ProofOutcome {
  holds: boolean;
  /** One line for the matrix: "necessary (failed without it: …)", "✓ 2nd pass 31.0s", … */
  summary: string;
}

/** judgeProof compares a proof drill's verdict with what its proof expects. */
export function judgeProof(proof: Proof, report: DrillReport, role: ReturnType<typeof stepRole> = "repair"): ProofOutcome {
  const passed = report.verdict.status === "passed";
  const reason = report.verdict.status === "failed" ? report.verdict.message.split("\n").slice(0, 2).join(" ") : "";
  const ttr = report.timeToRecoveryMs === undefined ? "" : ` in ${(report.timeToRecoveryMs / 1000).toFixed(1)}s`;
  switch (proof.kind) {
    case "necessity":
      if (!passed) return { holds: true, summary: `necessary: without it the drill failed (${reason})` };
      // A checkpoint, a speed-up or a precaution is not meant to be needed for the outcome: say so, with the time.
      return role === "repair"
        ? { holds: false, summary: `NOT SHOWN NECESSARY: the drill passed without it${ttr}` }
        : { holds: true, summary: `not shown necessary (a ${role}): the drill passed without it${ttr}` };
    case "idempotency":
      return passed
        ? { holds: true, summary: `safe to run twice: passed${ttr}; second pass took ${((report.secondPassMs ?? 0) / 1000).toFixed(1)}s` }
        : { holds: false, summary: `NOT safe to run twice: ${reason}` };
    case "resumability": {
      const cut = report.interruption;
      // A step whose only acting command ends before the earliest cut can land is atomic to an
      // operator's dying shell: what can be shown is a rerun after it, and the cell says so.
      if (cut && !cut.partWay && cut.afterMs <= EARLIEST_CUT_MS && cut.ranMs !== undefined) {
        return passed
          ? { holds: true, summary: `${AT_ITS_END}: it ran ${cut.ranMs}ms, quicker than the earliest cut (${EARLIEST_CUT_MS}ms); the runbook rerun after it passed${ttr}` }
          : { holds: false, summary: `NOT resumable after the step ran to its end (${cut.ranMs}ms, quicker than the earliest cut): ${reason}` };
      }
      if (!cut?.partWay) return { holds: false, summary: `INCONCLUSIVE: the step finished before the interrupt (${cut ? `${cut.afterMs}ms` : "never cut"})` };
      // An operation that ended before its cut leaves the step cut between operations.
      const where = cut.ranMs === undefined ? `${cut.afterMs}ms into operation ${cut.op + 1}` : `after operation ${cut.op + 1}, which ended in ${cut.ranMs}ms (before the ${cut.afterMs}ms cut)`;
      return passed
        ? { holds: true, summary: `resumable: cut ${where}, the runbook rerun from the start passed${ttr}` }
        : { holds: false, summary: `NOT resumable after a cut ${where}: ${reason}` };
    }
  }
}
