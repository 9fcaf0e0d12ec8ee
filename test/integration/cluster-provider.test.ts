import { expect } from "chai";
import type Docker from "dockerode";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KindClusterProvider, kindConfigPath } from "../../harness/kind/cluster.js";
import { KindCli } from "../../harness/kind/kind-cli.js";
import { RunState } from "../../harness/run-state.js";
import { PROBE_IMAGE, removeProbes, requireDocker, TEST_LABEL } from "../support/docker.js";
import { rejectionOf } from "../support/rejection.js";
import { useTempDir } from "../support/temp-dir.js";

/**
 * A stand-in kind that makes "nodes" from the busybox test image with kind's labels (one
 * control plane, plus the workers in the config), and refuses `load docker-image` (as kind
 * does on a node image without crictl).
 */
function fakeKind(dir: string): string {
  const path = join(dir, "kind");
  writeFileSync(
    path,
    `#!/bin/sh
log="${dir}/calls"; echo "$*" >> "$log"
node() { docker run -d --name "$1" --label io.x-k8s.kind.cluster="$2" --label io.x-k8s.kind.role="$3" --label ${TEST_LABEL}=true ${PROBE_IMAGE} sleep 3600 >/dev/null; }
case "$1 $2" in
  "get clusters") docker ps -a --filter label=io.x-k8s.kind.cluster --format '{{.Label "io.x-k8s.kind.cluster"}}' | sort -u ;;
  "create cluster") node "$4-control-plane" "$4" control-plane
    i=1; for w in $(grep 'role: worker' "$6"); do [ "$w" = worker ] || continue
      node "$4-worker$([ $i -gt 1 ] && echo $i)" "$4" worker; i=$((i+1)); done ;;
  "delete cluster") docker rm -f $(docker ps -aq --filter label=io.x-k8s.kind.cluster="$4") >/dev/null ;;
  "load docker-image") echo "ERROR: failed to detect containerd snapshotter: crictl: not found" >&2; exit 1 ;;
  "load image-archive") tar -tf "$3" > "${dir}/archive-listing" ;;
esac
`,
  );
  chmodSync(path, 0o755);
  return path;
}

describe("kind cluster provider (fake kind, real containers)", () => {
  const tmp = useTempDir("provider");
  let docker: Docker;

  before(async () => {
    docker = await requireDocker();
  });
  afterEach(async () => {
    if (docker) await removeProbes(docker);
  });

  const provider = (state: RunState) =>
    new KindClusterProvider({ kind: new KindCli(fakeKind(tmp.path)), docker, state, timeouts: { createMs: 60_000, commandMs: 20_000, imageLoadMs: 60_000 } });

  it("creates a marked cluster, finds its nodes by kind's labels and deletes only what it made", async () => {
    const state = RunState.create(tmp.path, "t1");
    const cluster = await provider(state).create("drill", { controlPlanes: 1, workers: 1 }, "kubedrill.local/node:v1.34.4");
    expect(state.records().map((r) => r.name)).to.deep.equal(["kubedrill-t1-drill"]);
    expect(readFileSync(kindConfigPath(state, cluster.name), "utf8")).to.include("image: kubedrill.local/node:v1.34.4");
    expect(cluster.nodes().map((n) => [n.name, n.role])).to.deep.equal([
      ["kubedrill-t1-drill-control-plane", "control-plane"],
      ["kubedrill-t1-drill-worker", "worker"],
    ]);
    expect((await cluster.node("kubedrill-t1-drill-worker").sh("echo hello")).stdout).to.equal("hello\n");

    await cluster.delete();
    expect(state.records()).to.deep.equal([]);
    expect(await docker.listContainers({ all: true, filters: { label: ["io.x-k8s.kind.cluster=kubedrill-t1-drill"] } })).to.have.length(0);
    expect((await rejectionOf(cluster.delete())).message).to.include('refusing to touch cluster "kubedrill-t1-drill"');
  });

  it("loads the workload image from a docker save archive when kind load docker-image fails", async () => {
    const state = RunState.create(tmp.path, "t2");
    const cluster = await provider(state).create("img", { controlPlanes: 1, workers: 0 }, null);
    await cluster.loadImage(PROBE_IMAGE);
    expect(readFileSync(join(tmp.path, "archive-listing"), "utf8")).to.match(/^manifest\.json$/m);
    expect(existsSync(state.privateFile(`${cluster.name}.image.tar`)), "archive removed afterwards").to.equal(false);
    expect((await rejectionOf(cluster.loadImage("kubedrill.local/not-built:1"))).message).to.match(/image kubedrill.local\/not-built:1 is not available locally[\s\S]*npm run setup/);
  });

  it("refuses a cluster name that already exists, and leaves no marker after a failed create", async () => {
    const first = RunState.create(tmp.path, "t3");
    await provider(first).create("dup", { controlPlanes: 1, workers: 0 }, null);
    expect((await rejectionOf(provider(first).create("dup", { controlPlanes: 1, workers: 0 }, null))).message).to.include('refusing to reuse cluster "kubedrill-t3-dup"');

    const mismatched = RunState.create(tmp.path, "t4");
    expect((await rejectionOf(provider(mismatched).create("ha", { controlPlanes: 3, workers: 0 }, null))).message).to.match(/cluster kubedrill-t4-ha has nodes \[.*\], expected \[kubedrill-t4-ha-control-plane, kubedrill-t4-ha-control-plane2/);
    expect(mismatched.records()).to.deep.equal([]);
    expect(readFileSync(join(tmp.path, "calls"), "utf8")).to.include("delete cluster --name kubedrill-t4-ha");
  });
});
