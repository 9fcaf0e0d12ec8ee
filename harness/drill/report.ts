import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DamageReport } from "../damage/symptom.js";
import type { Topology } from "../kind/layout.js";
import type { CheckResult } from "../verify/check.js";
import type { MilestoneObservation } from "../watch/track.js";
import type { AvailabilityReport } from "../workload/availability.js";
import type { PhaseRecord } from "./timeline.js";
import type { Verdict } from "./verdict.js";

/** DrillReport is the JSON summary of one drill, written next to the Allure results. */
export interface DrillReport {
  /** The drill's id: the scenario's name (and its topology, when the scenario runs on several). */
  drill: string;
  scenario: string;
  cluster: string;
  topology: Topology;
  nodeImage: string | null;
  /** From the cluster's /version, when it got that far. */
  kubernetesVersion?: string;
  startedAt: string;
  durationMs: number;
  verdict: Verdict;
  phases: PhaseRecord[];
  /** Recovery steps left out with --skip-step. */
  skippedSteps: string[];
  /** Clock times (ms since the epoch) the breakage started and ended. */
  breakage?: { startedAt: number; endedAt: number };
  /** The symptoms that proved the damage, when they were seen. */
  damage?: DamageReport;
  /** End of the breakage → the last runbook step finished. */
  runbookFinishedMs?: number;
  /** End of the breakage → the final verification passed (every check at once): the time to recovery. */
  timeToRecoveryMs?: number;
  /** Each verification pass: ms after the end of the breakage, and the checks that still failed in it. */
  verificationPasses?: Array<{ afterMs: number; failed: string[] }>;
  budgetMs: number;
  /** What the recovery watcher saw of each milestone, from outside, during the recovery. */
  milestones: MilestoneObservation[];
  availability?: AvailabilityReport;
  /** Every expectation's final outcome. */
  expectations: CheckResult[];
  /** Set with --break-only: the drill stopped after confirming the damage and kept the broken cluster. */
  brokenOnly?: boolean;
  /** Set when an interrupt stopped the drill: the signal, and the phase it stopped. */
  interrupted?: Interruption;
  /** Set when the cluster was left running; holds the command that deletes it. */
  keptCluster?: string;
  /** Each recovery operation's time, per pass of the runbook (a proof may run it twice). */
  operations?: Array<{ step: string; pass: number; index: number; durationMs: number }>;
  /** With a runbook run twice in a row: how long the second pass took. */
  secondPassMs?: number;
  /** With a runbook cut inside a step: where, and whether the step was really left part-done. */
  /** Where a resumability proof cut the runbook; ranMs: how long the operation took when it finished before the cut. */
  interruption?: { step: string; op: number; afterMs: number; partWay: boolean; ranMs?: number };
  /** For a `prove` drill: whether it showed what its proof expects. */
  proof?: { kind: string; step?: string; holds: boolean; summary: string };
  /** With a drill that restores a backup: how much earlier than the breakage it went back, and what was lost. */
  recoveryPoint?: { sincePreparationMs: number; lost: string[] };
  /** How the time to recovery compares with the drill's recent passing runs (set by the reporter). */
  regression?: { flagged: boolean; note: string };
}

/** fileNameOf turns a drill id into a file name: "wipe-etc-kubernetes [3cp+1w]" → "wipe-etc-kubernetes-3cp-1w". */
export const fileNameOf = (drill: string) => drill.replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "");

export function writeDrillReport(dir: string, report: DrillReport): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${fileNameOf(report.drill)}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2));
  return file;
}

export function readDrillReports(dir: string): DrillReport[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  } catch {
    return [];
  }
  return files.sort().map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as DrillReport);
}

/** Interruption is the signal that stopped a drill and the phase it was in. */
export interface Interruption {
  signal: string;
  during: string;
}

/** Where an interrupt landed when no phase was running. */
export const BETWEEN_PHASES = "between phases";

/** interruptedMessage is the verdict of an interrupted drill: "[interrupted] SIGINT during verify". */
export const interruptedMessage = ({ signal, during }: Interruption) => `[interrupted] ${signal} ${during === BETWEEN_PHASES ? during : `during ${during}`}`;
