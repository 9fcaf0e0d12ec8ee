import type { PlannedDrill } from "../drill/drills.js";
import { DrillError } from "../errors.js";
import { layoutFor } from "../kind/layout.js";
import type { Scenario } from "../scenario/define.js";

/**
 * checkSkippedSteps refuses a --skip-step that names no step of any planned runbook: a
 * typo would otherwise run the full runbook and pass, "proving" the step unnecessary.
 */
export function checkSkippedSteps(skipSteps: readonly string[], drills: readonly PlannedDrill[], scenarios: readonly Scenario[], flag = "--skip-step"): void {
  if (skipSteps.length === 0) return;
  const steps = new Set(
    drills.flatMap((d) => scenarios.find((s) => s.name === d.scenario)!.recovery(layoutFor(`kubedrill-check-${d.key}`, d.topology, "/dev/null")).map((step) => step.name)),
  );
  const unknown = skipSteps.filter((name) => !steps.has(name));
  if (unknown.length > 0) {
    throw new DrillError(`${flag} ${unknown.join(", ")}: no such recovery step in ${drills.map((d) => d.id).join(", ")}`, {
      stage: "input",
      hint: `steps: ${[...steps].join(", ")}`,
    });
  }
}
