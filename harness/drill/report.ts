import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Topology } from "../kind/layout.js";
import type { CheckResult } from "../verify/check.js";
import type { AvailabilityReport } from "../workload/availability.js";
import type { PhaseRecord } from "./timeline.js";
import type { Verdict } from "./verdict.js";

/** DrillReport is the JSON summary of one drill, written next to the Allure results. */
export interface DrillReport {
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
  timeToRecoveryMs?: number;
  budgetMs: number;
  availability?: AvailabilityReport;
  checks: CheckResult[];
  /** Set when the cluster was left running; holds the command that deletes it. */
  keptCluster?: string;
}

export function writeDrillReport(dir: string, report: DrillReport): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${report.scenario}.json`);
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
