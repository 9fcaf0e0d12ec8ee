import type { FailureCategory } from "../errors.js";
import { assertSentinelsReady } from "../workload/sentinels.js";
import type { Check } from "./check.js";
import { apiServerReady, nodesReady } from "./cluster-checks.js";
import type { VerifyInput } from "./input.js";
import { freshToken, legacySecretToken, sentinelPodToken } from "./token-checks.js";

/**
 * Milestone is a point on the way back that the drill waits for and times: the
 * time-to-recovery of each is in the report. A milestone that never arrives is a failed
 * recovery, except token validity, which is a verification failure.
 */
export interface Milestone {
  name: string;
  category: FailureCategory;
  /** Throws until the milestone is reached. */
  reached(): Promise<void>;
}

type MilestoneInput = Pick<VerifyInput, "kube" | "cluster">;

const allOf = (checks: Check[]) => async () => {
  for (const check of checks) await check.run();
};

/** recoveryMilestones are awaited in order after the last recovery step. */
export function recoveryMilestones(input: MilestoneInput, webReplicas: number): Milestone[] {
  return [
    { name: "API server ready", category: "recovery", reached: allOf([apiServerReady(input)]) },
    { name: "nodes Ready", category: "recovery", reached: allOf([nodesReady(input)]) },
    { name: "sentinels ready", category: "recovery", reached: () => assertSentinelsReady(input.kube, webReplicas) },
    {
      name: "tokens valid",
      category: "verification",
      reached: allOf([freshToken(input), sentinelPodToken(input), legacySecretToken(input)]),
    },
  ];
}
