import { writeFileSync } from "node:fs";
import type { DrillReport } from "../harness/drill/report.js";
import type { OutputPaths } from "../harness/paths.js";
import { appendStepSummary, renderStepSummary } from "./github-summary.js";
import { appendHistory, readHistory } from "./history.js";
import { historyEntry } from "./history-entry.js";
import { renderJUnit, type JUnitDrill } from "./junit.js";
import type { RunSummary } from "./summary.js";
import { renderTrendPage } from "./trend-page.js";

/**
 * publishRun writes what outlives the run: the drills' times appended to the history, the
 * trend page over that history, JUnit XML for any CI system, and (on GitHub) the job summary.
 */
export function publishRun(summary: RunSummary, reports: readonly DrillReport[], paths: OutputPaths, startedAt: string, env: NodeJS.ProcessEnv = process.env): void {
  // Only whole runbooks that ran to a verdict make a trend: drills with a step left out, proving
  // something, stopped after the breakage or interrupted are not kept.
  const measured = reports.filter((r) => r.skippedSteps.length === 0 && !r.proof && !r.brokenOnly && !r.interrupted);
  appendHistory(paths.history, measured.map((r) => historyEntry(r, summary.runId)));
  writeFileSync(paths.trends, renderTrendPage(readHistory(paths.history)));
  writeFileSync(paths.junit, renderJUnit({ runId: summary.runId, timestamp: startedAt, drills: summary.drills.map((row) => junitDrill(row, reports.find((r) => r.drill === row.drill))) }));
  appendStepSummary(renderStepSummary(summary.drills, summary.runId), env);
}

const ms = (value: number) => String(Math.round(value));

/** junitDrill is one drill as a JUnit test case, its times (ms) as properties. */
function junitDrill(row: RunSummary["drills"][number], report?: DrillReport): JUnitDrill {
  const properties: Record<string, string> = {};
  if (report) {
    properties.topology = `${report.topology.controlPlanes} control planes, ${report.topology.workers} workers`;
    if (report.timeToRecoveryMs !== undefined) properties["time to recovery ms"] = ms(report.timeToRecoveryMs);
    if (report.runbookFinishedMs !== undefined) properties["runbook finished ms"] = ms(report.runbookFinishedMs);
    properties["budget ms"] = ms(report.budgetMs);
    for (const m of report.milestones) properties[`milestone: ${m.title} ms`] = m.reachedAfterMs === undefined ? "not reached" : ms(m.reachedAfterMs);
    for (const p of report.phases.filter((p) => p.kind === "recover")) properties[`step: ${p.name.replace(/^recover: /, "")} ms`] = p.status === "skipped" ? "skipped" : ms(p.durationMs);
    if (report.availability) properties["availability"] = report.availability.successRatio.toFixed(4);
    if (report.regression) properties.regression = report.regression.note;
  }
  return {
    name: row.drill,
    scenario: row.scenario,
    durationMs: report?.durationMs ?? 0,
    verdict: row.verdict,
    ...(row.category ? { category: row.category } : {}),
    ...(row.message ? { message: row.message } : {}),
    properties,
  };
}
