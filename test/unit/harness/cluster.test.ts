import { expect } from "chai";
import type Docker from "dockerode";
import { KindClusterProvider } from "../../../harness/kind/cluster.js";
import type { KindCli } from "../../../harness/kind/kind-cli.js";
import { RunState } from "../../../harness/run-state.js";
import { rejectionOf } from "../../support/rejection.js";
import { useTempDir } from "../../support/temp-dir.js";

const TOPOLOGY = { controlPlanes: 1, workers: 1 };

/**
 * A stand-in kind: create makes the cluster's node containers appear (in the fake Docker) and,
 * when told to hang, waits until its signal aborts, like a kind that is stuck pulling.
 */
function fakeKind(options: { hangOnCreate?: boolean; failDelete?: boolean } = {}) {
  const clusters = new Set<string>();
  const calls: string[] = [];
  const kind = {
    getClusters: async () => [...clusters],
    createCluster: async (name: string, _config: string, _kubeconfig: string, _timeoutMs: number, signal?: AbortSignal) => {
      calls.push(`create ${name}`);
      clusters.add(name); // kind has made containers before it can be stopped
      if (options.hangOnCreate) {
        await new Promise((_, reject) => signal?.addEventListener("abort", () => reject(new Error("kind create cluster interrupted"))));
      }
    },
    deleteCluster: async (name: string) => {
      calls.push(`delete ${name}`);
      await new Promise((resolve) => setImmediate(resolve)); // deletions take a while: callers overlap
      if (options.failDelete) throw new Error("permission denied");
      clusters.delete(name);
    },
  };
  const docker = {
    listContainers: async () =>
      [...clusters].flatMap((cluster) => [
        { Names: [`/${cluster}-control-plane`], Labels: { "io.x-k8s.kind.cluster": cluster, "io.x-k8s.kind.role": "control-plane" } },
        { Names: [`/${cluster}-worker`], Labels: { "io.x-k8s.kind.cluster": cluster, "io.x-k8s.kind.role": "worker" } },
      ]),
    getContainer: () => ({}),
  };
  return { kind: kind as unknown as KindCli, docker: docker as unknown as Docker, clusters, calls };
}

describe("drill cluster lifecycle", () => {
  const tmp = useTempDir("cluster");
  const timeouts = { createMs: 60_000, commandMs: 10_000, imageLoadMs: 60_000 };

  it("deletes a cluster exactly once, however many callers release it and when", async () => {
    const state = RunState.create(tmp.path, "r1");
    const world = fakeKind();
    const cluster = await new KindClusterProvider({ kind: world.kind, docker: world.docker, state, timeouts }).create("wipe", TOPOLOGY, null);

    await Promise.all([cluster.release(), cluster.release(), cluster[Symbol.asyncDispose]()]);
    await cluster.release();

    expect(world.calls).to.deep.equal(["create kubedrill-r1-wipe", "delete kubedrill-r1-wipe"]);
    expect(state.records()).to.deep.equal([]);
  });

  it("leaves a kept cluster running on release", async () => {
    const state = RunState.create(tmp.path, "r2");
    const world = fakeKind();
    const cluster = await new KindClusterProvider({ kind: world.kind, docker: world.docker, state, timeouts }).create("wipe", TOPOLOGY, null);
    cluster.keep();
    await cluster.release();
    expect(world.calls).to.deep.equal(["create kubedrill-r2-wipe"]);
    expect(state.records().map((r) => [r.name, r.kept])).to.deep.equal([["kubedrill-r2-wipe", true]]);
  });

  /** Starts creating a cluster, interrupts it while kind runs, and returns how create ended. */
  async function interruptedCreate(state: RunState, world: ReturnType<typeof fakeKind>): Promise<Error> {
    const interrupt = new AbortController();
    const creating = new KindClusterProvider({ kind: world.kind, docker: world.docker, state, timeouts }).create("wipe", TOPOLOGY, null, {}, interrupt.signal);
    while (!world.calls.includes(`create ${state.clusterName("wipe")}`)) await new Promise((resolve) => setImmediate(resolve));
    interrupt.abort(new Error("SIGINT"));
    return rejectionOf(creating);
  }

  it("releases a cluster still being created: kind is cancelled and the half-made cluster deleted", async () => {
    const state = RunState.create(tmp.path, "r3");
    const world = fakeKind({ hangOnCreate: true });
    expect((await interruptedCreate(state, world)).message).to.equal("kind create cluster interrupted");
    expect(world.calls).to.deep.equal(["create kubedrill-r3-wipe", "delete kubedrill-r3-wipe"]);
    expect([...world.clusters]).to.deep.equal([]);
    expect(state.records()).to.deep.equal([]);
  });

  it("keeps the marker of a half-made cluster it could not delete, for the sweep", async () => {
    const state = RunState.create(tmp.path, "r4");
    const world = fakeKind({ hangOnCreate: true, failDelete: true });
    await interruptedCreate(state, world);
    expect(state.records().map((r) => r.name)).to.deep.equal(["kubedrill-r4-wipe"]);
  });
});
