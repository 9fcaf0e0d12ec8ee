import { isDrillError } from "./errors.js";
import { CLUSTER_PREFIX, RunState } from "./run-state.js";

/** What a sweep needs from the outside world; injected so sweeps are unit-testable. */
export interface SweepDeps {
  listClusters(): Promise<string[]>;
  deleteCluster(name: string, kubeconfig: string): Promise<void>;
  /** The shell line that deletes a cluster by hand, for when deleteCluster fails. */
  deleteCommand(name: string, kubeconfig: string): string;
  /** Removes helper containers (the prober) labelled with the run id; returns how many. */
  removeHelperContainers(runId: string): Promise<number>;
  log(line: string): void;
}

export interface SweepResult {
  deleted: string[];
  kept: string[];
  /** Clusters that could not be deleted; each was reported with the command to delete it by hand. */
  failed: string[];
}

const emptyResult = (): SweepResult => ({ deleted: [], kept: [], failed: [] });

/**
 * sweepRun deletes every cluster the run recorded and did not mark as kept. Only names with
 * the run's own prefix *and* a marker record are ever deleted. It never throws: whatever
 * cannot be cleaned is reported and left, with its marker, for the next sweep.
 */
export async function sweepRun(state: RunState, deps: SweepDeps, existing?: ReadonlySet<string>): Promise<SweepResult> {
  const result = emptyResult();
  try {
    const clusters = existing ?? (await listClusters(deps, `run ${state.runId}`));
    if (clusters) await sweepClusters(state, deps, clusters, result);
    const helpersRemoved = await deps.removeHelperContainers(state.runId).then(
      () => true,
      (error: unknown) => {
        deps.log(`could not remove helper containers of kubedrill run ${state.runId} (${describe(error)}); the next sweep retries`);
        return false;
      },
    );
    const finished = clusters && helpersRemoved && result.kept.length === 0 && result.failed.length === 0;
    if (finished && !state.hasSetAsideFiles()) state.remove();
  } catch (error) {
    deps.log(`could not sweep kubedrill run ${state.runId} in ${state.dir} (${describe(error)}); skipped`);
  }
  return result;
}

async function sweepClusters(state: RunState, deps: SweepDeps, clusters: ReadonlySet<string>, result: SweepResult): Promise<void> {
  const ownPrefix = `${CLUSTER_PREFIX}${state.runId}-`;
  for (const record of state.records()) {
    if (!clusters.has(record.name)) {
      state.forgetCluster(record.name);
    } else if (record.kept) {
      result.kept.push(record.name);
    } else if (record.name.startsWith(ownPrefix)) {
      const kubeconfig = state.kubeconfigPath(record.name);
      deps.log(`deleting cluster ${record.name} left by kubedrill run ${state.runId}`);
      try {
        await deps.deleteCluster(record.name, kubeconfig);
        state.forgetCluster(record.name);
        result.deleted.push(record.name);
      } catch (error) {
        result.failed.push(record.name);
        deps.log(`could not delete cluster ${record.name} (${describe(error)}); delete it by hand: ${deps.deleteCommand(record.name, kubeconfig)}`);
      }
    }
  }
}

/**
 * sweepLeftovers sweeps the runs no live kubedrill process holds. It never blocks a run: a
 * damaged state file, an unreachable kind or an undeletable cluster is reported and skipped.
 */
export async function sweepLeftovers(root: string, deps: SweepDeps): Promise<SweepResult> {
  const total = emptyResult();
  let dead: RunState[];
  try {
    dead = await deadRuns(RunState.list(root, deps.log));
  } catch (error) {
    deps.log(`could not read kubedrill's earlier runs under ${root} (${describe(error)}); skipping the sweep`);
    return total;
  }
  if (dead.length === 0) return total;
  const existing = await listClusters(deps, "earlier kubedrill runs");
  if (!existing) return total;
  for (const state of dead) {
    const result = await sweepRun(state, deps, existing);
    total.deleted.push(...result.deleted);
    total.kept.push(...result.kept);
    total.failed.push(...result.failed);
  }
  return total;
}

async function deadRuns(runs: RunState[]): Promise<RunState[]> {
  const alive = await Promise.all(runs.map((state) => state.isAlive()));
  return runs.filter((_, index) => !alive[index]);
}

async function listClusters(deps: SweepDeps, whose: string): Promise<Set<string> | undefined> {
  try {
    return new Set(await deps.listClusters());
  } catch (error) {
    deps.log(`could not list kind clusters to sweep ${whose} (${describe(error)}); skipping the sweep`);
    return undefined;
  }
}

/** describe is a failure in one line: a DrillError's summary and the last line kind printed. */
function describe(error: unknown): string {
  if (!isDrillError(error)) return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
  const said = error.command?.stderr?.trim().split("\n").at(-1);
  return said ? `${error.summary}: ${said}` : error.summary;
}
