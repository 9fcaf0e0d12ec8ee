import { relative } from "node:path";
import { formatDuration } from "../harness/clock.js";
import type { DrillReport } from "../harness/drill/report.js";
import { projectRoot, type OutputPaths } from "../harness/paths.js";

/** One drill in the run summary; "missing" means the drill process never reported it. */
export interface SummaryRow {
  /** The drill's id: its scenario, with the topology when the scenario runs on several. */
  drill: string;
  scenario: string;
  verdict: "passed" | "failed" | "missing";
  category?: string;
  message?: string;
  /** End of the breakage → the last runbook step finished. */
  runbookFinishedMs?: number;
  /** End of the breakage → the final verification passed: the time to recovery. */
  timeToRecoveryMs?: number;
  budgetMs?: number;
  successRatio?: number;
  longestGapMs?: number;
  /** Milestones as the watcher observed them: ms after the break from which each stayed true (absent: never). */
  milestones: Array<{ name: string; afterBreakMs?: number }>;
  skippedSteps: string[];
  /** --break-only: broken and kept, not recovered. */
  brokenOnly?: boolean;
  /** How the time to recovery compares with the drill's recent passing runs. */
  regression?: { flagged: boolean; note: string };
  keptCluster?: string;
}

export interface RunSummary {
  runId: string;
  passed: boolean;
  drills: SummaryRow[];
  reports: { html: string; singleFile: string; results: string };
}

/** summarize lines the planned drills up with the reports they wrote. */
export function summarize(runId: string, planned: ReadonlyArray<{ id: string; scenario: string }>, reports: readonly DrillReport[], paths: OutputPaths): RunSummary {
  const drills = planned.map(({ id, scenario }): SummaryRow => {
    const report = reports.find((r) => r.drill === id);
    if (!report) return { drill: id, scenario, verdict: "missing", milestones: [], skippedSteps: [] };
    // A proof drill's verdict is whether it showed what it should (a necessity drill must fail).
    const verdict = report.proof
      ? report.proof.holds
        ? ({ status: "passed" } as const)
        : ({ status: "failed", category: "proof", message: `[proof] ${report.proof.summary}` } as const)
      : report.verdict;
    return {
      drill: id,
      scenario,
      verdict: verdict.status,
      ...(verdict.status === "failed" ? { category: verdict.category, message: verdict.message } : {}),
      runbookFinishedMs: report.runbookFinishedMs,
      timeToRecoveryMs: report.timeToRecoveryMs,
      budgetMs: report.budgetMs,
      successRatio: report.availability?.successRatio,
      longestGapMs: report.availability?.longestGapMs,
      milestones: report.milestones.map((m) => ({ name: m.title, afterBreakMs: m.reachedAfterMs })),
      skippedSteps: report.skippedSteps,
      ...(report.brokenOnly ? { brokenOnly: true } : {}),
      regression: report.regression,
      keptCluster: report.keptCluster,
    };
  });
  return {
    runId,
    passed: drills.length > 0 && drills.every((d) => d.verdict === "passed"),
    drills,
    reports: { html: `${paths.report}/index.html`, singleFile: `${paths.singleFile}/index.html`, results: paths.results },
  };
}

/** show prints paths inside the project relative to it, anything else as it is. */
const show = (path: string) => {
  const inside = relative(projectRoot, path);
  return inside && !inside.startsWith("..") ? inside : path;
};
const ms = (value?: number) => (value === undefined ? "-" : formatDuration(value));
const percent = (ratio?: number) => (ratio === undefined ? "-" : `${(ratio * 100).toFixed(1)}%`);

/**
 * renderSummary is the one-screen text printed at the end of `npm run drill`. RUNBOOK: the
 * end of the breakage to the last step's end; VERIFIED: to the final verification passing.
 */
export function renderSummary(summary: RunSummary): string {
  const passed = summary.drills.filter((d) => d.verdict === "passed").length;
  const header = ["DRILL", "VERDICT", "RUNBOOK", "VERIFIED", "BUDGET", "AVAILABILITY", "LONGEST GAP"];
  const rows = summary.drills.map((d) => [
    d.drill,
    d.brokenOnly ? "broken, kept" : d.message?.startsWith("[interrupted]") ? "INTERRUPTED" : d.verdict === "failed" ? `FAILED (${d.category})` : d.verdict === "missing" ? "NO RESULT" : "passed",
    ms(d.runbookFinishedMs),
    ms(d.timeToRecoveryMs),
    ms(d.budgetMs),
    percent(d.successRatio),
    ms(d.longestGapMs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join("  ")}`.trimEnd();
  const out = [`kubedrill run ${summary.runId}: ${passed} of ${summary.drills.length} drills passed`, "", line(header), ...rows.map(line), ""];
  for (const d of summary.drills) {
    const milestones = d.milestones.map((m) => (m.afterBreakMs === undefined ? `${m.name} NOT reached` : `${m.name} ${formatDuration(m.afterBreakMs)}`));
    if (milestones.length > 0) out.push(`  ${d.drill}: ${milestones.join(" · ")} after the break (observed from outside)`);
    if (d.skippedSteps.length > 0) out.push(`  ${d.drill}: skipped steps: ${d.skippedSteps.join(", ")}`);
    if (d.regression?.flagged) out.push(`  ${d.drill}: ⚠ ${d.regression.note}`);
    if (d.message) out.push(`  ${d.drill}: ${d.message.split("\n").slice(0, 4).join("\n    ")}`);
    if (d.keptCluster) out.push(`  ${d.drill}: cluster kept; delete with: ${d.keptCluster}`);
  }
  out.push(
    "",
    `  Report:       ${show(summary.reports.html)}  (serve it: npx allure open ${show(summary.reports.html.replace(/\/index\.html$/, ""))})`,
    `  Single file:  ${show(summary.reports.singleFile)}  (opens from disk)`,
    `  Results:      ${show(summary.reports.results)}  (Allure results for CI)`,
  );
  return out.join("\n");
}
