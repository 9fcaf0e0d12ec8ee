import { expect } from "chai";
import { execa } from "execa";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { DEFAULT_TIMEOUTS, readRunPlan, RUN_PLAN_ENV, writeRunPlan, type RunPlan } from "../../../harness/drill/plan.js";
import { holdLivenessLock } from "../../../harness/liveness.js";
import { RunState } from "../../../harness/run-state.js";
import { DamagedFile, readJsonFile, writeJsonAtomic } from "../../../harness/state-file.js";
import { sweepLeftovers } from "../../../harness/sweeper.js";
import { fakeWorld } from "../../support/fake-world.js";
import { rejectionOf } from "../../support/rejection.js";
import { useTempDir } from "../../support/temp-dir.js";
import { OFFLINE_TOOLCHAIN } from "../../support/toolchain.js";

describe("state files", () => {
  const tmp = useTempDir("state-files");

  it("replaces a file atomically and leaves no partial file when the write fails", () => {
    const file = join(tmp.path, "run.json");
    writeJsonAtomic(file, { generation: 1 });
    const failingWrite = (path: string, data: string) => {
      writeFileSync(path, data.slice(0, 5)); // torn, then the disk fills up
      throw new Error("ENOSPC: no space left on device");
    };
    expect(() => writeJsonAtomic(file, { generation: 2 }, failingWrite)).to.throw(/ENOSPC/);
    expect(JSON.parse(readFileSync(file, "utf8"))).to.deep.equal({ generation: 1 });
    expect(readdirSync(tmp.path)).to.deep.equal(["run.json"]);
    writeJsonAtomic(file, { generation: 3 });
    expect(JSON.parse(readFileSync(file, "utf8"))).to.deep.equal({ generation: 3 });
  });

  it("tells torn JSON and a wrong shape apart from a good file, naming the file and the field", () => {
    const schema = z.object({ runId: z.string() });
    const file = join(tmp.path, "f.json");
    writeFileSync(file, '{"runId": "r1"}');
    expect(readJsonFile(file, schema)).to.deep.equal({ runId: "r1" });
    writeFileSync(file, '{"runId": "r1"');
    expect(() => readJsonFile(file, schema)).to.throw(DamagedFile, new RegExp(`^${file} is damaged \\(not valid JSON: `));
    writeFileSync(file, '{"runId": 7}');
    expect(() => readJsonFile(file, schema)).to.throw(DamagedFile, `${file} is damaged (runId: Invalid input: expected string, received number)`);
  });

  it("sets a truncated run.json aside with one warning, skips that run and sweeps the others", async () => {
    const damaged = RunState.create(tmp.path, "r1");
    damaged.recordCluster("kubedrill-r1-a", "a");
    const runFile = join(damaged.dir, "run.json");
    writeFileSync(runFile, readFileSync(runFile, "utf8").slice(0, 20));
    const healthy = RunState.create(tmp.path, "r2");
    healthy.recordCluster("kubedrill-r2-a", "a");
    const world = fakeWorld(["kubedrill-r1-a", "kubedrill-r2-a"]);

    const result = await sweepLeftovers(tmp.path, world.deps);

    expect(result.deleted).to.deep.equal(["kubedrill-r2-a"]);
    expect(world.lines.filter((line) => line.startsWith("warning:"))).to.have.length(1);
    expect(world.lines[0]).to.match(new RegExp(`^warning: ${runFile} is damaged \\(not valid JSON: .*\\); set aside as run\\.json\\.damaged-\\S+; skipped$`));
    expect(readdirSync(damaged.dir).filter((f) => f.startsWith("run.json"))).to.have.length(1).and.to.match(/^run\.json\.damaged-/);

    const again = fakeWorld([]);
    await sweepLeftovers(tmp.path, again.deps);
    expect(again.lines, "reported once").to.deep.equal([]);
  });

  it("sets aside a cluster record of the wrong shape or for another cluster, and keeps the run directory for inspection", async () => {
    const state = RunState.create(tmp.path, "r3");
    state.recordCluster("kubedrill-r3-good", "good");
    writeFileSync(join(state.dir, "clusters", "kubedrill-r3-shape.json"), JSON.stringify({ name: "kubedrill-r3-shape" }));
    writeFileSync(join(state.dir, "clusters", "kubedrill-r3-alias.json"), JSON.stringify({ name: "kubedrill-r3-good", scenario: "x", createdAt: new Date().toISOString() }));
    const world = fakeWorld(["kubedrill-r3-good", "kubedrill-r3-shape", "kubedrill-r3-alias"]);

    const result = await sweepLeftovers(tmp.path, world.deps);

    expect(result.deleted).to.deep.equal(["kubedrill-r3-good"]);
    const warnings = world.lines.filter((line) => line.startsWith("warning:")).sort();
    expect(warnings).to.have.length(2);
    expect(warnings[0]).to.include("kubedrill-r3-alias.json is damaged (name: names another cluster than kubedrill-r3-alias)");
    expect(warnings[1]).to.include("kubedrill-r3-shape.json is damaged (scenario: Invalid input: expected string, received undefined)");
    expect(readdirSync(join(state.dir, "clusters")).sort()).to.have.length(2).and.satisfy((files: string[]) => files.every((f) => f.includes(".json.damaged-")));
    expect(state.hasSetAsideFiles()).to.equal(true);
  });

  it("rebuilds a damaged marker from the cluster's name when the cluster is kept", () => {
    const state = RunState.create(tmp.path, "r4");
    state.recordCluster("kubedrill-r4-wipe", "wipe");
    writeFileSync(join(state.dir, "clusters", "kubedrill-r4-wipe.json"), "{");
    const warnings: string[] = [];
    const reopened = RunState.open(tmp.path, "r4", (line) => warnings.push(line));
    reopened.markKept("kubedrill-r4-wipe");
    expect(reopened.records()).to.have.length(1);
    expect(reopened.records()[0]).to.include({ name: "kubedrill-r4-wipe", scenario: "wipe", kept: true });
    expect(warnings).to.have.length(1);
  });

  it("refuses to open a run whose run.json is damaged, in one line", () => {
    mkdirSync(join(tmp.path, "runs", "r5"), { recursive: true });
    writeFileSync(join(tmp.path, "runs", "r5", "run.json"), JSON.stringify({ runId: "r6", pid: 1, startedAt: new Date().toISOString() }));
    const warnings: string[] = [];
    expect(() => RunState.open(tmp.path, "r5", (line) => warnings.push(line))).to.throw(/^\[input\] no usable kubedrill run r5 under /);
    expect(warnings[0]).to.include("run.json is damaged (runId: names run another run than r5)");
  });
});

