import { appendFileSync } from "node:fs";
import { formatDuration } from "../harness/clock.js";
import type { Regression } from "./history.js";
import { xmlSafe } from "./markup.js";

/** One drill in the GitHub job summary. */
export interface StepSummaryRow {
  /** Drill id, e.g. "wipe-etc-kubernetes [3cp+1w]". */
  drill: string;
  verdict: "passed" | "failed" | "missing";
  category?: string;
  message?: string;
  timeToRecoveryMs?: number;
  budgetMs?: number;
  /** Share of workload probes that succeeded during the drill, 0..1. */
  successRatio?: number;
  regression?: Pick<Regression, "flagged" | "note">;
}

/** cell keeps a value on one table line and stops it from ending the cell or becoming markup. */
const cell = (value: string) =>
  xmlSafe(value).replace(/\s*\n\s*/g, " ").replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const duration = (ms?: number) => (ms === undefined ? "-" : formatDuration(ms));
const percent = (ratio?: number) => (ratio === undefined ? "-" : `${(ratio * 100).toFixed(1)} %`);

function verdictOf(row: StepSummaryRow): string {
  if (row.verdict === "passed") return "✅ passed";
  if (row.verdict === "missing") return "⚠️ no result";
  return `❌ failed${row.category ? ` (${row.category})` : ""}`;
}

/**
 * renderStepSummary is the Markdown a GitHub job shows on its summary page: one table row
 * per drill, then one line per drill that failed or never reported, saying why.
 */
export function renderStepSummary(rows: readonly StepSummaryRow[], runId?: string): string {
  const passed = rows.filter((r) => r.verdict === "passed").length;
  const lines = [
    `### kubedrill${runId ? ` run ${cell(runId)}` : ""}: ${passed} of ${rows.length} drills passed`,
    "",
    "| drill | verdict | time to recovery | budget | availability | flags |",
    "| --- | --- | ---: | ---: | ---: | --- |",
    ...rows.map((r) =>
      `| ${[cell(r.drill), verdictOf(r), duration(r.timeToRecoveryMs), duration(r.budgetMs), percent(r.successRatio), r.regression?.flagged ? `🐢 ${cell(r.regression.note)}` : "-"].join(" | ")} |`,
    ),
  ];
  const unsuccessful = rows.filter((r) => r.verdict !== "passed");
  if (unsuccessful.length > 0) {
    lines.push("", "**Why drills failed**", "");
    for (const r of unsuccessful) {
      const reason = r.message?.trim().split("\n", 1)[0] ?? (r.verdict === "missing" ? "the drill reported no result" : "no message");
      lines.push(`- ${cell(r.drill)}: ${cell(reason)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/**
 * appendStepSummary adds the Markdown to the file GitHub Actions names in GITHUB_STEP_SUMMARY;
 * outside Actions (variable unset or empty) it does nothing. Returns whether it wrote.
 */
export function appendStepSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  appendFileSync(file, markdown.endsWith("\n") ? markdown : `${markdown}\n`);
  return true;
}
