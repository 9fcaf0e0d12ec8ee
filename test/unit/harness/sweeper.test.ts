import { expect } from "chai";
import { existsSync } from "node:fs";
import { RunState } from "../../../harness/run-state.js";
import { sweepLeftovers, sweepRun } from "../../../harness/sweeper.js";
import { fakeWorld } from "../../support/fake-world.js";
import { useTempDir } from "../../support/temp-dir.js";

describe("sweeper never blocks a run", () => {
  const tmp = useTempDir("sweeper");

  it("reports an undeletable leftover with the command to delete it by hand, and sweeps the others", async () => {
    const stuck = RunState.create(tmp.path, "r1");
    stuck.recordCluster("kubedrill-r1-a", "a");
    stuck.recordCluster("kubedrill-r1-b", "b");
    const other = RunState.create(tmp.path, "r2");
    other.recordCluster("kubedrill-r2-a", "a");
    const world = fakeWorld(["kubedrill-r1-a", "kubedrill-r1-b", "kubedrill-r2-a"], ["kubedrill-r1-a"]);

    const result = await sweepLeftovers(tmp.path, world.deps);

    expect(result).to.deep.equal({ deleted: ["kubedrill-r1-b", "kubedrill-r2-a"], kept: [], failed: ["kubedrill-r1-a"] });
    expect(world.lines).to.include(
      `could not delete cluster kubedrill-r1-a (ERROR: failed to delete cluster "kubedrill-r1-a": permission denied); ` +
        `delete it by hand: kind delete cluster --name kubedrill-r1-a --kubeconfig ${stuck.kubeconfigPath("kubedrill-r1-a")}`,
    );
    expect(stuck.records().map((r) => r.name), "its marker stays for the next sweep").to.deep.equal(["kubedrill-r1-a"]);
    expect(existsSync(other.dir)).to.equal(false);
  });

  it("skips the sweep with one line when kind cannot list clusters", async () => {
    RunState.create(tmp.path, "r3").recordCluster("kubedrill-r3-a", "a");
    const world = fakeWorld([]);
    world.deps.listClusters = () => Promise.reject(new Error("kind: no such file or directory\n  at spawn"));
    expect(await sweepLeftovers(tmp.path, world.deps)).to.deep.equal({ deleted: [], kept: [], failed: [] });
    expect(world.lines).to.deep.equal(["could not list kind clusters to sweep earlier kubedrill runs (kind: no such file or directory); skipping the sweep"]);
    expect(RunState.list(tmp.path).map((s) => s.runId), "the run is left for a later sweep").to.deep.equal(["r3"]);
  });

  it("keeps a run whose helper containers could not be removed, so the next sweep retries", async () => {
    const state = RunState.create(tmp.path, "r4");
    const world = fakeWorld([]);
    world.deps.removeHelperContainers = () => Promise.reject(new Error("Docker is gone"));
    await sweepRun(state, world.deps);
    expect(world.lines).to.deep.equal(["could not remove helper containers of kubedrill run r4 (Docker is gone); the next sweep retries"]);
    expect(existsSync(state.dir)).to.equal(true);
  });
});
