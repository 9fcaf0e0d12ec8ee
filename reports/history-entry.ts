import type { DrillReport } from "../harness/drill/report.js";
import type { HistoryEntry } from "./history.js";

const STEP_PREFIX = "recover: ";

/**
 * historyEntry is what the history keeps of one drill. A drill failed only for being slow
 * (--fail-on-regression) still recovered: it counts as passed, so the bar it is measured
 * against is not lowered by excluding it.
 */
export function historyEntry(report: DrillReport, runId: string): HistoryEntry {
  const { verdict } = report;
  const failed = verdict.status === "failed" && verdict.category !== "regression";
  return {
    runId,
    finishedAt: new Date(Date.parse(report.startedAt) + report.durationMs).toISOString(),
    drill: report.drill,
    scenario: report.scenario,
    topology: report.topology,
    ...(report.kubernetesVersion ? { kubernetesVersion: report.kubernetesVersion } : {}),
    nodeImage: report.nodeImage,
    verdict: failed ? "failed" : "passed",
    ...(failed ? { category: verdict.category } : {}),
    ...(report.timeToRecoveryMs === undefined ? {} : { timeToRecoveryMs: report.timeToRecoveryMs }),
    ...(report.runbookFinishedMs === undefined ? {} : { runbookMs: report.runbookFinishedMs }),
    milestones: Object.fromEntries(report.milestones.flatMap((m) => (m.reachedAfterMs === undefined ? [] : [[m.title, m.reachedAfterMs]]))),
    steps: Object.fromEntries(
      report.phases.filter((p) => p.kind === "recover" && p.status === "passed").map((p) => [p.name.slice(STEP_PREFIX.length), p.durationMs]),
    ),
  };
}
