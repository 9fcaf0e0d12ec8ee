import { expect } from "chai";
import { existsSync } from "node:fs";
import { DrillCluster, type ProviderDeps } from "../../../harness/kind/cluster.js";
import { RunState } from "../../../harness/run-state.js";
import { sweepLeftovers, sweepRun } from "../../../harness/sweeper.js";
import { fakeWorld } from "../../support/fake-world.js";
import { useTempDir } from "../../support/temp-dir.js";

describe("safety", () => {
  const tmp = useTempDir("state");

  it("acts only on clusters this run recorded", () => {
    const state = RunState.create(tmp.path, "r1");
    state.recordCluster("kubedrill-r1-wipe", "wipe");
    expect(() => state.assertOwned("kubedrill-r1-wipe")).to.not.throw();
    expect(() => state.assertOwned("kind")).to.throw(/refusing to touch cluster "kind": it was not created by this kubedrill run \(r1\)/);
    expect(() => state.assertOwned("kubedrill-r2-wipe")).to.throw(/refusing/);
    expect(() => state.assertOwned("kubedrill-r1-other")).to.throw(/refusing/); // right prefix, no marker
  });

  it("refuses nodes of other clusters and clusters whose marker is gone", () => {
    const state = RunState.create(tmp.path, "r1");
    const layout = state.layoutFor("wipe", { controlPlanes: 1, workers: 0 });
    const deps = { state, docker: { getContainer: () => ({}) } } as unknown as ProviderDeps;
    const cluster = new DrillCluster(layout, deps, new Map());
    expect(() => cluster.node(layout.primary)).to.throw(/refusing to touch cluster/);
    state.recordCluster(layout.cluster, "wipe");
    expect(() => cluster.node("kind-control-plane")).to.throw(/refusing to touch "kind-control-plane": it is not a node of kubedrill-r1-wipe/);
  });

  it("sweeps only marked leftovers of dead runs, never foreign clusters, kept clusters or live runs", async () => {
    const dead = RunState.create(tmp.path, "r1", 111);
    dead.recordCluster("kubedrill-r1-wipe", "wipe");
    dead.recordCluster("kubedrill-r1-kept", "kept");
    dead.markKept("kubedrill-r1-kept");
    dead.recordCluster("kubedrill-r1-never-made", "never-made");
    const { state: live, lock } = await RunState.start(tmp.path, "r2");
    live.recordCluster("kubedrill-r2-wipe", "wipe");
    const world = fakeWorld(["kind", "kubedrill-r9-unmarked", "kubedrill-r1-wipe", "kubedrill-r1-kept", "kubedrill-r2-wipe"]);

    const result = await sweepLeftovers(tmp.path, world.deps);
    await lock.release();

    expect(world.deleted).to.deep.equal(["kubedrill-r1-wipe"]);
    expect(result).to.deep.equal({ deleted: ["kubedrill-r1-wipe"], kept: ["kubedrill-r1-kept"], failed: [] });
    expect(world.swept).to.deep.equal(["r1"]);
    expect(dead.records().map((r) => r.name)).to.deep.equal(["kubedrill-r1-kept"]);
    expect(live.records().map((r) => r.name), "a live run is left alone").to.deep.equal(["kubedrill-r2-wipe"]);
  });

  it("removes a finished run's directory once nothing in it is kept", async () => {
    const state = RunState.create(tmp.path, "r3");
    state.recordCluster("kubedrill-r3-a", "a");
    const world = fakeWorld(["kubedrill-r3-a"]);
    expect(await sweepRun(state, world.deps)).to.deep.equal({ deleted: ["kubedrill-r3-a"], kept: [], failed: [] });
    expect(existsSync(state.dir)).to.equal(false);
  });

  it("names clusters and private files from the run id, and previews without writing", () => {
    const preview = RunState.preview(tmp.path, "r4");
    const layout = preview.layoutFor("delete-sa-key", { controlPlanes: 1, workers: 2 });
    expect(layout.cluster).to.equal("kubedrill-r4-delete-sa-key");
    expect(layout.kubeconfig).to.equal(`${tmp.path}/runs/r4/kubedrill-r4-delete-sa-key.kubeconfig`);
    expect(existsSync(preview.dir)).to.equal(false);
  });
});
