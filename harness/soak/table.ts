import { countLeaks, describeLeftovers, type Leftovers } from "./leftovers.js";
import type { SoakCase } from "./plan.js";

/** One finished run of a soak, as the table shows it. */
export interface SoakRow {
  /** 1-based place in the soak. */
  index: number;
  /** kubedrill's run id; unknown when the run was stopped before it made one. */
  runId?: string;
  case: SoakCase;
  /** When the planned signal went out; undefined when the run had ended first. */
  sentAtSeconds?: number;
  /** Shell convention: 128 + the signal's number when a signal ended it. */
  exitCode: number;
  lastLine: string;
  leftovers: Leftovers;
  /** For a killed run: the later run whose start-up sweep came before its leftovers were counted. */
  countedAfterRun?: number;
  /** Expectations the run missed (it hung, a special run did not pass, ...). */
  problems: string[];
}

const LAST_LINE_WIDTH = 70;

/** lastLine is the last non-blank line a run printed, without colours, squeezed into one table cell. */
export function lastLine(output: string, width = LAST_LINE_WIDTH): string {
  const plain = output.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "");
  const line = plain.split(/\r?\n|\r/).map((l) => l.replace(/\s+/g, " ").trim()).filter(Boolean).at(-1) ?? "(nothing)";
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

function signalCell(row: SoakRow): string {
  switch (row.case.kind) {
    case "interrupt":
      return row.sentAtSeconds === undefined ? `${row.case.signal} (unsent)` : row.case.signal;
    case "damaged-run-file":
      return "none: torn run.json";
    case "undeletable-leftover":
      return "none: undeletable leftover";
  }
}

function atCell(row: SoakRow): string {
  return row.case.kind === "interrupt" ? `${row.case.atSeconds}s` : "-";
}

function leftoversCell(row: SoakRow): string {
  const found = describeLeftovers(row.leftovers);
  return row.countedAfterRun === undefined ? found : `${found} (after run ${row.countedAfterRun}'s sweep)`;
}

/** renderTable is one aligned row per run: what was done to it, how it ended, what it left. */
export function renderTable(rows: readonly SoakRow[]): string {
  const header = ["run", "id", "signal", "at", "exit", "leftovers", "last line"];
  const cells = rows.map((row) => [String(row.index), row.runId ?? "-", signalCell(row), atCell(row), String(row.exitCode), leftoversCell(row), row.lastLine]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!))).join("  ");
  return [line(header), ...cells.map(line)].join("\n");
}

/** renderProblems lists every missed expectation, one line each, naming its run. */
export function renderProblems(rows: readonly SoakRow[]): string[] {
  return rows.flatMap((row) => row.problems.map((problem) => `run ${row.index}${row.runId ? ` (${row.runId})` : ""}: ${problem}`));
}

/** totalLeaks adds up every run's leftovers. */
export function totalLeaks(rows: readonly SoakRow[]): number {
  return rows.reduce((sum, row) => sum + countLeaks(row.leftovers), 0);
}

/** finalLine is the soak's verdict, the line scripts read. */
export function finalLine(runs: number, leaks: number): string {
  return `soak: ${runs} runs, ${leaks} leaks`;
}
