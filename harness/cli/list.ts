import { drillId } from "../drill/drills.js";
import { describeTopology, layoutFor } from "../kind/layout.js";
import { expectationsFor, topologiesOf, type Scenario } from "../scenario/define.js";
import { describeExpectations } from "../scenario/describe.js";

/** renderList describes every scenario: what it breaks and why, then each drill (topology) with its runbook. */
export function renderList(scenarios: readonly Scenario[]): string {
  return scenarios
    .map((s) => [
      `${s.name}`,
      `  breaks:   ${s.breaks}`,
      `  why:      ${s.why}`,
      ...topologiesOf(s).flatMap((topology) => {
        const layout = layoutFor(`kubedrill-<run>-${s.name}`, topology, "<run kubeconfig>");
        return [
          `  drill ${drillId(s, topology)}  (${describeTopology(topology)})`,
          `    recovery: ${s.recovery(layout).map((step) => step.name).join(" → ")}`,
          `    expects:  ${describeExpectations(expectationsFor(s, layout))}`,
        ];
      }),
    ].join("\n"))
    .join("\n\n");
}
