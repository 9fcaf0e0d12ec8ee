import { regressionOf, type HistoryEntry, type Regression } from "./history.js";
import { escapeAttribute as attr, escapeText as text } from "./markup.js";

/** How many of a drill's most recent runs a trend shows unless told otherwise. */
export const DEFAULT_TREND_RUNS = 20;
export const TIME_TO_RECOVERY = "time to recovery";

export interface TrendOptions {
  /** Show this many of the drill's most recent runs (default DEFAULT_TREND_RUNS). */
  lastRuns?: number;
}

/** recentRuns is a drill's last runs, oldest first: the x axis of its trend. */
export function recentRuns(history: readonly HistoryEntry[], drill: string, lastRuns = DEFAULT_TREND_RUNS): HistoryEntry[] {
  return history
    .filter((entry) => entry.drill === drill)
    .sort((a, b) => Date.parse(a.finishedAt) - Date.parse(b.finishedAt))
    .slice(-lastRuns);
}

/** When a run finished, to the minute, in UTC so every reader sees the same label. */
export const finishedLabel = (entry: HistoryEntry) => new Date(entry.finishedAt).toISOString().slice(0, 16).replace("T", " ");
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface Series {
  metric: string;
  color: string;
  valueOf(entry: HistoryEntry): number | undefined;
}

const TTR_COLOR = "#1f4e79";
const MILESTONE_COLORS = ["#e07b00", "#2a9d8f", "#8e44ad", "#6b8e23", "#b5651d", "#4682b4", "#d4a017", "#708090"];
const FAILED_COLOR = "#c62828";

/** Time to recovery first, then the milestones in the order they are usually reached. */
function seriesOf(runs: readonly HistoryEntry[]): Series[] {
  const totals = new Map<string, { sum: number; count: number }>();
  for (const run of runs) {
    for (const [name, ms] of Object.entries(run.milestones)) {
      const total = totals.get(name) ?? { sum: 0, count: 0 };
      totals.set(name, { sum: total.sum + ms, count: total.count + 1 });
    }
  }
  const milestones = [...totals.entries()].sort(([, a], [, b]) => a.sum / a.count - b.sum / b.count).map(([name]) => name);
  return [
    { metric: TIME_TO_RECOVERY, color: TTR_COLOR, valueOf: (entry) => entry.timeToRecoveryMs },
    ...milestones.map((name, i) => ({ metric: name, color: MILESTONE_COLORS[i % MILESTONE_COLORS.length]!, valueOf: (entry: HistoryEntry) => entry.milestones[name] })),
  ];
}

/** A round axis maximum in seconds and its tick step (1, 2 or 5 times a power of ten). */
function axisOf(maxSeconds: number): { top: number; step: number } {
  if (maxSeconds <= 0) return { top: 1, step: 0.2 };
  const rough = maxSeconds / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough)!;
  return { top: Math.ceil(maxSeconds / step) * step, step };
}

const WIDTH = 760;
const PLOT = { left: 60, right: WIDTH - 20, top: 52, bottom: 272 };
const LEGEND_TOP = PLOT.bottom + 52;
const MAX_X_LABELS = 8;
const round = (n: number) => Math.round(n * 10) / 10;

/**
 * renderTrendSvg draws one drill's time to recovery and milestones over its last runs as a
 * standalone SVG (styled by attributes only, so it renders the same inline, as an <img>
 * and as an Allure attachment). Every run is one <circle class="point"> per metric with a
 * <title> tooltip; failed runs are hollow red points under a dashed red line; a time to
 * recovery flagged by regressionOf gets a red ring.
 */
