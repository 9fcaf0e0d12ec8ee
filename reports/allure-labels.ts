import * as allure from "allure-js-commons";
import { describeTopology, type ClusterLayout } from "../harness/kind/layout.js";
import type { Scenario } from "../harness/scenario/define.js";
import type { Toolchain } from "../harness/toolchain.js";

/** labelDrill gives a drill's Allure test its story, parameters and a description of the plan. */
export async function labelDrill(scenario: Scenario, layout: ClusterLayout, toolchain: Toolchain): Promise<void> {
  await allure.epic("kubedrill");
  await allure.feature("control-plane disaster recovery");
  await allure.story(scenario.name);
  await allure.parameter("topology", describeTopology(layout.topology));
  await allure.parameter("node image", toolchain.nodeImage ?? "kind default");
  await allure.parameter("cluster", layout.cluster, { excluded: true });
  const steps = scenario.recovery(layout).map((step, i) => `${i + 1}. **${step.name}**: ${step.summary}`);
  await allure.description([`**Breaks:** ${scenario.breaks}`, "", `**Why:** ${scenario.why}`, "", "**Recovery plan:**", ...steps].join("\n"));
}
