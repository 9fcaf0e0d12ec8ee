import type { Check } from "./check.js";
import { apiAnswersReadyz, etcdHealthy, nodesFreshAndReady } from "./cluster-checks.js";
import type { ClusterAccess, Freshness } from "./input.js";
import { freshToken, legacySecretToken, sentinelPodToken } from "./token-checks.js";
import { sentinelsReady } from "./workload-checks.js";

/** The milestones on the way back, in the order they usually arrive. */
export const MILESTONE_IDS = ["api", "etcd", "nodes", "sentinels", "tokens"] as const;
export type MilestoneId = (typeof MILESTONE_IDS)[number];

/** The optional per-milestone budget field of a scenario's `budget`, per milestone. */
export const MILESTONE_BUDGET_FIELDS = {
  api: "apiSeconds",
  etcd: "etcdHealthySeconds",
  nodes: "nodesReadySeconds",
  sentinels: "sentinelsReadySeconds",
  tokens: "tokensValidSeconds",
} as const satisfies Record<MilestoneId, string>;

/**
 * Milestone is a point on the way back that the recovery watcher samples from outside,
 * while the runbook runs; its time is the first moment it was observed and stayed true.
 */
export interface Milestone {
  id: MilestoneId;
  /** How the report names it ("API ready"). */
  title: string;
  intervalMs: number;
  /** Passes once the milestone is reached; also part of the final verification. */
  check: Check;
}

/**
 * allOf is one check that passes when every given check passes. They run at once, so a
 * sample takes as long as the slowest, and it fails with the first (in order) that failed.
 */
export function allOf(name: string, checks: readonly Check[]): Check {
  return {
    name,
    async run() {
      const outcomes = await Promise.allSettled(checks.map((check) => check.run()));
      const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
      if (failed) throw failed.reason;
    },
  };
}

/** recoveryMilestones are what the watcher follows from the end of the breakage until the final verification. */
export function recoveryMilestones(input: ClusterAccess & Freshness & { webReplicas: number }): Milestone[] {
  return [
    { id: "api", title: "API ready", intervalMs: 1000, check: apiAnswersReadyz(input) },
    { id: "etcd", title: "etcd healthy", intervalMs: 2000, check: allOf("etcd healthy on every control plane", etcdHealthy(input)) },
    { id: "nodes", title: "nodes Ready", intervalMs: 1000, check: nodesFreshAndReady(input) },
    { id: "sentinels", title: "sentinels Ready", intervalMs: 1000, check: sentinelsReady(input) },
    {
      id: "tokens",
      title: "tokens valid",
      intervalMs: 2000,
      check: allOf("fresh, mounted and legacy service-account tokens pass TokenReview", [freshToken(input), sentinelPodToken(input), legacySecretToken(input)]),
    },
  ];
}
