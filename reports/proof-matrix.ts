import { formatDuration } from "../harness/clock.js";
import { AT_ITS_END, stepRole } from "../harness/drill/proof.js";
import type { DrillReport } from "../harness/drill/report.js";
import type { ClusterLayout } from "../harness/kind/layout.js";
import type { Scenario } from "../harness/scenario/define.js";
import type { StepProof } from "./runbook.js";

/** One cell of the matrix: what a proof drill showed for a step. */
export interface ProofCell {
  holds: boolean;
  summary: string;
}

export interface ProofRow {
  step: string;
  /** repair, checkpoint (only waits), speed-up or precaution: what leaving the step out is expected to do. */
  role: string;
  necessary?: ProofCell;
  idempotent?: ProofCell;
  resumable?: ProofCell;
}

/** ProofMatrix is everything `prove` showed about one scenario's runbook. */
export interface ProofMatrix {
  scenario: string;
  holds: boolean;
  rows: ProofRow[];
}

const stepTime = (report: DrillReport, step: string, pass: number) =>
  (report.operations ?? []).filter((op) => op.step === step && op.pass === pass).reduce((sum, op) => sum + op.durationMs, 0);

/**
 * proofMatrix puts a scenario's proof drills into one step × (necessary, idempotent,
 * resumable) table. Running twice is one drill: each step shows its second-pass time, or the
 * step where the second pass failed.
 */
export function proofMatrix(scenario: Scenario, layout: ClusterLayout, reports: readonly DrillReport[]): ProofMatrix {
  const proofs = reports.filter((r) => r.scenario === scenario.name && r.proof);
  const twice = proofs.find((r) => r.proof!.kind === "idempotency");
  const failedAgain = twice?.phases.find((p) => p.status === "failed" && p.name.endsWith("(again)"))?.name;
  const rows = scenario.recovery(layout).map((step): ProofRow => {
    const cell = (kind: string) => {
      const report = proofs.find((r) => r.proof!.kind === kind && r.proof!.step === step.name);
      return report && { holds: report.proof!.holds, summary: report.proof!.summary };
    };
    const idempotent = twice && {
      holds: twice.proof!.holds || !failedAgain?.includes(` ${step.name} `),
      summary: twice.proof!.holds ? `2nd pass ${formatDuration(stepTime(twice, step.name, 2))}` : failedAgain?.includes(` ${step.name} `) ? "FAILED on the 2nd pass" : "-",
    };
    return { step: step.name, role: stepRole(step, layout), necessary: cell("necessity"), idempotent, resumable: cell("resumability") };
  });
  return { scenario: scenario.name, holds: proofs.length > 0 && proofs.every((r) => r.proof!.holds), rows };
}

/** stepProofs turns a matrix into the marks the verified runbook carries per step. */
export function stepProofs(matrix: ProofMatrix): Map<string, StepProof> {
  return new Map(
    matrix.rows.map((row) => [
      row.step,
      {
        ...(row.necessary ? { necessary: row.necessary.summary.startsWith("necessary") ? ("yes" as const) : ("not shown" as const) } : {}),
        ...(row.idempotent ? { idempotent: row.idempotent.holds } : {}),
        ...(row.resumable ? { resumable: row.resumable.holds } : {}),
      },
    ]),
  );
}

const mark = (cell?: ProofCell) => (cell === undefined ? "-" : `${cell.holds ? "✓" : "✗"} ${cell.summary}`);

/** renderProofMatrix is the console table: one line per step, the full reasons under it. */
export function renderProofMatrix(matrix: ProofMatrix): string {
  const header = ["STEP", "ROLE", "NECESSARY", "TWICE", "RESUMABLE"];
  const rows = matrix.rows.map((r) => [
    r.step,
    r.role,
    r.necessary ? (r.necessary.summary.startsWith("necessary") ? "✓ yes" : `${r.necessary.holds ? "–" : "✗"} not shown`) : "-",
    r.idempotent ? `${r.idempotent.holds ? "✓" : "✗"} ${r.idempotent.summary}` : "-",
    r.resumable ? (r.resumable.holds ? (r.resumable.summary.startsWith(AT_ITS_END) ? "✓ at its end (too quick to cut)" : "✓ yes") : `✗ ${r.resumable.summary.split(":")[0]}`) : "-",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join("  ")}`.trimEnd();
  const details = matrix.rows.flatMap((r) =>
    (["necessary", "resumable"] as const).flatMap((k) => (r[k] ? [`  ${r.step} · ${k === "necessary" ? "left out" : "cut"}: ${mark(r[k])}`] : [])),
  );
  return [`prove ${matrix.scenario}: ${matrix.holds ? "every expected outcome held" : "SOME EXPECTED OUTCOMES DID NOT HOLD"}`, "", line(header), ...rows.map(line), "", ...details].join("\n");
}
