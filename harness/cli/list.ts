import { describeTopology, layoutFor } from "../kind/layout.js";
import { expectationsFor, type Scenario } from "../scenario/define.js";
import { describeExpectations } from "../scenario/describe.js";

/** renderList describes every scenario: what it breaks, why, its topology and its runbook. */
export function renderList(scenarios: readonly Scenario[]): string {
  return scenarios
    .map((s) => {
      const layout = layoutFor(`kubedrill-<run>-${s.name}`, s.topology, "<run kubeconfig>");
      return [
        `${s.name}  (${describeTopology(s.topology)})`,
        `  breaks:   ${s.breaks}`,
        `  why:      ${s.why}`,
        `  recovery: ${s.recovery(layout).map((step) => step.name).join(" → ")}`,
        `  expects:  ${describeExpectations(expectationsFor(s, layout))}`,
      ].join("\n");
    })
    .join("\n\n");
}
