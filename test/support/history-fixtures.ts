import type { HistoryEntry } from "../../reports/history.js";

/** entry is one passing drill run of a history, finishing `minute` minutes into 2026-11-27. */
export function entry(runId: string, minute: number, overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    runId,
    finishedAt: new Date(Date.UTC(2026, 10, 27, 0, minute)).toISOString(),
    drill: "wipe-etc-kubernetes",
    scenario: "wipe-etc-kubernetes",
    topology: { controlPlanes: 1, workers: 2 },
    kubernetesVersion: "v1.34.4",
    nodeImage: "kubedrill.local/node:v1.34.4",
    verdict: "passed",
    timeToRecoveryMs: 40_000,
    runbookMs: 30_000,
    milestones: { "API server ready": 20_000, "nodes Ready": 35_000 },
    steps: { "kubeadm init phase certs all": 2_000 },
    ...overrides,
  };
}

/** runsOf is the same drill run once per time to recovery, a minute apart, oldest first. */
export function runsOf(drill: string, timesToRecoveryMs: readonly number[], overrides: Partial<HistoryEntry> = {}): HistoryEntry[] {
  return timesToRecoveryMs.map((ms, i) => entry(`r${i + 1}`, i, { drill, scenario: drill, timeToRecoveryMs: ms, ...overrides }));
}
