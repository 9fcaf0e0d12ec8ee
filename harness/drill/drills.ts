import { DrillError } from "../errors.js";
import { layoutFor, type Topology } from "../kind/layout.js";
import { topologiesOf, type Scenario } from "../scenario/define.js";
import { planProblems } from "../scenario/validate.js";
import type { Proof } from "./proof.js";

/** PlannedDrill is one scenario on one topology, decided before any cluster exists. */
export interface PlannedDrill {
  /** "wipe-etc-kubernetes" on the scenario's first topology, "wipe-etc-kubernetes [3cp+1w]" on another. */
  id: string;
  scenario: string;
  topology: Topology;
  /** Names the drill's cluster, kubedrill-<run>-<key>: short, so node host names stay within 63 characters. */
  key: string;
  /** Recovery steps left out (--skip-step). */
  skipSteps: string[];
  /** Set for the drills of `prove`: what this drill proves about the runbook. */
  proof?: Proof;
}

export interface DrillRequest {
  topology: Partial<Topology>;
  skipSteps: readonly string[];
  /** The user named these scenarios: a topology they cannot run on is an error, not a skip. */
  named: boolean;
}

/** The longest cluster name: kind's load balancer adds 23 characters, and a host name has at most 63. */
const MAX_CLUSTER_NAME = 40;
/** `kubedrill-` plus a run id (`r` and 5 hex digits) and a dash. */
const PREFIX_LENGTH = "kubedrill-r00000-".length;

const same = (a: Topology, b: Topology) => a.controlPlanes === b.controlPlanes && a.workers === b.workers;

/** drillId names a drill: the scenario alone on its first topology, with the topology on any other. */
export function drillId(scenario: Scenario, topology: Topology): string {
  return same(topology, topologiesOf(scenario)[0]!) ? scenario.name : `${scenario.name} [${topology.controlPlanes}cp+${topology.workers}w]`;
}

/**
 * effectiveTopologies applies --control-planes/--workers: a declared topology with the asked
 * control-plane count is used as it is (workers overridable); otherwise the first one is
 * overridden. Without flags, every declared topology runs.
 */
export function effectiveTopologies(scenario: Scenario, override: Partial<Topology>): Topology[] {
  const declared = topologiesOf(scenario);
  if (override.controlPlanes === undefined && override.workers === undefined) return declared;
  const base = declared.filter((t) => override.controlPlanes === undefined || t.controlPlanes === override.controlPlanes);
  return (base.length > 0 ? base : [declared[0]!]).map((t) => ({ controlPlanes: override.controlPlanes ?? t.controlPlanes, workers: override.workers ?? t.workers }));
}

/**
 * planDrills turns the selected scenarios into drills, each checked on its effective
 * topology. A plan that cannot run there (an HA runbook on one control plane) is refused
 * with exit code 2 when the user named the scenario, and skipped with a notice otherwise.
 */
export function planDrills(scenarios: readonly Scenario[], request: DrillRequest, notice: (line: string) => void): PlannedDrill[] {
  const drills: PlannedDrill[] = [];
  const refused: string[] = [];
  for (const scenario of scenarios) {
    for (const topology of effectiveTopologies(scenario, request.topology)) {
      const id = drillId(scenario, topology);
      const problems = planProblems(scenario, layoutFor(`kubedrill-check-${scenario.name}`, topology, "/dev/null"));
      if (problems.length > 0) {
        if (request.named) refused.push(`${id}: ${problems.join("; ")}`);
        else notice(`skipping ${id}: ${problems[0]}`);
        continue;
      }
      const index = `${drills.length + 1}-`;
      drills.push({ id, scenario: scenario.name, topology, key: `${index}${scenario.name.slice(0, MAX_CLUSTER_NAME - PREFIX_LENGTH - index.length)}`.replace(/-+$/, ""), skipSteps: [...request.skipSteps] });
    }
  }
  if (refused.length > 0) throw new DrillError(`cannot run on the requested topology: ${refused.join(" | ")}`, { stage: "input" });
  if (drills.length === 0) throw new DrillError("no drill can run on the requested topology", { stage: "input" });
  return drills;
}
