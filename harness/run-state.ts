import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { z } from "zod";
import { DrillError } from "./errors.js";
import { layoutFor, type ClusterLayout, type Topology } from "./kind/layout.js";
import { holdLivenessLock, isLockHeld, type LivenessLock } from "./liveness.js";
import { readOrSetAside, SET_ASIDE_MARK, writeJsonAtomic } from "./state-file.js";

/** Every cluster kubedrill creates is named `kubedrill-<run id>-<scenario>`. */
export const CLUSTER_PREFIX = "kubedrill-";

/** Docker label put on helper containers (the prober), so leftovers can be swept by run. */
export const RUN_LABEL = "io.kubedrill.run";

const runIdSchema = z.string().regex(/^[a-z0-9]+$/, "must be lowercase letters and digits");

const runInfoSchema = z.object({
  runId: runIdSchema,
  /** The CLI process, for people reading the file; liveness is decided by the lock, never by it. */
  pid: z.number().int().positive(),
  startedAt: z.iso.datetime(),
});

const clusterRecordSchema = z.object({
  name: z.string().startsWith(CLUSTER_PREFIX),
  scenario: z.string().min(1),
  createdAt: z.iso.datetime(),
  /** Set when the user asked to keep the cluster; sweeps leave it alone. */
  kept: z.boolean().optional(),
});

/** A marker kubedrill writes before it asks kind for a cluster. */
export type ClusterRecord = z.infer<typeof clusterRecordSchema>;

export type RunInfo = z.infer<typeof runInfoSchema>;

/** Where warnings about damaged state files go: one line each. */
export type Warn = (line: string) => void;

const warnOnStderr: Warn = (line) => console.warn(line);

/** newRunId makes a short id that is valid in cluster, container and host names. */
function newRunId(): string {
  return `r${randomBytes(4).toString("hex").slice(0, 5)}`;
}

/**
 * RunState is the on-disk record of one kubedrill run: which clusters it created.
 * It is the safety marker: kubedrill only acts on clusters recorded here. Its files are
 * written atomically and validated on read; a damaged one is set aside and skipped.
 */
export class RunState {
  private constructor(
    readonly root: string,
    readonly info: RunInfo,
    private readonly warn: Warn,
  ) {}

  /** preview names things the way a run would, without writing anything (for --dry-run). */
  static preview(root: string, runId = newRunId()): RunState {
    return new RunState(root, { runId, pid: process.pid, startedAt: new Date().toISOString() }, warnOnStderr);
  }

  /** create writes a new run directory. Without a liveness lock a sweep treats it as dead: see start. */
  static create(root: string, runId = newRunId(), pid = process.pid, warn = warnOnStderr): RunState {
    const state = new RunState(root, { runId, pid, startedAt: new Date().toISOString() }, warn);
    state.makeDirectories();
    writeJsonAtomic(state.runFile, state.info);
    return state;
  }

  /**
   * start begins this process's run: the directory, then the liveness lock, then run.json, so no
   * sweep can ever list the run without finding it alive. Release the lock when the run is over.
   */
  static async start(root: string, runId = newRunId(), warn = warnOnStderr): Promise<{ state: RunState; lock: LivenessLock }> {
    const state = new RunState(root, { runId, pid: process.pid, startedAt: new Date().toISOString() }, warn);
    state.makeDirectories();
    const lock = await state.holdLiveness();
    writeJsonAtomic(state.runFile, state.info);
    return { state, lock };
  }

  /** open reads an existing run directory (the drill process joins its parent's run). */
  static open(root: string, runId: string, warn = warnOnStderr): RunState {
    const state = RunState.read(root, runId, warn);
    if (!state) throw new DrillError(`no usable kubedrill run ${runId} under ${root}`, { stage: "input" });
    return state;
  }

  /** list returns every readable run directory under root, oldest first; damaged ones are set aside. */
  static list(root: string, warn = warnOnStderr): RunState[] {
    const runs = join(root, "runs");
    if (!existsSync(runs)) return [];
    return readdirSync(runs, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((entry) => RunState.read(root, entry.name, warn) ?? [])
      .sort((a, b) => a.info.startedAt.localeCompare(b.info.startedAt));
  }

  private static read(root: string, runId: string, warn: Warn): RunState | undefined {
    const file = join(root, "runs", runId, "run.json");
    if (!existsSync(file)) return undefined;
    const schema = runInfoSchema.refine((info) => info.runId === runId, { message: `names run another run than ${runId}`, path: ["runId"] });
    const info = readOrSetAside(file, schema, warn);
    return info && new RunState(root, info, warn);
  }

  get runId(): string {
    return this.info.runId;
  }

  get dir(): string {
    return join(this.root, "runs", this.runId);
  }

  /** holdLiveness marks this run alive for as long as this process holds the returned lock. */
  holdLiveness(): Promise<LivenessLock> {
    return holdLivenessLock(this.dir);
  }

  /** isAlive tells whether a process of this run (the CLI or its drill process) still lives. */
  isAlive(): Promise<boolean> {
    return isLockHeld(this.dir);
  }

  /** clusterName is the only name this run gives a scenario's cluster. */
  clusterName(scenario: string): string {
    return `${this.clusterPrefix}${scenario}`;
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
    this.assertOwned(name);
    // A damaged marker is rebuilt from the cluster's name, which says which scenario it ran.
    const record = this.readRecord(this.recordPath(name)) ?? { name, scenario: name.slice(this.clusterPrefix.length), createdAt: new Date().toISOString() };
    this.writeRecord({ ...record, kept: true });
  }

  forgetCluster(name: string): void {
    rmSync(this.recordPath(name), { force: true });
  }

  /** records returns this run's readable cluster markers; damaged ones are set aside. */
  records(): ClusterRecord[] {
    if (!existsSync(this.clustersDir)) return [];
    return readdirSync(this.clustersDir)
      .filter((file) => file.endsWith(".json"))
      .flatMap((file) => this.readRecord(join(this.clustersDir, file)) ?? []);
  }

  /** hasSetAsideFiles tells whether a damaged file was set aside here (kept for inspection). */
  hasSetAsideFiles(): boolean {
    return [this.dir, this.clustersDir].some((dir) => existsSync(dir) && readdirSync(dir).some((file) => file.includes(SET_ASIDE_MARK)));
  }

  /** assertOwned refuses any cluster this run did not create. */
  assertOwned(name: string): void {
    if (!name.startsWith(this.clusterPrefix) || !existsSync(this.recordPath(name))) {
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

  private get clusterPrefix(): string {
    return `${CLUSTER_PREFIX}${this.runId}-`;
  }

  private get runFile(): string {
    return join(this.dir, "run.json");
  }

  private get clustersDir(): string {
    return join(this.dir, "clusters");
  }

  private makeDirectories(): void {
    mkdirSync(this.clustersDir, { recursive: true });
  }

  /** readRecord validates a marker, including that it names the cluster its file is named after. */
  private readRecord(path: string): ClusterRecord | undefined {
    const expected = basename(path, ".json");
    const schema = clusterRecordSchema.refine((record) => record.name === expected, { message: `names another cluster than ${expected}`, path: ["name"] });
    return readOrSetAside(path, schema, this.warn);
  }

  private writeRecord(record: ClusterRecord): void {
    writeJsonAtomic(this.recordPath(record.name), record);
  }

  private recordPath(name: string): string {
    return join(this.clustersDir, `${name}.json`);
  }
}
