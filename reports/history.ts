import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { DrillError } from "../harness/errors.js";

/** One drill of one run, as kept in the recovery-time history (one JSON line each). */
export interface HistoryEntry {
  runId: string;
  /** ISO time the drill finished. */
  finishedAt: string;
  /** Drill id, e.g. "wipe-etc-kubernetes" or "wipe-etc-kubernetes [3cp+1w]". */
  drill: string;
  scenario: string;
  topology: { controlPlanes: number; workers: number };
  kubernetesVersion?: string;
  nodeImage: string | null;
  verdict: "passed" | "failed";
  /** Failure category when failed. */
  category?: string;
  /** End of breakage -> verified healthy. */
  timeToRecoveryMs?: number;
  /** End of breakage -> last runbook step finished. */
  runbookMs?: number;
  /** Milestone name -> ms after the end of the breakage. */
  milestones: Record<string, number>;
  /** Recovery step name -> duration ms. */
  steps: Record<string, number>;
}

/**
 * appendHistory adds one line per entry, in a single append, so a crash or a concurrent
 * reader sees whole lines; the directory is created when missing.
 */
export function appendHistory(file: string, entries: readonly HistoryEntry[]): void {
  if (entries.length === 0) return;
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(""));
}

/**
 * readHistory returns every valid entry of the file in file order; no file is an empty
 * history. A damaged line (a torn write, a hand edit) is skipped with one warning naming
 * the file and line, so one bad line never costs the trend.
 */
export function readHistory(file: string, warn: (message: string) => void = console.warn): HistoryEntry[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new DrillError(`cannot read the recovery history ${file}: ${(error as Error).message}`, { stage: "cleanup", cause: error });
  }
  const entries: HistoryEntry[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const parsed = parseHistoryLine(line);
    if (typeof parsed === "string") warn(`${file}:${index + 1}: skipped a damaged history line (${parsed})`);
    else entries.push(parsed);
  });
  return entries;
}

/** parseHistoryLine returns the entry, or why the line is not one. */
function parseHistoryLine(line: string): HistoryEntry | string {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return "not JSON";
  }
  if (!isRecord(raw)) return "not a JSON object";
  for (const key of ["runId", "drill", "scenario"] as const) {
    if (typeof raw[key] !== "string" || raw[key] === "") return `"${key}" must be a non-empty string`;
  }
  if (typeof raw.finishedAt !== "string" || Number.isNaN(Date.parse(raw.finishedAt))) return `"finishedAt" must be an ISO time`;
  if (raw.verdict !== "passed" && raw.verdict !== "failed") return `"verdict" must be "passed" or "failed"`;
  if (!isRecord(raw.topology) || !isCount(raw.topology.controlPlanes) || !isCount(raw.topology.workers)) return `"topology" must hold controlPlanes and workers counts`;
  if (raw.nodeImage !== null && typeof raw.nodeImage !== "string") return `"nodeImage" must be a string or null`;
  for (const key of ["kubernetesVersion", "category"] as const) {
    if (raw[key] !== undefined && typeof raw[key] !== "string") return `"${key}" must be a string`;
  }
  for (const key of ["timeToRecoveryMs", "runbookMs"] as const) {
    if (raw[key] !== undefined && !isDuration(raw[key])) return `"${key}" must be a non-negative number`;
  }
  for (const key of ["milestones", "steps"] as const) {
    const value = raw[key];
    if (!isRecord(value) || !Object.values(value).every(isDuration)) return `"${key}" must map names to non-negative numbers`;
  }
  return raw as unknown as HistoryEntry;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isDuration = (value: unknown) => typeof value === "number" && Number.isFinite(value) && value >= 0;
const isCount = (value: unknown) => Number.isInteger(value) && (value as number) >= 0;

/** A time to recovery more than this much above the recent median is a regression. */
export const REGRESSION_THRESHOLD = 1.25;
/** The median is taken over at most this many earlier passing runs... */
export const REGRESSION_WINDOW = 5;
/** ...and needs at least this many: with fewer, one slow run would set the bar. */
export const REGRESSION_MIN_BASIS = 3;

export interface Regression {
  flagged: boolean;
  medianMs?: number;
  /** Time to recovery divided by the median. */
  ratio?: number;
  /** How many earlier passing runs the median was taken over. */
  basis: number;
  /** One line saying what was compared, or why nothing was. */
  note: string;
}

/**
 * regressionOf compares an entry's time to recovery with the median of the same drill's last
 * REGRESSION_WINDOW passing runs that finished before it (its own run excluded), and flags it
 * when it is more than 25 % above. Failed runs never set the bar: their times measure a
 * recovery that did not complete. Below REGRESSION_MIN_BASIS earlier passing runs, nothing is flagged.
 */
export function regressionOf(history: readonly HistoryEntry[], entry: HistoryEntry): Regression {
  if (entry.timeToRecoveryMs === undefined) return { flagged: false, basis: 0, note: "no time to recovery to compare" };
  const finished = Date.parse(entry.finishedAt);
  const earlier = history
    .filter((h) => h.drill === entry.drill && h.runId !== entry.runId && h.verdict === "passed" && h.timeToRecoveryMs !== undefined && Date.parse(h.finishedAt) < finished)
    .sort((a, b) => Date.parse(a.finishedAt) - Date.parse(b.finishedAt))
    .slice(-REGRESSION_WINDOW)
    .map((h) => h.timeToRecoveryMs!);
  const basis = earlier.length;
  if (basis < REGRESSION_MIN_BASIS) {
    return { flagged: false, basis, note: `not compared: ${basis} earlier passing run${basis === 1 ? "" : "s"}, ${REGRESSION_MIN_BASIS} needed` };
  }
  const medianMs = median(earlier);
  const ratio = entry.timeToRecoveryMs / medianMs;
  const flagged = entry.timeToRecoveryMs > medianMs * REGRESSION_THRESHOLD;
  const note = `${ratio.toFixed(2)}× the median ${(medianMs / 1000).toFixed(1)} s of the last ${basis} passing runs`;
  return { flagged, medianMs, ratio, basis, note: flagged ? `regression: ${note}` : note };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
