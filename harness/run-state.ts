import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DrillError } from "./errors.js";
import { layoutFor, type ClusterLayout, type Topology } from "./kind/layout.js";

/** Every cluster kubedrill creates is named `kubedrill-<run id>-<scenario>`. */
export const CLUSTER_PREFIX = "kubedrill-";

/** Docker label put on helper containers (the prober), so leftovers can be swept by run. */
export const RUN_LABEL = "io.kubedrill.run";

/** A marker kubedrill writes before it asks kind for a cluster. */
export interface ClusterRecord {
  name: string;
  scenario: string;
  createdAt: string;
  /** Set when the user asked to keep the cluster; sweeps leave it alone. */
  kept?: boolean;
}

export interface RunInfo {
  runId: string;
  pid: number;
  startedAt: string;
}

/** newRunId makes a short id that is valid in cluster, container and host names. */
function newRunId(): string {
  return `r${randomBytes(4).toString("hex").slice(0, 5)}`;
}

/**
 * RunState is the on-disk record of one kubedrill run: which clusters it created.
 * It is the safety marker: kubedrill only acts on clusters recorded here.
 */
export class RunState {
  private constructor(readonly root: string, readonly info: RunInfo) {}

  /** preview names things the way a run would, without writing anything (for --dry-run). */
  static preview(root: string, runId = newRunId()): RunState {
    return new RunState(root, { runId, pid: process.pid, startedAt: new Date().toISOString() });
  }

  /** create starts a new run directory owned by the given process. */
  static create(root: string, runId = newRunId(), pid = process.pid): RunState {
    const info: RunInfo = { runId, pid, startedAt: new Date().toISOString() };
    const state = new RunState(root, info);
    mkdirSync(join(state.dir, "clusters"), { recursive: true });
    writeFileSync(join(state.dir, "run.json"), JSON.stringify(info, null, 2));
    return state;
  }

  /** open reads an existing run directory (the drill process joins its parent's run). */
  static open(root: string, runId: string): RunState {
    const file = join(root, "runs", runId, "run.json");
    if (!existsSync(file)) throw new DrillError(`no kubedrill run ${runId} under ${root}`, { stage: "input" });
    return new RunState(root, JSON.parse(readFileSync(file, "utf8")) as RunInfo);
  }

  /** list returns every run directory under root, oldest first. */
  static list(root: string): RunState[] {
    const runs = join(root, "runs");
    if (!existsSync(runs)) return [];
    return readdirSync(runs)
      .filter((id) => existsSync(join(runs, id, "run.json")))
      .map((id) => RunState.open(root, id))
      .sort((a, b) => a.info.startedAt.localeCompare(b.info.startedAt));
  }

  get runId(): string {
    return this.info.runId;
  }

  get dir(): string {
    return join(this.root, "runs", this.runId);
  }

  /** clusterName is the only name this run gives a scenario's cluster. */
  clusterName(scenario: string): string {
    return `${CLUSTER_PREFIX}${this.runId}-${scenario}`;
  }

  /** layoutFor is the cluster a scenario gets in this run, known before it exists. */
  layoutFor(scenario: string, topology: Topology): ClusterLayout {
    const name = this.clusterName(scenario);
    return layoutFor(name, topology, this.kubeconfigPath(name));
  }

  /** kubeconfigPath is the run-private kubeconfig of a cluster (never ~/.kube/config). */
  kubeconfigPath(cluster: string): string {
    return this.privateFile(`${cluster}.kubeconfig`);
  }

  /** privateFile is a path inside the run directory (kubeconfigs, kind configs, plans). */
  privateFile(name: string): string {
    return join(this.dir, name);
  }

  /** recordCluster writes the marker; call it before `kind create cluster`. */
  recordCluster(name: string, scenario: string): void {
    this.writeRecord({ name, scenario, createdAt: new Date().toISOString() });
  }

  markKept(name: string): void {
    this.writeRecord({ ...this.record(name), kept: true });
  }

  forgetCluster(name: string): void {
    rmSync(this.recordPath(name), { force: true });
  }

  records(): ClusterRecord[] {
    const dir = join(this.dir, "clusters");
    if (!existsSync(dir)) return [];
    return readdirSync(dir).map((file) => JSON.parse(readFileSync(join(dir, file), "utf8")) as ClusterRecord);
  }

  /** assertOwned refuses any cluster this run did not create. */
  assertOwned(name: string): void {
    const prefix = `${CLUSTER_PREFIX}${this.runId}-`;
    if (!name.startsWith(prefix) || !existsSync(this.recordPath(name))) {
      throw new DrillError(`refusing to touch cluster "${name}": it was not created by this kubedrill run (${this.runId})`, {
        stage: "infrastructure",
        hint: "kubedrill only acts on clusters it created itself; delete other clusters with `kind delete cluster --name <name>`",
      });
    }
  }

  /** remove deletes the run directory once nothing in it is worth keeping. */
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private record(name: string): ClusterRecord {
    this.assertOwned(name);
    return JSON.parse(readFileSync(this.recordPath(name), "utf8")) as ClusterRecord;
  }

  private writeRecord(record: ClusterRecord): void {
    writeFileSync(this.recordPath(record.name), JSON.stringify(record, null, 2));
  }

  private recordPath(name: string): string {
    return join(this.dir, "clusters", `${name}.json`);
  }
}
