import type { Check } from "./check.js";
import { apiServerReady, caAsExpected, caTrustedEverywhere, systemWorkloadsAvailable } from "./cluster-checks.js";
import type { VerifyInput } from "./input.js";
import { recoveryMilestones, type Milestone } from "./milestones.js";
import { preDrillToken } from "./token-checks.js";
import { kubeletsServeCurrentCa } from "./kubelet-serving.js";
import { controllersAct, dnsFollowsTheApi, lateWrites, logsAndExecOnEveryWorker, podsKept, recordUnchanged, restartsWithinLimit } from "./workload-checks.js";

export type { VerifyInput } from "./input.js";
export { verifyTogether, failedExpectations, type Check, type CheckResult, type Verification } from "./check.js";

/** What "recovered" means for one drill: the milestones the watcher follows, and every check of the final pass. */
export interface VerificationPlan {
  milestones: Milestone[];
  /** The milestones' checks first, then the rest: all of them must pass in one pass. */
  checks: Check[];
}

/** verificationPlan lists everything a drill must show after recovery. */
export function verificationPlan(input: VerifyInput): VerificationPlan {
  const milestones = recoveryMilestones(input);
  const { expectations } = input;
  const rest = [
    apiServerReady(input),
    systemWorkloadsAvailable(input),
    caAsExpected(input),
    caTrustedEverywhere(input),
    preDrillToken(input),
    ...(expectations.workloadsKeepPods ? [podsKept(input)] : []),
    restartsWithinLimit(input),
    recordUnchanged(input),
    lateWrites(input),
    controllersAct(input),
    dnsFollowsTheApi(input),
    logsAndExecOnEveryWorker(input),
    ...(input.kubeletServingCertificates ? [kubeletsServeCurrentCa(input)] : []),
    ...input.custom,
  ];
  return { milestones, checks: [...milestones.map((m) => m.check), ...rest] };
}
