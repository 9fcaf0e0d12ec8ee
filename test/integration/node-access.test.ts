import { expect } from "chai";
import type Docker from "dockerode";
import { randomBytes } from "node:crypto";
import { DrillError } from "../../harness/errors.js";
import { KindNode } from "../../harness/node/kind-node.js";
import { removeProbes, requireDocker, startProbe } from "../support/docker.js";
import { rejectionOf } from "../support/rejection.js";

/** The command lines of a node's live processes (zombies, which busybox's init-less container keeps, excluded). */
async function running(node: KindNode): Promise<string[]> {
  const lines = (await node.exec(["ps", "-o", "stat,args"])).stdout.trim().split("\n").slice(1);
  return lines.filter((line) => !line.trimStart().startsWith("Z")).map((line) => line.trim().split(/\s+/).slice(1).join(" "));
}

describe("node access through dockerode (real containers)", () => {
  let docker: Docker;
  let a: KindNode;
  let b: KindNode;
  const suffix = randomBytes(3).toString("hex");

  before(async () => {
    docker = await requireDocker();
    await startProbe(docker, `kubedrill-test-a-${suffix}`);
    await startProbe(docker, `kubedrill-test-b-${suffix}`);
    a = new KindNode(docker, `kubedrill-test-a-${suffix}`, "control-plane");
    b = new KindNode(docker, `kubedrill-test-b-${suffix}`, "worker");
  });

  after(async () => {
    if (docker) await removeProbes(docker);
  });

  it("returns stdout, stderr and the exit code separately", async () => {
    const result = await a.sh("echo out; echo err >&2; exit 7", { check: false });
    expect(result).to.include({ stdout: "out\n", stderr: "err\n", exitCode: 7 });
  });

  it("throws a DrillError carrying node, pasteable command, exit code and output on failure", async () => {
    const error = await rejectionOf<DrillError>(a.sh("echo partial; echo 'no such file' >&2; exit 2", { stage: "recovery" }));
    expect(error).to.be.instanceOf(DrillError);
    expect(error.stage).to.equal("recovery");
    expect(error.command).to.include({ node: a.name, exitCode: 2 });
    expect(error.pasteable).to.equal(`docker exec --privileged ${a.name} sh -c 'echo partial; echo '"'"'no such file'"'"' >&2; exit 2'`);
    expect(error.message).to.include("stderr:\n    no such file");
  });

  it("gives up on a command that hangs at the timeout, and kills it inside the node", async () => {
    const error = await rejectionOf<DrillError>(a.sh("sleep 300 & sleep 299; echo never", { timeoutMs: 700 }));
    expect(error.command?.timedOut).to.equal(true);
    expect(error.message).to.match(/^\[infrastructure\] command timed out after 1s on kubedrill-test-a-\w+$/m);
    expect(error.pasteable).to.equal(`docker exec --privileged ${a.name} sh -c 'sleep 300 & sleep 299; echo never'`);
    const left = await running(a);
    expect(left.filter((command) => command === "sleep 300" || command === "sleep 299")).to.deep.equal([]);
    expect(left).to.include("sleep 3600"); // the container itself is untouched
  });

  it("kills an in-flight command inside the node when the drill is interrupted", async () => {
    const interrupt = new AbortController();
    const pending = rejectionOf<DrillError>(a.sh("sleep 301", { signal: interrupt.signal }));
    while (!(await running(a)).includes("sleep 301")) {
      // not started in the node yet
    }
    interrupt.abort(new Error("SIGINT"));
    const error = await pending;
    expect(error.message).to.match(/^\[infrastructure\] command interrupted \(SIGINT\) on kubedrill-test-a-\w+$/m);
    expect(await running(a)).to.not.include("sleep 301");
  });

  it("feeds stdin to a command", async () => {
    const result = await a.exec(["sh", "-c", "wc -c"], { stdin: "twelve bytes" });
    expect(result.stdout.trim()).to.equal("12");
  });

  it("writes, reads and removes files, binary content and modes included", async () => {
    const content = randomBytes(64 * 1024);
    await a.writeFile("/work/dir/it's a file.bin", content, "600");
    expect((await a.readFile("/work/dir/it's a file.bin")).equals(content)).to.equal(true);
    expect((await a.sh("ls -l '/work/dir/it'\"'\"'s a file.bin'")).stdout).to.match(/^-rw------- /);
    expect(await a.exists("/work/dir/it's a file.bin")).to.equal(true);
    await a.removePath("/work/dir");
    expect(await a.exists("/work/dir")).to.equal(false);
  });

  it("copies a file from one node to another", async () => {
    await a.writeFile("/etc/kubernetes/pki/ca.crt", "-----BEGIN CERTIFICATE-----\nfake\n");
    await a.copyFileTo(b, "/etc/kubernetes/pki/ca.crt");
    expect((await b.readFile("/etc/kubernetes/pki/ca.crt")).toString()).to.equal("-----BEGIN CERTIFICATE-----\nfake\n");
  });

  it("finds a node's address on its Docker network", async () => {
    expect(await a.ipAddress("bridge")).to.match(/^\d+\.\d+\.\d+\.\d+$/);
    expect((await rejectionOf(a.ipAddress("kind-does-not-exist"))).message).to.include('has no address on Docker network "kind-does-not-exist"');
  });
});