export function renderTrendSvg(history: readonly HistoryEntry[], drill: string, options: TrendOptions = {}): string {
  const runs = recentRuns(history, drill, options.lastRuns);
  const open = (height: number) =>
    `<svg xmlns="http://www.w3.org/2000/svg" class="kubedrill-trend" data-drill="${attr(drill)}" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">` +
    `<title>${text(`Recovery trend: ${drill}`)}</title><rect width="${WIDTH}" height="${height}" fill="#ffffff"/>` +
    `<text class="title" x="${PLOT.left}" y="20" font-size="15" font-weight="bold">${text(drill)}</text>`;
  if (runs.length === 0) return `${open(60)}<text x="${PLOT.left}" y="44" fill="#555555">no runs recorded yet</text></svg>`;

  const series = seriesOf(runs);
  const regressions = new Map(runs.map((run) => [run, regressionOf(history, run)]));
  const values = runs.flatMap((run) => series.map((s) => s.valueOf(run) ?? 0));
  const axis = axisOf(Math.max(...values) / 1000);
  const x = (i: number) => round(runs.length === 1 ? (PLOT.left + PLOT.right) / 2 : PLOT.left + 20 + (i * (PLOT.right - PLOT.left - 40)) / (runs.length - 1));
  const y = (ms: number) => round(PLOT.bottom - ((ms / 1000) * (PLOT.bottom - PLOT.top)) / axis.top);

  const legend = legendOf(series, runs.some((r) => r.verdict === "failed"), [...regressions.values()].some((r) => r.flagged));
  const height = LEGEND_TOP + legend.rows * 20 + 8;
  const latest = runs.at(-1)!;
  const parts = [
    open(height),
    `<text class="latest" x="${PLOT.left}" y="38" fill="${regressions.get(latest)!.flagged ? FAILED_COLOR : "#555555"}">${text(`latest run ${latest.runId}: ${regressions.get(latest)!.note}`)}</text>`,
    yAxis(axis),
    xAxis(runs, x),
    ...runs.flatMap((run, i) => (run.verdict === "failed" ? [failedRunMark(run, x(i))] : [])),
    ...series.map((s) => seriesMarkup(s, runs, regressions, x, y)),
    legend.markup,
    "</svg>",
  ];
  return parts.join("");
}

function yAxis(axis: { top: number; step: number }): string {
  const ticks: string[] = [];
  for (let k = 0; k * axis.step <= axis.top + 1e-9; k++) {
    const value = k * axis.step;
    const ty = round(PLOT.bottom - (value * (PLOT.bottom - PLOT.top)) / axis.top);
    const label = Number(value.toPrecision(6)).toString();
    ticks.push(`<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${ty}" y2="${ty}" stroke="#e3e3e3"/><text x="${PLOT.left - 6}" y="${ty + 4}" text-anchor="end" fill="#555555">${label}</text>`);
  }
  const middle = (PLOT.top + PLOT.bottom) / 2;
  return `<g class="y-axis">${ticks.join("")}<text x="16" y="${middle}" transform="rotate(-90 16 ${middle})" text-anchor="middle" fill="#555555">seconds after the break</text></g>`;
}

/** Run id and finish time (UTC) under the axis, thinned from the newest run back so labels never overlap. */
function xAxis(runs: readonly HistoryEntry[], x: (i: number) => number): string {
  const every = Math.ceil(runs.length / MAX_X_LABELS);
  const labels = runs.map((run, i) => {
    if ((runs.length - 1 - i) % every !== 0) return "";
    const id = run.runId.length > 14 ? `${run.runId.slice(0, 13)}…` : run.runId;
    return `<text x="${x(i)}" y="${PLOT.bottom + 16}" text-anchor="middle">${text(id)}</text><text x="${x(i)}" y="${PLOT.bottom + 30}" text-anchor="middle" fill="#555555" font-size="10">${text(finishedLabel(run).slice(5))}</text>`;
  });
  return `<g class="x-axis"><line x1="${PLOT.left}" x2="${PLOT.right}" y1="${PLOT.bottom}" y2="${PLOT.bottom}" stroke="#999999"/>${labels.join("")}</g>`;
}

