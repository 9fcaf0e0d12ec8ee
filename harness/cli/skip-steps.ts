import { topologyFor } from "../drill/plan.js";
import { DrillError } from "../errors.js";
import { layoutFor } from "../kind/layout.js";
import type { Scenario } from "../scenario/define.js";
import type { RunRequest } from "./options.js";

/**
 * checkSkippedSteps refuses a --skip-step that names no step of any selected runbook: a
 * typo would otherwise run the full runbook and pass, "proving" the step unnecessary.
 */
export function checkSkippedSteps(request: Pick<RunRequest, "skipSteps" | "topology">, scenarios: readonly Scenario[]): void {
  if (request.skipSteps.length === 0) return;
  const steps = new Set(
    scenarios.flatMap((s) => s.recovery(layoutFor(`kubedrill-check-${s.name}`, topologyFor(s.topology, request.topology), "/dev/null")).map((step) => step.name)),
  );
  const unknown = request.skipSteps.filter((name) => !steps.has(name));
  if (unknown.length > 0) {
    throw new DrillError(`--skip-step ${unknown.join(", ")}: no such recovery step in ${scenarios.map((s) => s.name).join(", ")}`, {
      stage: "input",
      hint: `steps: ${[...steps].join(", ")}`,
    });
  }
}
