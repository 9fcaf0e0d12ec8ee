import { expect } from "chai";
import { execa } from "execa";
import { renderKindConfig } from "../../../harness/kind/config.js";
import { describeTopology, layoutFor } from "../../../harness/kind/layout.js";
import { componentPattern, crictlRemove, crictlStop, etcdEndpointHealth, writeStdinTo } from "../../../harness/node/commands.js";
import { quoteArg, renderArgv, renderNodeCommand } from "../../../harness/shell.js";

/** Runs a rendered command line through a real shell and returns the argv it produced. */
async function shellArgv(rendered: string): Promise<string[]> {
  const { stdout } = await execa("sh", ["-c", `for a in ${rendered}; do printf '%s\\0' "$a"; done`]);
  return stdout.split("\0").slice(0, -1);
}

describe("command construction", () => {
  it("quotes arguments so a shell reads back exactly the argv", async () => {
    const argv = ["plain", "two words", "it's", 'say "hi"', "$HOME", "a;b|c", "`x`", "*", ""];
    expect(await shellArgv(renderArgv(argv))).to.deep.equal(argv);
    expect(quoteArg("/etc/kubernetes/pki/ca.crt")).to.equal("/etc/kubernetes/pki/ca.crt");
  });

  it("renders node commands the way kind runs them", () => {
    expect(renderNodeCommand("n1", ["rm", "-rf", "/etc/kubernetes"])).to.equal("docker exec --privileged n1 rm -rf /etc/kubernetes");
    expect(renderNodeCommand("n1", ["cat"], true)).to.equal("docker exec -i --privileged n1 cat");
  });

  it("anchors crictl name patterns so etcd does not match other containers", () => {
    expect(componentPattern(["etcd", "kube-apiserver"])).to.equal("^(etcd|kube-apiserver)$");
    expect(crictlStop(["etcd"], 0)[2]).to.equal("crictl ps --name '^(etcd)$' -q | xargs -r crictl stop --timeout 0");
    expect(crictlRemove(["etcd"])[2]).to.equal("crictl ps -a --name '^(etcd)$' -q | xargs -r crictl rm -f");
  });

  it("passes file paths to scripts as arguments, never spliced into the script", () => {
    const argv = writeStdinTo("/tmp/it's here", "600");
    expect(argv.slice(-2)).to.deep.equal(["sh", "/tmp/it's here"]);
    expect(argv[2]).to.not.include("it's");
  });

  it("checks etcd with its own healthcheck client certificate inside the etcd container", () => {
    const script = etcdEndpointHealth()[2]!;
    expect(script).to.match(/^crictl exec "\$\(crictl ps --name '\^etcd\$' -q \| head -n1\)" etcdctl /);
    expect(script).to.include("--cert /etc/kubernetes/pki/etcd/healthcheck-client.crt");
    expect(script).to.include("endpoint health");
  });

  it("names nodes like kind and describes topologies", () => {
    const layout = layoutFor("c", { controlPlanes: 2, workers: 2 }, "/k");
    expect(layout.nodes).to.deep.equal(["c-control-plane", "c-control-plane2", "c-worker", "c-worker2"]);
    expect(layout.primary).to.equal("c-control-plane");
    expect(describeTopology({ controlPlanes: 1, workers: 2 })).to.equal("1 control plane, 2 workers");
  });

  it("generates a kind config per topology, leaving the image to kind when there is none", () => {
    const config = renderKindConfig({ controlPlanes: 1, workers: 2 }, "kubedrill.local/node:v1.34.4");
    expect(config.match(/- role: control-plane/g)).to.have.length(1);
    expect(config.match(/- role: worker/g)).to.have.length(2);
    expect(config.match(/image: kubedrill.local\/node:v1.34.4/g)).to.have.length(3);
    expect(renderKindConfig({ controlPlanes: 1, workers: 0 }, null)).to.not.include("image:");
  });
});