function failedRunMark(run: HistoryEntry, cx: number): string {
  const why = `${run.runId} ${finishedLabel(run)} · failed${run.category ? ` (${run.category})` : ""}`;
  return `<line class="failed-run" data-run="${attr(run.runId)}" x1="${cx}" x2="${cx}" y1="${PLOT.top}" y2="${PLOT.bottom}" stroke="${FAILED_COLOR}" stroke-dasharray="4 3"><title>${text(why)}</title></line>`;
}

function seriesMarkup(series: Series, runs: readonly HistoryEntry[], regressions: Map<HistoryEntry, Regression>, x: (i: number) => number, y: (ms: number) => number): string {
  const isTtr = series.metric === TIME_TO_RECOVERY;
  // The line breaks where a run did not reach the milestone.
  let path = "";
  let pen = "M";
  const points = runs.map((run, i) => {
    const value = series.valueOf(run);
    if (value === undefined) {
      pen = "M";
      return "";
    }
    path += `${pen}${x(i)} ${y(value)} `;
    pen = "L";
    const failed = run.verdict === "failed";
    const regression = isTtr ? regressions.get(run)! : undefined;
    const tooltip = [
      `${run.runId} ${finishedLabel(run)} · ${series.metric} ${seconds(value)}`,
      ...(failed ? [`failed${run.category ? ` (${run.category})` : ""}`] : []),
      ...(regression?.flagged ? [regression.note] : []),
    ].join(" · ");
    const classes = ["point", ...(failed ? ["failed"] : []), ...(regression?.flagged ? ["regression"] : [])].join(" ");
    const ring = regression?.flagged ? `<circle class="regression-mark" cx="${x(i)}" cy="${y(value)}" r="9" fill="none" stroke="${FAILED_COLOR}" stroke-width="2"/>` : "";
    const look = failed ? `r="5" fill="#ffffff" stroke="${FAILED_COLOR}" stroke-width="2"` : `r="${isTtr ? 4.5 : 3.5}" fill="${series.color}" stroke="#ffffff"`;
    return `${ring}<circle class="${classes}" data-metric="${attr(series.metric)}" data-run="${attr(run.runId)}" data-verdict="${run.verdict}" cx="${x(i)}" cy="${y(value)}" ${look}><title>${text(tooltip)}</title></circle>`;
  });
  const line = `<path class="line" d="${path.trim()}" fill="none" stroke="${series.color}" stroke-width="${isTtr ? 2.5 : 1.5}"/>`;
  return `<g class="series" data-metric="${attr(series.metric)}">${line}${points.join("")}</g>`;
}

/** The legend flows left to right under the axis, as many rows as it needs. */
function legendOf(series: readonly Series[], anyFailed: boolean, anyRegression: boolean): { markup: string; rows: number } {
  const swatches = series.map((s) => ({
    label: s.metric,
    metric: s.metric,
    mark: `<line x1="0" x2="18" y1="0" y2="0" stroke="${s.color}" stroke-width="2"/><circle cx="9" cy="0" r="3.5" fill="${s.color}"/>`,
  }));
  if (anyFailed) swatches.push({ label: "failed run", metric: "", mark: `<circle cx="9" cy="0" r="5" fill="#ffffff" stroke="${FAILED_COLOR}" stroke-width="2"/>` });
  if (anyRegression) swatches.push({ label: "regression (> 25 % above median)", metric: "", mark: `<circle cx="9" cy="0" r="7" fill="none" stroke="${FAILED_COLOR}" stroke-width="2"/>` });
  let cx = PLOT.left;
  let row = 0;
  const items = swatches.map((swatch) => {
    const width = 28 + swatch.label.length * 6.5 + 18;
    if (cx + width > WIDTH - 10 && cx > PLOT.left) {
      cx = PLOT.left;
      row++;
    }
    const item = `<g class="legend-item"${swatch.metric ? ` data-metric="${attr(swatch.metric)}"` : ""} transform="translate(${round(cx)} ${LEGEND_TOP + row * 20})">${swatch.mark}<text x="24" y="4">${text(swatch.label)}</text></g>`;
    cx += width;
    return item;
  });
  return { markup: `<g class="legend">${items.join("")}</g>`, rows: row + 1 };
}