describe("run plan file", () => {
  const tmp = useTempDir("plan");
  const plan = (state: RunState): RunPlan => ({
    runId: state.runId,
    stateRoot: state.root,
    outDir: "/tmp/out",
    drills: [{ id: "wipe-etc-kubernetes", scenario: "wipe-etc-kubernetes", topology: { controlPlanes: 1, workers: 2 }, key: "1-wipe-etc-kubernetes", skipSteps: [] }],
    toolchain: OFFLINE_TOOLCHAIN,
    keepCluster: false,
    breakOnly: false,
    keepOnFailure: true,
    failOnRegression: false,
    timeouts: DEFAULT_TIMEOUTS,
  });

  it("round-trips the plan the CLI hands the drill process", () => {
    const state = RunState.create(tmp.path, "r1");
    const file = writeRunPlan(state, plan(state));
    expect(readRunPlan({ [RUN_PLAN_ENV]: file })).to.deep.equal(plan(state));
  });

  it("refuses a damaged plan in one line naming the file and the field", () => {
    const state = RunState.create(tmp.path, "r2");
    const file = writeRunPlan(state, plan(state));
    writeFileSync(file, JSON.stringify({ ...plan(state), timeouts: { ...DEFAULT_TIMEOUTS, readyMs: "300" } }));
    expect(() => readRunPlan({ [RUN_PLAN_ENV]: file })).to.throw(`[input] ${file} is damaged (timeouts.readyMs: Invalid input: expected number, received string)`);
  });
});

describe("liveness lock", () => {
  const tmp = useTempDir("liveness");

  it("is held exactly while the holder has it, and a sweep leaves a held run alone", async () => {
    const { state, lock } = await RunState.start(tmp.path, "r1");
    state.recordCluster("kubedrill-r1-a", "a");
    expect(await state.isAlive()).to.equal(true);
    expect((await sweepLeftovers(tmp.path, fakeWorld(["kubedrill-r1-a"]).deps)).deleted).to.deep.equal([]);
    await lock.release();
    await lock.release(); // idempotent
    expect(await state.isAlive()).to.equal(false);
    expect((await sweepLeftovers(tmp.path, fakeWorld(["kubedrill-r1-a"]).deps)).deleted).to.deep.equal(["kubedrill-r1-a"]);
  });

  it("is not fooled by a reused pid: a dead holder's socket stays dead though its recorded pid is alive", async () => {
    const dead = RunState.create(tmp.path, "r2", process.pid); // the recorded pid is a live, unrelated process
    dead.recordCluster("kubedrill-r2-a", "a");
    await holdLockInChildThenKillIt(join(dead.dir, "live-4242.sock"));
    expect(readdirSync(dead.dir)).to.include("live-4242.sock");
    expect(await dead.isAlive()).to.equal(false);
    const world = fakeWorld(["kubedrill-r2-a"]);
    expect((await sweepLeftovers(tmp.path, world.deps)).deleted).to.deep.equal(["kubedrill-r2-a"]);
  });

  it("counts a run alive while any of its processes holds a lock", async () => {
    const { state, lock: cli } = await RunState.start(tmp.path, "r4");
    const drillProcess = await holdLivenessLock(state.dir, 999_999);
    await cli.release();
    expect(await state.isAlive()).to.equal(true);
    await drillProcess.release();
    expect(await state.isAlive()).to.equal(false);
  });

  it("refuses a run directory too deep for a socket path, in one line", async () => {
    const deep = RunState.create(join(tmp.path, "x".repeat(100)), "r3");
    const error = await rejectionOf(deep.holdLiveness());
    expect(error.message).to.match(/^\[input\] the run directory .* is too deep for a Unix socket path \(\d+ > 107 bytes\)/);
  });
});

/** A process that listens on path and is then killed with SIGKILL: it leaves its socket file behind. */
async function holdLockInChildThenKillIt(path: string): Promise<void> {
  const child = execa(process.execPath, ["-e", `require("net").createServer().listen(${JSON.stringify(path)}, () => console.log("listening"))`], { reject: false });
  await new Promise<void>((resolve) => child.stdout!.once("data", () => resolve()));
  child.kill("SIGKILL");
  await child;
}
