import { CLUSTER_PREFIX, RunState } from "./run-state.js";

/** What a sweep needs from the outside world; injected so sweeps are unit-testable. */
export interface SweepDeps {
  listClusters(): Promise<string[]>;
  deleteCluster(name: string, kubeconfig: string): Promise<void>;
  /** Removes helper containers (the prober) labelled with the run id; returns how many. */
  removeHelperContainers(runId: string): Promise<number>;
  isProcessAlive(pid: number): boolean;
  log(line: string): void;
}

export interface SweepResult {
  deleted: string[];
  kept: string[];
}

/**
 * sweepRun deletes every cluster the run recorded and did not mark as kept. Only
 * names with the run's own prefix *and* a marker record are ever deleted.
 */
export async function sweepRun(state: RunState, deps: SweepDeps): Promise<SweepResult> {
  const existing = new Set(await deps.listClusters());
  const result: SweepResult = { deleted: [], kept: [] };
  const ownPrefix = `${CLUSTER_PREFIX}${state.runId}-`;
  for (const record of state.records()) {
    if (!existing.has(record.name)) {
      state.forgetCluster(record.name);
    } else if (record.kept) {
      result.kept.push(record.name);
    } else if (record.name.startsWith(ownPrefix)) {
      deps.log(`deleting cluster ${record.name} left by kubedrill run ${state.runId}`);
      await deps.deleteCluster(record.name, state.kubeconfigPath(record.name));
      state.forgetCluster(record.name);
      result.deleted.push(record.name);
    }
  }
  await deps.removeHelperContainers(state.runId);
  if (result.kept.length === 0) state.remove();
  return result;
}

/** sweepLeftovers sweeps the runs of kubedrill processes that are no longer alive. */
export async function sweepLeftovers(root: string, deps: SweepDeps, currentRunId?: string): Promise<SweepResult> {
  const total: SweepResult = { deleted: [], kept: [] };
  for (const state of RunState.list(root)) {
    if (state.runId === currentRunId || deps.isProcessAlive(state.info.pid)) continue;
    const result = await sweepRun(state, deps);
    total.deleted.push(...result.deleted);
    total.kept.push(...result.kept);
  }
  return total;
}

/** isProcessAlive checks a pid without signalling it. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
