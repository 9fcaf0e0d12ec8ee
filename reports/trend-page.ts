import { regressionOf, type HistoryEntry } from "./history.js";
import { escapeAttribute as attr, escapeText as text } from "./markup.js";
import { DEFAULT_TREND_RUNS, finishedLabel, recentRuns, renderTrendSvg, seconds, type TrendOptions } from "./trend-chart.js";

/** How many of each drill's runs the table under its chart lists, newest first. */
const TABLE_RUNS = 5;

const STYLE = `
body { font-family: sans-serif; margin: 24px; color: #222; max-width: 800px; }
nav a { margin-right: 12px; }
section { margin: 32px 0; }
table { border-collapse: collapse; font-size: 13px; margin-top: 8px; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; white-space: nowrap; }
td.num { text-align: right; }
tr.failed td, tr.regression td.flag { color: #c62828; }
`;

/**
 * renderTrendPage is a standalone HTML page (no scripts, styles or fonts from anywhere else,
 * so it opens from disk offline): one trend chart per drill, each with a table of its last runs.
 */
export function renderTrendPage(history: readonly HistoryEntry[], options: TrendOptions = {}): string {
  const drills = [...new Set(history.map((entry) => entry.drill))].sort();
  const lastRuns = options.lastRuns ?? DEFAULT_TREND_RUNS;
  const sections = drills.map((drill, i) => {
    const runs = recentRuns(history, drill, TABLE_RUNS).reverse();
    return [
      `<section class="drill" id="drill-${i + 1}" data-drill="${attr(drill)}">`,
      `<h2>${text(drill)}</h2>`,
      renderTrendSvg(history, drill, { lastRuns }),
      `<table class="runs"><thead><tr><th>run</th><th>finished (UTC)</th><th>verdict</th><th>time to recovery</th><th>runbook</th><th>vs. recent median</th></tr></thead><tbody>`,
      ...runs.map((run) => runRow(history, run)),
      "</tbody></table></section>",
    ].join("\n");
  });
  return [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><title>kubedrill recovery trends</title><style>${STYLE}</style></head><body>`,
    "<h1>kubedrill recovery trends</h1>",
    `<p>Each drill's last ${lastRuns} runs: time to recovery and milestones, in seconds after the end of the breakage. Hover a point for its run.</p>`,
    drills.length === 0 ? "<p>No runs recorded yet.</p>" : `<nav>${drills.map((drill, i) => `<a href="#drill-${i + 1}">${text(drill)}</a>`).join("")}</nav>`,
    ...sections,
    "</body></html>",
    "",
  ].join("\n");
}

function runRow(history: readonly HistoryEntry[], run: HistoryEntry): string {
  const regression = regressionOf(history, run);
  const classes = [run.verdict === "failed" ? "failed" : "", regression.flagged ? "regression" : ""].filter(Boolean).join(" ");
  const cells = [
    `<td>${text(run.runId)}</td>`,
    `<td>${finishedLabel(run)}</td>`,
    `<td>${run.verdict === "failed" ? `failed${run.category ? ` (${text(run.category)})` : ""}` : "passed"}</td>`,
    `<td class="num">${run.timeToRecoveryMs === undefined ? "-" : seconds(run.timeToRecoveryMs)}</td>`,
    `<td class="num">${run.runbookMs === undefined ? "-" : seconds(run.runbookMs)}</td>`,
    `<td class="flag">${text(regression.note)}</td>`,
  ];
  return `<tr${classes ? ` class="${classes}"` : ""}>${cells.join("")}</tr>`;
}
