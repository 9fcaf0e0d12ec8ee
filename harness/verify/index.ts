import type { Check } from "./check.js";
import { clusterChecks } from "./cluster-checks.js";
import { drillChecks } from "./drill-checks.js";
import type { VerifyInput } from "./input.js";
import { tokenChecks } from "./token-checks.js";
import { workloadChecks } from "./workload-checks.js";

export type { VerifyInput } from "./input.js";
export { runChecks, failedExpectations, renderChecks, type Check, type CheckResult } from "./check.js";

/** verificationChecks is the full list a drill must pass after recovery. */
export function verificationChecks(input: VerifyInput): Check[] {
  return [...clusterChecks(input), ...tokenChecks(input), ...workloadChecks(input), ...drillChecks(input)];
}
