import { expect } from "chai";
import { layoutFor, type Topology } from "../../../harness/kind/layout.js";
import { leafOperations, type Operation } from "../../../harness/ops/operation.js";
import { loadScenarios } from "../../../harness/scenario/registry.js";
import type { Scenario } from "../../../harness/scenario/define.js";
import { KCM_HOLD, KUBEADM_CONFIG, recoveryStep, regenerateServiceAccountKeys } from "../../../recovery/index.js";
import { initPhase } from "../../../recovery/kubeadm.js";

const layout = (topology: Topology) => layoutFor("kubedrill-t1-x", topology, "/run/x.kubeconfig");
const single = layout({ controlPlanes: 1, workers: 2 });
const ha = layout({ controlPlanes: 3, workers: 1 });

const stepNames = (s: Scenario, l = single) => s.recovery(l).map((step) => step.name);
const allOps = (s: Scenario, l = single): Operation[] => leafOperations([...s.breakage(l), ...s.recovery(l).flatMap((step) => step.plan(l))]);
const commands = (s: Scenario, l = single) => allOps(s, l).map((op) => op.command);
const indexOf = (list: string[], pattern: RegExp) => {
  const i = list.findIndex((c) => pattern.test(c));
  expect(i, `a command matching ${pattern}`).to.be.at.least(0);
  return i;
};

