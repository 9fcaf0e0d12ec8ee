import type { Expectations } from "./define.js";

/** describeExpectations renders a scenario's expectations on one line. */
export function describeExpectations(e: Expectations): string {
  return [
    e.caRotated ? "new cluster CA, trusted everywhere" : "cluster CA unchanged",
    `pre-drill token ${e.preDrillToken}`,
    e.workloadsKeepPods ? "sentinel pods keep their UIDs" : "sentinel pods may be recreated",
    ...(e.dataLoss === "since-prepare" ? ["writes after the preparation lost, all before it back"] : []),
    `≥${(e.availability.minSuccessRatio * 100).toFixed(0)}% of probes answered, gaps ≤${e.availability.maxGapSeconds}s`,
    `recovered within ${e.budget.recoverySeconds}s`,
  ].join(" · ");
}
