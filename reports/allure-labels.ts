import * as allure from "allure-js-commons";
import { describeTopology, type ClusterLayout } from "../harness/kind/layout.js";
import { damageSymptoms, expectationsFor, type Scenario } from "../harness/scenario/define.js";
import { describeExpectations } from "../harness/scenario/describe.js";
import type { Toolchain } from "../harness/toolchain.js";

/** labelDrill gives a drill's Allure test its story, parameters and a Markdown description of the plan. */
export async function labelDrill(scenario: Scenario, layout: ClusterLayout, toolchain: Toolchain, skipSteps: readonly string[]): Promise<void> {
  await allure.epic("kubedrill");
  await allure.feature("control-plane disaster recovery");
  await allure.story(scenario.name);
  await allure.parameter("topology", describeTopology(layout.topology));
  await allure.parameter("node image", toolchain.nodeImage ?? "kind default");
  await allure.parameter("cluster", layout.cluster, { excluded: true });
  if (skipSteps.length > 0) await allure.parameter("skipped steps", skipSteps.join(", "));
  await allure.description(describeDrill(scenario, layout, skipSteps));
}

/** describeDrill is the test description: what breaks, why, how the damage is proven, the runbook, and what recovered means. */
export function describeDrill(scenario: Scenario, layout: ClusterLayout, skipSteps: readonly string[]): string {
  const steps = scenario.recovery(layout).map((step, i) => `${i + 1}. **${step.name}**${skipSteps.includes(step.name) ? " *(skipped with --skip-step)*" : ""}: ${step.summary}`);
  return [
    "### What breaks",
    scenario.breaks,
    "",
    "### Why it matters",
    scenario.why,
    "",
    "### Damage confirmed by",
    ...damageSymptoms(scenario, layout).map((s) => `- ${s.name}`),
    "",
    "### Runbook",
    ...steps,
    "",
    "### Recovered means",
    ...describeExpectations(expectationsFor(scenario, layout)).split(" · ").map((e) => `- ${e}`),
    "",
  ].join("\n");
}