describe("recovery plans", () => {
  let scenarios: Map<string, Scenario>;
  before(async () => {
    scenarios = new Map((await loadScenarios()).all.map((s) => [s.name, s]));
  });
  const scenario = (name: string) => scenarios.get(name)!;

  it("runs every kubeadm command with --config /kind/kubeadm.conf, in every plan and topology", () => {
    for (const s of scenarios.values()) {
      for (const l of [single, ha]) {
        const kubeadmOps = allOps(s, l).filter((op) => op.argv?.[0] === "kubeadm");
        for (const op of kubeadmOps) expect(op.argv!.slice(-2), op.command).to.deep.equal(["--config", KUBEADM_CONFIG]);
        // kubeadm is never hidden inside a shell script, where the rule above could not see it.
        const scripts = allOps(s, l).filter((op) => op.argv?.[0] === "sh" || op.argv?.[0] === "bash").map((op) => op.argv!.join(" "));
        expect(scripts.filter((script) => /\bkubeadm\b/.test(script)), `${s.name}: kubeadm in a script`).to.deep.equal([]);
      }
    }
  });

  it("wipe-etc-kubernetes (1 control plane) follows the runbook order", () => {
    expect(stepNames(scenario("wipe-etc-kubernetes"))).to.deep.equal([
      "stop-control-plane-containers",
      "etcd-certs-and-local-member",
      "certs-all",
      "kubeconfig-all",
      "control-plane-all",
      "rejoin-control-plane-kubelet",
      "wait-api-server",
      "release-dead-leader-leases",
      "refresh-host-kubeconfig",
      "bootstrap-token",
      "rejoin-worker-kubelets",
      "restore-controller-manager",
      "approve-kubelet-serving-csrs",
      "restart-system-workloads",
      "reissue-legacy-tokens",
    ]);
  });

  it("holds kube-controller-manager out from right after control-plane-all until every kubelet rejoined", () => {
    const cmds = commands(scenario("wipe-etc-kubernetes"));
    const written = indexOf(cmds, /init phase control-plane all/);
    const held = indexOf(cmds, new RegExp(`mv /etc/kubernetes/manifests/kube-controller-manager.yaml ${KCM_HOLD}`));
    const lastFinalize = cmds.findLastIndex((c) => /worker2 bash -c 'set -euo pipefail\n?kubectl --kubeconfig \/etc\/kubernetes\/kubelet.conf config set-credentials/.test(c));
    const restored = indexOf(cmds, new RegExp(`mv ${KCM_HOLD} /etc/kubernetes/manifests/kube-controller-manager.yaml`));
    expect(held).to.equal(written + 1);
    expect(lastFinalize).to.be.at.least(0);
    expect(restored).to.be.greaterThan(lastFinalize);
    // Tokens are only re-issued by the controller manager, so that comes after it is back.
    expect(indexOf(cmds, /"data":\{"token":null\}/)).to.be.greaterThan(restored);
  });

  it("rejoins each kubelet on fresh credentials: stdout-only kubeconfig, CA copied, old pki removed, repointed after the cert exists", () => {
    const step = scenario("wipe-etc-kubernetes").recovery(single).find((s) => s.name === "rejoin-worker-kubelets")!;
    expect(step.plan(single).map((op) => op.parts?.length), "one op running both workers' lanes at once").to.deep.equal([12]);
    const ops = leafOperations(step.plan(single));
    const forWorker = ops.filter((op) => op.command.includes("worker2")).map((op) => op.command);
    expect(forWorker).to.have.length(6);
    expect(forWorker[0]).to.match(/kubeadm kubeconfig user --org system:nodes --client-name system:node:kubedrill-t1-x-worker2 --config \/kind\/kubeadm.conf > kubedrill-t1-x-worker2.kubelet.conf$/);
    expect(forWorker[1]).to.match(/control-plane cat \/etc\/kubernetes\/pki\/ca.crt \| docker exec -i --privileged kubedrill-t1-x-worker2 /);
    expect(forWorker[2]).to.match(/chmod 600 .* \/etc\/kubernetes\/kubelet.conf < kubedrill-t1-x-worker2.kubelet.conf$/);
    expect(forWorker[3]).to.include("rm -rf /var/lib/kubelet/pki\nsystemctl restart kubelet");
    expect(forWorker[4]).to.match(/^until .*kubelet-client-current.pem/);
    expect(forWorker[5]).to.include(
      "kubectl --kubeconfig /etc/kubernetes/kubelet.conf config set-credentials system:node:kubedrill-t1-x-worker2 --client-certificate=/var/lib/kubelet/pki/kubelet-client-current.pem",
    );
    expect(forWorker[5]).to.match(/\nsystemctl restart kubelet'$/);

    const cp = commands(scenario("wipe-etc-kubernetes"));
    const cleared = indexOf(cp, /systemctl stop kubelet\nrm -rf \/var\/lib\/kubelet\/pki \/etc\/kubernetes\/kubelet.conf/);
    expect(cleared).to.be.lessThan(indexOf(cp, /control-plane kubeadm init phase kubeconfig kubelet/));
    expect(indexOf(cp, /control-plane kubeadm init phase kubeconfig kubelet/)).to.be.lessThan(indexOf(cp, /control-plane kubeadm init phase kubelet-start/));
  });

  it("refreshes the host kubeconfig with kind after the CA changed, into the run-private file", () => {
    const cmds = commands(scenario("wipe-etc-kubernetes"));
    const exported = indexOf(cmds, /^kind export kubeconfig --name kubedrill-t1-x --kubeconfig \/run\/x.kubeconfig$/);
    expect(exported).to.be.greaterThan(indexOf(cmds, /init phase certs all/));
  });

  it("wipe-etc-kubernetes with several control planes copies the shared PKI from a healthy peer instead of rotating the CA", () => {
    const s = scenario("wipe-etc-kubernetes");
    const names = stepNames(s, ha);
    expect(names).to.include("copy-shared-pki-from-peer");
    expect(names).to.not.include.members(["rejoin-worker-kubelets", "bootstrap-token", "restart-service-account-pods"]);
    const copies = commands(s, ha).filter((c) => c.includes("control-plane2 cat /etc/kubernetes/pki/"));
    expect(copies.map((c) => /pki\/(\S+) \|/.exec(c)![1])).to.have.members(["ca.crt", "ca.key", "front-proxy-ca.crt", "front-proxy-ca.key", "sa.key", "sa.pub", "etcd/ca.crt", "etcd/ca.key"]);
    expect(typeof s.expectations === "function" && s.expectations(ha)).to.include({ caRotated: false, preDrillToken: "valid" });
  });

  it("delete-sa-key regenerates the key pair, restarts its users and re-issues tokens", () => {
    expect(stepNames(scenario("delete-sa-key"))).to.deep.equal([
      "regenerate-sa-keys",
      "restart-control-plane-components",
      "wait-api-server",
      "restart-system-workloads",
      "reissue-legacy-tokens",
      "restart-service-account-pods",
    ]);
    // With a healthy peer, the peer's keys come back instead: existing tokens stay valid.
    const haFirst = scenario("delete-sa-key").recovery(ha)[0]!;
    expect(haFirst.name).to.equal("copy-shared-pki-from-peer");
    expect(haFirst.plan(ha).flatMap((op) => op.touches)).to.deep.equal(["/etc/kubernetes/pki/sa.key", "/etc/kubernetes/pki/sa.pub"]);
  });

  it("gives every control plane the same new SA key pair", () => {
    const targets = regenerateServiceAccountKeys().plan(ha).map((op) => [op.target, op.touches.join(" ")]);
    expect(targets).to.deep.equal([
      [ha.primary, "/etc/kubernetes/pki/sa.key /etc/kubernetes/pki/sa.pub"],
      [ha.controlPlanes[1], "/etc/kubernetes/pki/sa.key"],
      [ha.controlPlanes[1], "/etc/kubernetes/pki/sa.pub"],
      [ha.controlPlanes[2], "/etc/kubernetes/pki/sa.key"],
      [ha.controlPlanes[2], "/etc/kubernetes/pki/sa.pub"],
    ]);
  });

  it("kill-control-plane-pods only watches the kubelet recover, on every control plane", () => {
    const s = scenario("kill-control-plane-pods");
    expect(stepNames(s)).to.deep.equal(["wait-control-plane-containers", "wait-api-server"]);
    expect(s.breakage(ha).map((op) => op.target)).to.deep.equal(ha.controlPlanes);
    expect(allOps(s).filter((op) => op.argv?.[0] === "kubeadm")).to.have.length(0);
  });

  it("guards moves so a step can run twice", () => {
    for (const cmd of commands(scenario("wipe-etc-kubernetes")).filter((c) => c.includes(" mv "))) {
      expect(cmd).to.match(/if \[ -f \S+ \]; then mv/);
    }
  });

  it("refuses an unknown kubeadm phase when the plan is built", () => {
    expect(() => initPhase("n", "certs everything")).to.throw(/unknown kubeadm init phase "certs everything"/);
    const step = recoveryStep("custom", "uses an unknown phase", (l) => [initPhase(l.primary, "nope")]);
    expect(() => step.plan(single)).to.throw(/unknown kubeadm init phase/);
  });
});
