import { expect } from "chai";
import { countLeaks, describeLeftovers, findLeftovers, KIND_CLUSTER_LABEL, NO_LEFTOVERS, type DockerListing } from "../../../../harness/soak/leftovers.js";

const node = (id: string, cluster: string) => ({ id, labels: { [KIND_CLUSTER_LABEL]: cluster } });

/** A machine where run r1 left a cluster, a prober and a stale endpoint; r12 and someone else have theirs. */
const dirty: DockerListing = {
  containers: [
    node("a1", "kubedrill-r1-kill-control-plane-pods"),
    node("a2", "kubedrill-r1-kill-control-plane-pods"),
    node("b1", "kubedrill-r12-kill-control-plane-pods"),
    node("c1", "someone-elses"),
    { id: "p1aaaaaaaaaaaaaa", labels: { "io.kubedrill.run": "r1", "io.kubedrill.role": "prober" } },
    { id: "p2", labels: { "io.kubedrill.run": "r12" } },
  ],
  networks: [
    {
      name: "kind",
      labels: {},
      endpoints: [
        { containerId: "a1", name: "kubedrill-r1-kill-control-plane-pods-control-plane" },
        { containerId: "gone", name: "kubedrill-r1-kill-control-plane-pods-worker" },
        { containerId: "gone2", name: "kubedrill-r12-kill-control-plane-pods-worker" },
      ],
    },
    { name: "bridge", labels: {}, endpoints: [] },
    { name: "kubedrill-r1-net", labels: {}, endpoints: [] },
    { name: "probe-net", labels: { "io.kubedrill.run": "r1" }, endpoints: [] },
  ],
};

describe("soak leftovers", () => {
  it("finds every kind of leftover of one run, and nothing of a run whose id starts alike or of anyone else", () => {
    const found = findLeftovers("r1", dirty, ["r1", "r12", "f1"], 2);
    expect(found).to.deep.equal({
      clusters: ["kubedrill-r1-kill-control-plane-pods"],
      containers: ["p1aaaaaaaaaa"],
      networks: ["kubedrill-r1-net", "probe-net", "kind/kubedrill-r1-kill-control-plane-pods-worker"],
      runDirs: ["r1"],
      processes: 2,
    });
    expect(countLeaks(found)).to.equal(8);
    expect(describeLeftovers(found)).to.equal("1 cluster, 1 container, 3 networks, 1 dir, 2 procs");
  });

  it("counts nothing for a run that cleaned up, though the shared kind network and other runs remain", () => {
    const found = findLeftovers("r7", dirty, ["r1", "r12"]);
    expect(found).to.deep.equal(NO_LEFTOVERS);
    expect(countLeaks(found)).to.equal(0);
    expect(describeLeftovers(found)).to.equal("none");
  });

  it("does not count an endpoint of a node that still exists as a network leak (the cluster is the leak)", () => {
    const found = findLeftovers("r1", { containers: [node("a1", "kubedrill-r1-x")], networks: [{ name: "kind", labels: {}, endpoints: [{ containerId: "a1", name: "kubedrill-r1-x-control-plane" }] }] }, []);
    expect(found.networks).to.deep.equal([]);
    expect(found.clusters).to.deep.equal(["kubedrill-r1-x"]);
  });
});
