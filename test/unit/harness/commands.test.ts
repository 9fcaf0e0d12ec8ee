import { expect } from "chai";
import { execa } from "execa";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderKindConfig } from "../../../harness/kind/config.js";
import { describeTopology, layoutFor } from "../../../harness/kind/layout.js";
import { componentPattern, crictlRemoveOrphans, crictlStop, etcdEndpointHealth, strictBash, writeStdinTo } from "../../../harness/node/commands.js";
import { quoteArg, renderArgv, renderNodeCommand } from "../../../harness/shell.js";
import { useTempDir } from "../../support/temp-dir.js";

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

/** The in-node scripts, run by a real bash against a fake crictl that logs its calls. */
describe("in-node scripts", () => {
  const tmp = useTempDir("crictl");
  const run = async (argv: string[], running: Record<string, string> = {}) => {
    const fake = join(tmp.path, "crictl");
    const cases = Object.entries(running).map(([name, id]) => `*'^${name}$'*|*'(${name})'*) echo ${id} ;;`).join("\n    ");
    writeFileSync(fake, `#!/bin/bash\necho "crictl $*" >> "${tmp.path}/calls"\nif [ "$1" = ps ]; then\n  case "$*" in\n    ${cases}\n  esac\nfi\n`);
    chmodSync(fake, 0o755);
    const result = await execa(argv[0]!, argv.slice(1), { env: { PATH: `${tmp.path}:${process.env.PATH}` }, reject: false });
    const calls = await execa("sh", ["-c", `cat "${tmp.path}/calls" 2>/dev/null || true`]);
    return { ...result, calls: calls.stdout.split("\n").filter(Boolean) };
  };

  it("stops each named component's running container", async () => {
    const result = await run(crictlStop(["etcd", "kube-apiserver"], { required: true }), { etcd: "e1", "kube-apiserver": "a1" });
    expect(result.exitCode, result.stderr).to.equal(0);
    expect(result.calls.filter((c) => c.startsWith("crictl stop"))).to.deep.equal(["crictl stop --timeout 0 e1", "crictl stop --timeout 0 a1"]);
  });

  it("fails a required stop that matches nothing, and says which component", async () => {
    const result = await run(crictlStop(["etcd", "kube-apiserver"], { required: true }), { etcd: "e1" });
    expect(result.exitCode).to.equal(1);
    expect(result.stderr).to.include("no running kube-apiserver container to stop");
  });

  it("lets an optional stop find nothing, saying so", async () => {
    const result = await run(crictlStop(["kube-apiserver"], { timeoutSeconds: 10 }));
    expect(result.exitCode).to.equal(0);
    expect(result.stdout).to.include("kube-apiserver: no running container");
  });

  it("removes containers of components whose manifest is gone, and keeps those with one", async () => {
    const manifests = join(tmp.path, "manifests");
    mkdirSync(manifests);
    writeFileSync(join(manifests, "etcd.yaml"), "");
    const result = await run(crictlRemoveOrphans(["etcd", "kube-apiserver", "kube-scheduler"], manifests), { etcd: "e1", "kube-apiserver": "a1" });
    expect(result.exitCode, result.stderr).to.equal(0);
    expect(result.calls.filter((c) => c.startsWith("crictl rm"))).to.deep.equal(["crictl rm -f a1"]);
    expect(result.stdout).to.include("etcd: has a manifest, its container stays").and.to.include("kube-scheduler: no container left");
  });

  describe("when the kubelet removes a container between the listing and crictl", () => {
    /** A crictl whose rm always fails; ps lists e1 until rm was tried, then `afterwards`. */
    const racing = (afterwards: string) => {
      const fake = join(tmp.path, "crictl");
      writeFileSync(
        fake,
        `#!/bin/bash\ncase "$1" in\n  rm) touch "${tmp.path}/tried"; echo "NotFound: an error occurred when try to find container" >&2; exit 1 ;;\n  ps) if [ -e "${tmp.path}/tried" ]; then printf '%s' "${afterwards}"; else echo e1; fi ;;\nesac\n`,
      );
      chmodSync(fake, 0o755);
      return (argv: string[]) => execa(argv[0]!, argv.slice(1), { env: { PATH: `${tmp.path}:${process.env.PATH}` }, reject: false });
    };

    it("is not a failure when the container is gone", async () => {
      const result = await racing("")(crictlRemoveOrphans(["etcd"], tmp.path));
      expect(result.exitCode, result.stderr).to.equal(0);
      expect(result.stdout).to.include("etcd: gone meanwhile");
    });

    it("fails, naming it, when the container is still there", async () => {
      const result = await racing("e1\n")(crictlRemoveOrphans(["etcd"], tmp.path));
      expect(result.exitCode).to.equal(1);
      expect(result.stderr).to.include("could not remove etcd: e1");
    });
  });

  it("fails a script when a command inside a pipeline fails", async () => {
    const result = await execa(strictBash("false | cat\necho reached")[0]!, strictBash("false | cat\necho reached").slice(1), { reject: false });
    expect(result.exitCode).to.not.equal(0);
    expect(result.stdout).to.not.include("reached");
  });
});
