import { kindConfigPath } from "../kind/cluster.js";
import { kindArgs } from "../kind/kind-cli.js";
import { describeTopology } from "../kind/layout.js";
import type { PlannedDrill } from "../drill/drills.js";
import { leafOperations, type Operation } from "../ops/operation.js";
import type { RunState } from "../run-state.js";
import { damageSymptoms, expectationsFor, type Scenario } from "../scenario/define.js";
import { describeExpectations } from "../scenario/describe.js";
import { renderArgv } from "../shell.js";
import type { Toolchain } from "../toolchain.js";
import { SENTINEL } from "../workload/manifests.js";
import type { RunRequest } from "./options.js";

export interface DryRunInput {
  scenarios: readonly Scenario[];
  drills: readonly PlannedDrill[];
  /** A preview RunState: names only, nothing written. */
  state: RunState;
  request: RunRequest;
  /** Absent when setup has not run yet; the plan is still printed. */
  toolchain?: Toolchain;
}

const kind = (args: string[]) => renderArgv(["kind", ...args]);

/**
 * renderDryRun prints, for each drill, the nodes, commands and files it would touch, in
 * the order it would touch them. It is built from the same operations a real run executes.
 */
export function renderDryRun({ scenarios, drills, state, request, toolchain }: DryRunInput): string {
  const out = [`Dry run: nothing is created or touched. Run id would be ${state.runId}.`, ""];
  for (const drill of drills) {
    const scenario = scenarios.find((s) => s.name === drill.scenario)!;
    const layout = state.layoutFor(drill.key, drill.topology);
    const image = toolchain?.workloadImage ?? "<workload image from toolchain.json>";
    const breakage = scenario.breakage(layout);
    const steps = scenario.recovery(layout).map((step) => ({ step, ops: step.plan(layout) }));
    out.push(
      `▶ ${drill.id}: ${scenario.breaks}`,
      `  cluster   ${layout.cluster} (${describeTopology(layout.topology)}), node image ${request.image ?? toolchain?.nodeImage ?? "kind's default"}`,
      `  nodes     ${layout.nodes.join(", ")}`,
      `  setup     ${kind(kindArgs.create(layout.cluster, kindConfigPath(state, layout.cluster), layout.kubeconfig))}`,
      `            ${kind(kindArgs.loadDockerImage(layout.cluster, image))}`,
      `            sentinels in namespace ${SENTINEL.namespace}; prober on Docker network "kind" polling every node's <IP>:${SENTINEL.nodePort} over HTTP`,
      "  damage    confirmed before the runbook starts by:",
      ...damageSymptoms(scenario, layout).map((s) => `    ${s.name}`),
      "  break",
      ...renderOps(breakage, "    "),
      "  recover",
      ...steps.flatMap(({ step, ops }, i) =>
        drill.skipSteps.includes(step.name) ? [`    ${i + 1}. ${step.name}: SKIPPED (--skip-step)`] : [`    ${i + 1}. ${step.name}: ${step.summary}`, ...renderOps(ops, "       ")],
      ),
      `  expect    ${describeExpectations(expectationsFor(scenario, layout))}`,
      "  touches",
      ...renderTouches(leafOperations([...breakage, ...steps.flatMap((s) => s.ops)])),
      `  teardown  ${kind(kindArgs.delete(layout.cluster, layout.kubeconfig))}${request.keepCluster ? "  (skipped: --keep-cluster)" : ""}`,
      "",
    );
  }
  return out.join("\n");
}

function renderOps(ops: readonly Operation[], indent: string): string[] {
  return ops.map((op) => `${indent}${op.command}`);
}

/** renderTouches groups every touched file or object by node, first touch first. */
function renderTouches(ops: readonly Operation[]): string[] {
  const byTarget = new Map<string, Set<string>>();
  for (const op of ops) {
    if (op.touches.length === 0) continue;
    const set = byTarget.get(op.target) ?? new Set<string>();
    op.touches.forEach((t) => set.add(t));
    byTarget.set(op.target, set);
  }
  return [...byTarget].map(([target, touched]) => `    ${target}: ${[...touched].join(", ")}`);
}
