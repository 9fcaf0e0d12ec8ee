import type { Symptom } from "../damage/symptom.js";
import type { ClusterOptions } from "../kind/config.js";
import type { KubeClients } from "../kube/clients.js";
import type { KindNode } from "../node/kind-node.js";
import type { ClusterLayout, Topology } from "../kind/layout.js";
import type { Operation } from "../ops/operation.js";
import type { RecoveryStep } from "../../recovery/step.js";

/** Whether a token must pass or fail TokenReview after the drill. */
export type TokenExpectation = "valid" | "invalid";

/** Expectations are what "recovered" means for one scenario. */
export interface Expectations {
  /** true: the cluster CA is new afterwards (and every node and the host trust it); false: unchanged. */
  caRotated: boolean;
  /** A TokenRequest token for the default service account, issued before the breakage. */
  preDrillToken: TokenExpectation;
  /** The sentinel web pods must keep their UIDs (not be recreated). */
  workloadsKeepPods: boolean;
  /** Container restarts allowed per sentinel web pod; default 0. */
  sentinelRestarts?: number;
  /**
   * What the drill may lose. "none" (the default): everything written before the breakage
   * reads back. "since-prepare": what was written after `prepare` (say, after a backup) is
   * gone, and everything before it is back.
   */
  dataLoss?: "none" | "since-prepare";
  /** Data-plane availability measured by the prober through the drill, through every node's NodePort. */
  availability: { minSuccessRatio: number; maxGapSeconds: number };
  budget: Budget;
}

/**
 * Budget: seconds from the end of the breakage. Exceeding any of them fails the drill.
 * The optional ones bound a milestone: the moment it was observed and stayed true.
 */
export interface Budget {
  /** Until the final verification passed: every check at once. */
  recoverySeconds: number;
  apiSeconds?: number;
  etcdHealthySeconds?: number;
  nodesReadySeconds?: number;
  sentinelsReadySeconds?: number;
  tokensValidSeconds?: number;
}

/** ScenarioDefinition is what a `scenarios/<name>.scenario.ts` file declares. */
export interface ScenarioDefinition {
  /** kebab-case; must match the file name. */
  name: string;
  /** What the drill breaks. */
  breaks: string;
  /** Why the drill matters: the real mistake it rehearses. */
  why: string;
  /**
   * The topology, or several: the drill runs on each (the first is its default). With
   * `--control-planes n` the declared one with n control planes is used, or the first is overridden.
   */
  topology: Topology | readonly Topology[];
  /** What the cluster needs beyond its topology (kubelet serving certificates from CSRs). */
  cluster?: ClusterOptions;
  /**
   * What operators do before disaster strikes (an etcd backup, a CRD and its objects), run
   * once the sentinels are up and before the breakage. Not timed as recovery.
   */
  prepare?(layout: ClusterLayout): Operation[];
  /** The damage, as operations on the cluster's nodes. */
  breakage(layout: ClusterLayout): Operation[];
  /**
   * Signs that the damage took effect, confirmed before the recovery starts. Added to the
   * ones the breakage implies (each touched path changed, each stopped container gone).
   */
  symptoms?(layout: ClusterLayout): Symptom[];
  /** The runbook expected to repair it, composed from recovery/ steps. */
  recovery(layout: ClusterLayout): RecoveryStep[];
  expectations: Expectations | ((layout: ClusterLayout) => Expectations);
  /** Checks of the scenario's own, run with the built-in ones in every verification pass. */
  checks?(layout: ClusterLayout): CustomCheck[];
}

/** What a scenario's own check can look at: the API (any client), the nodes, and when the breakage ended. */
export interface CheckContext {
  /** API clients for the drill's cluster; `kube.client(CustomObjectsApi)` makes any other. */
  kube: KubeClients;
  /** Runs a command in one of the cluster's nodes: `node(name).exec(["crictl", "ps"])`. */
  node(name: string): KindNode;
  layout: ClusterLayout;
  /** Clock ms the breakage ended: status older than this proves nothing. */
  since: number;
}

/** CustomCheck is one named expectation of a scenario; run() throws (use chai's expect) while it is not met. */
export interface CustomCheck {
  name: string;
  run(ctx: CheckContext): Promise<void>;
}

/** A validated scenario with the file it came from. */
export interface Scenario extends ScenarioDefinition {
  readonly file: string;
}

const DEFINED = Symbol.for("kubedrill.scenario");

/** defineScenario marks a scenario file's default export; the registry validates it on load. */
export function defineScenario(definition: ScenarioDefinition): ScenarioDefinition {
  return Object.freeze({ ...definition, [DEFINED]: true });
}

/** isDefinedScenario tells a defineScenario result from any other export. */
export function isDefinedScenario(value: unknown): value is ScenarioDefinition {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[DEFINED] === true;
}

/** expectationsFor resolves topology-dependent expectations. */
export function expectationsFor(scenario: ScenarioDefinition, layout: ClusterLayout): Expectations {
  return typeof scenario.expectations === "function" ? scenario.expectations(layout) : scenario.expectations;
}

/** topologiesOf lists the topologies a scenario declares, its default first. */
export function topologiesOf(scenario: Pick<ScenarioDefinition, "topology">): Topology[] {
  return Array.isArray(scenario.topology) ? [...scenario.topology] : [scenario.topology as Topology];
}

/** damageSymptoms are every symptom a drill confirms: the breakage operations' own, then the declared ones. */
export function damageSymptoms(scenario: ScenarioDefinition, layout: ClusterLayout): Symptom[] {
  const all = [...scenario.breakage(layout).flatMap((op) => op.symptoms), ...(scenario.symptoms?.(layout) ?? [])];
  return all.filter((s, i) => all.findIndex((other) => other.name === s.name) === i);
}
