import { expect } from "chai";
import { BYTES_PER_NODE, HEADROOM_BYTES, preflight, type PreflightDeps, type PreflightInput } from "../../../harness/preflight.js";

const GIB = 2 ** 30;

/** A Docker engine as preflight sees it: which images it has, which it can pull, how much room. */
function fakeDocker(options: { reachable?: boolean; images?: string[]; pullable?: string[]; freeBytes?: number } = {}) {
  const pulled: string[] = [];
  const deps: PreflightDeps = {
    pingDocker: async () => {
      if (options.reachable === false) throw new Error("connect ENOENT /var/run/docker.sock");
    },
    hasImage: async (ref) => (options.images ?? []).includes(ref),
    pullImage: async (ref) => {
      if (!(options.pullable ?? []).includes(ref)) throw new Error(`manifest for ${ref} not found: manifest unknown`);
      pulled.push(ref);
    },
    dockerFreeSpace: async () => (options.freeBytes === undefined ? undefined : { path: "/var/lib/docker", bytes: options.freeBytes }),
  };
  return { deps, pulled };
}

const NODE = "kubedrill.local/node:v1.34.4";
const WORKLOAD = "kubedrill.local/workload:busybox";

function input(overrides: Partial<PreflightInput["toolchain"]> = {}, drills = [{ name: "wipe", nodes: 3 }], keepClusters = false): PreflightInput {
  return { toolchain: { nodeImage: NODE, workloadImage: WORKLOAD, offline: true, ...overrides }, drills, keepClusters };
}

describe("preflight", () => {
  it("passes a machine with Docker, both images and room for the largest cluster", async () => {
    const { deps } = fakeDocker({ images: [NODE, WORKLOAD], freeBytes: 3 * BYTES_PER_NODE + HEADROOM_BYTES });
    expect(await preflight(input(), deps)).to.deep.equal([]);
  });

  it("stops at an unreachable Docker with one line", async () => {
    const { deps } = fakeDocker({ reachable: false });
    expect(await preflight(input(), deps)).to.deep.equal([
      "Docker is not reachable (connect ENOENT /var/run/docker.sock): start the Docker engine; `npm run setup` does this on a fresh machine",
    ]);
  });

  it("finds a wrong --image on an offline toolchain without trying to pull it", async () => {
    const { deps, pulled } = fakeDocker({ images: [NODE, WORKLOAD], pullable: ["kubedrill.local/node:v1.34"] });
    expect(await preflight(input({ nodeImage: "kubedrill.local/node:v1.34" }), deps)).to.deep.equal([
      "the node image kubedrill.local/node:v1.34 is not in Docker and this toolchain is offline (nothing can be pulled): check the name against `docker images`, or run `npm run setup`",
    ]);
    expect(pulled).to.deep.equal([]);
  });

  it("pulls missing images online, and reports one that cannot be pulled", async () => {
    const { deps, pulled } = fakeDocker({ pullable: [WORKLOAD] });
    expect(await preflight(input({ offline: false, nodeImage: "kindest/node:v1.99.0" }), deps)).to.deep.equal([
      "the node image kindest/node:v1.99.0 is not in Docker and cannot be pulled (manifest for kindest/node:v1.99.0 not found: manifest unknown): check the name",
    ]);
    expect(pulled).to.deep.equal([WORKLOAD]);
  });

  it("leaves kind's default node image to kind", async () => {
    const { deps } = fakeDocker({ images: [WORKLOAD] });
    expect(await preflight(input({ offline: false, nodeImage: null }), deps)).to.deep.equal([]);
  });

  it("reports too little disk for the largest cluster, or for every kept cluster together", async () => {
    const drills = [{ name: "a", nodes: 3 }, { name: "b", nodes: 2 }];
    const enoughForOne = fakeDocker({ images: [NODE, WORKLOAD], freeBytes: 3 * BYTES_PER_NODE + HEADROOM_BYTES });
    expect(await preflight(input({}, drills), enoughForOne.deps)).to.deep.equal([]);
    expect(await preflight(input({}, drills, true), enoughForOne.deps)).to.deep.equal([
      "not enough disk space: 9.5 GiB free in /var/lib/docker (Docker's data root), about 14.5 GiB needed (5 kept nodes at 2.5 GiB each, plus 2.0 GiB)",
    ]);
    const nearlyFull = fakeDocker({ images: [NODE, WORKLOAD], freeBytes: 4 * GIB });
    expect(await preflight(input({}, drills), nearlyFull.deps)).to.deep.equal([
      "not enough disk space: 4.0 GiB free in /var/lib/docker (Docker's data root), about 9.5 GiB needed (3 nodes in the largest cluster at 2.5 GiB each, plus 2.0 GiB)",
    ]);
  });

  it("lists every problem at once", async () => {
    const { deps } = fakeDocker({ freeBytes: GIB });
    expect(await preflight(input(), deps)).to.have.length(3);
  });
});
