import { expect } from "chai";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DrillError } from "../../../harness/errors.js";
import { KindCli } from "../../../harness/kind/kind-cli.js";
import { rejectionOf } from "../../support/rejection.js";
import { useTempDir } from "../../support/temp-dir.js";

/** A stand-in kind binary that logs its argv and KUBECONFIG, and fails when asked to load. */
function fakeKind(dir: string): string {
  const path = join(dir, "kind");
  writeFileSync(
    path,
    `#!/bin/sh
echo "$* | KUBECONFIG=$KUBECONFIG" >> "${dir}/calls"
case "$1 $2" in
  "get clusters") echo kubedrill-r1-a; echo kind ;;
  "load docker-image") echo "ERROR: crictl not found" >&2; exit 3 ;;
  "create cluster") echo "Creating cluster ..." >&2; if [ "$4" = slow ]; then exec sleep 300; fi ;;
esac
`,
  );
  chmodSync(path, 0o755);
  return path;
}

describe("kind CLI", () => {
  const tmp = useTempDir("kind");

  it("always passes a run-private kubeconfig, as a flag and in KUBECONFIG", async () => {
    const lines: string[] = [];
    const kind = new KindCli(fakeKind(tmp.path), { log: (line) => lines.push(line) });
    await kind.createCluster("c1", "/run/c1.yaml", "/run/c1.kubeconfig", 10_000);
    await kind.exportKubeconfig("c1", "/run/c1.kubeconfig");
    await kind.deleteCluster("c1", "/run/c1.kubeconfig");
    const calls = readFileSync(join(tmp.path, "calls"), "utf8").trim().split("\n");
    expect(calls).to.deep.equal([
      "create cluster --name c1 --config /run/c1.yaml --kubeconfig /run/c1.kubeconfig --wait 0s | KUBECONFIG=/run/c1.kubeconfig",
      "export kubeconfig --name c1 --kubeconfig /run/c1.kubeconfig | KUBECONFIG=/run/c1.kubeconfig",
      "delete cluster --name c1 --kubeconfig /run/c1.kubeconfig | KUBECONFIG=/run/c1.kubeconfig",
    ]);
    expect(lines).to.deep.equal(["Creating cluster ..."]);
  });

  it("cancels kind when the signal aborts, and says it was interrupted", async () => {
    const interrupt = new AbortController();
    const kind = new KindCli(fakeKind(tmp.path), { log: () => interrupt.abort(new Error("SIGINT")) });
    const error = await rejectionOf<DrillError>(kind.createCluster("slow", "/run/slow.yaml", "/run/slow.kubeconfig", 600_000, interrupt.signal));
    expect(error.message).to.match(/^\[infrastructure\] kind create cluster interrupted$/m);
    expect(error.pasteable).to.include("create cluster --name slow");
  });

  it("names the binary in the command that deletes a cluster by hand", () => {
    expect(new KindCli("/opt/kind bin/kind").deleteCommand("kubedrill-r1-a", "/run/a.kubeconfig")).to.equal(
      "'/opt/kind bin/kind' delete cluster --name kubedrill-r1-a --kubeconfig /run/a.kubeconfig",
    );
  });

  it("lists clusters", async () => {
    expect(await new KindCli(fakeKind(tmp.path)).getClusters()).to.deep.equal(["kubedrill-r1-a", "kind"]);
  });

  it("turns a failure into a DrillError with the pasteable command, exit code and stderr", async () => {
    const binary = fakeKind(tmp.path);
    const drill = await rejectionOf<DrillError>(new KindCli(binary).loadDockerImage("c1", "busy box:1", 10_000));
    expect(drill).to.be.instanceOf(DrillError);
    expect(drill.stage).to.equal("infrastructure");
    expect(drill.pasteable).to.equal(`${binary} load docker-image 'busy box:1' --name c1`);
    expect(drill.message).to.match(/^\[infrastructure\] kind load docker-image failed/);
    expect(drill.message).to.include("exit code: 3");
    expect(drill.message).to.include("ERROR: crictl not found");
  });
});
