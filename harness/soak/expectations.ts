import { constants } from "node:os";
import type { SoakCase } from "./plan.js";

/** How one run ended, as the soak saw it. */
export interface RunOutcome {
  /** Shell convention: 128 + the signal's number when a signal ended it. */
  exitCode: number;
  /** Everything it printed, stdout and stderr in the order they came. */
  output: string;
  /** The soak killed it because it ran past its time limit. */
  timedOut: boolean;
  /** When the planned signal went out; undefined when the run had ended first. */
  sentAtSeconds?: number;
}

/** What a special run's damage was made of, and what became of it. */
export interface SpecialEvidence {
  /** The earlier run the damage was planted in. */
  plantedRunId: string;
  /** The undeletable leftover cluster's name. */
  cluster?: string;
  /** The torn run.json was set aside (renamed `run.json.damaged-...`) rather than left or deleted. */
  setAside?: boolean;
}

/** shellExitCode folds a signal death into the code a shell would show ($?). */
export function shellExitCode(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return 128 + (signal ? constants.signals[signal] : 0);
}

/** wasSetAside tells from a run directory's file names that its torn run.json was renamed aside. */
export function wasSetAside(files: readonly string[]): boolean {
  return !files.includes("run.json") && files.some((file) => file.startsWith("run.json.damaged-"));
}

/**
 * judgeRun lists the expectations a run missed. Every run must end within its time limit; a
 * run that received SIGINT or SIGTERM must end with that signal's code (kubedrill's contract:
 * 130 or 143); the special runs must pass and say what they found.
 */
export function judgeRun(soakCase: SoakCase, outcome: RunOutcome, limitSeconds: number, evidence?: SpecialEvidence): string[] {
  if (outcome.timedOut) return [`hung: killed after ${limitSeconds}s`];
  const problems: string[] = [];
  if (soakCase.kind === "interrupt") {
    const expected = 128 + constants.signals[soakCase.signal];
    if (soakCase.signal !== "SIGKILL" && outcome.sentAtSeconds !== undefined && outcome.exitCode !== expected) {
      problems.push(`exit ${outcome.exitCode} after ${soakCase.signal}, expected ${expected}`);
    }
    return problems;
  }
  if (outcome.exitCode !== 0) problems.push(`exit ${outcome.exitCode}: a run must pass despite ${soakCase.kind === "damaged-run-file" ? "a torn run.json" : "an undeletable leftover"}`);
  if (!evidence) return [...problems, "its damage could not be planted (the reason is in the progress above)"];
  if (soakCase.kind === "damaged-run-file") {
    if (!outcome.output.includes(`${evidence.plantedRunId}/run.json is damaged`)) problems.push(`did not warn about the torn run.json of ${evidence.plantedRunId}`);
    if (!evidence.setAside) problems.push(`the torn run.json of ${evidence.plantedRunId} was not set aside`);
  } else {
    const cluster = evidence.cluster ?? "";
    const reported = outcome.output.split("\n").some((line) => line.includes(`could not delete cluster ${cluster} `) && line.includes(`delete it by hand: `) && line.includes(`delete cluster --name ${cluster}`));
    if (!reported) problems.push(`did not report the undeletable ${cluster} with the command to delete it by hand`);
  }
  return problems;
}
