import { expect } from "chai";
import { layoutFor, type Topology } from "../../../harness/kind/layout.js";
import { leafOperations, type Operation } from "../../../harness/ops/operation.js";
import { loadScenarios } from "../../../harness/scenario/registry.js";
import { planProblems } from "../../../harness/scenario/validate.js";
import { expectationsFor, type Scenario } from "../../../harness/scenario/define.js";
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

  /** The layouts a scenario's plan can run on (an HA runbook refuses one control plane, and the other way round). */
  const runnable = (s: Scenario) => [single, ha].filter((l) => planProblems(s, l).length === 0);
  const scripts = (ops: Operation[]) => ops.filter((op) => op.argv?.[0] === "sh" || op.argv?.[0] === "bash").map((op) => op.argv!.join(" "));

  it("runs every recovery kubeadm command with --config /kind/kubeadm.conf, in every plan and topology", () => {
    for (const s of scenarios.values()) {
      expect(runnable(s), `${s.name} runs on some topology`).to.not.deep.equal([]);
      for (const l of runnable(s)) {
        const recovery = s.recovery(l).flatMap((step) => step.plan(l));
        for (const op of recovery.filter((o) => o.argv?.[0] === "kubeadm")) expect(op.argv!.slice(-2), op.command).to.deep.equal(["--config", KUBEADM_CONFIG]);
        // A breakage or a preparation may use a config derived from it, but always names one.
        for (const op of [...(s.prepare?.(l) ?? []), ...s.breakage(l)].filter((o) => o.argv?.[0] === "kubeadm")) {
          expect(op.argv!.some((arg, i) => (arg === "--config" || arg === "--old-config") && op.argv![i + 1]), op.command).to.equal(true);
        }
        // kubeadm is never hidden inside a shell script, where the rules above could not see it.
        const all = [...(s.prepare?.(l) ?? []), ...allOps(s, l)];
        expect(scripts(all).filter((script) => /\bkubeadm\b/.test(script)), `${s.name}: kubeadm in a script`).to.deep.equal([]);
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

  it("guards moves so a step can run twice, in every plan", () => {
    for (const s of scenarios.values()) {
      for (const l of runnable(s)) {
        for (const cmd of s.recovery(l).flatMap((step) => step.plan(l)).map((op) => op.command).filter((c) => c.includes(" mv "))) {
          expect(cmd, s.name).to.match(/if \[ -f \S+ \]; then mv/);
        }
      }
    }
  });

  it("wipe-etc-kubernetes approves the rejoined kubelets' serving certificates on both topologies", () => {
    const s = scenario("wipe-etc-kubernetes");
    expect(s.cluster).to.deep.equal({ kubeletServingCertificates: true });
    for (const l of [single, ha]) {
      const names = stepNames(s, l);
      expect(names.indexOf("approve-kubelet-serving-csrs"), `on ${l.controlPlanes.length} control plane(s)`).to.be.greaterThan(names.indexOf("rejoin-control-plane-kubelet"));
    }
    const script = s.recovery(single).find((step) => step.name === "approve-kubelet-serving-csrs")!.plan(single)[0]!.argv!.at(-1)!;
    expect(script).to.include(`nodes="${single.nodes.join(" ")}"`);
    expect(script).to.include("certificate approve").and.to.include("openssl verify -CAfile /etc/kubernetes/pki/ca.crt");
    expect(script).to.match(/deadline=\$\(\(SECONDS \+ \d+\)\)/);
  });

  describe("etcd-restore-from-snapshot", () => {
    const s = () => scenario("etcd-restore-from-snapshot");
    const tiny = layout({ controlPlanes: 1, workers: 1 });

    it("backs up outside the data directory before the break, and restores per the etcd guide", () => {
      const backup = s().prepare!(tiny).map((op) => op.argv!.at(-1)!).join("\n");
      expect(backup).to.include("etcdctl --endpoints=https://127.0.0.1:2379").and.to.include("snapshot save /var/lib/etcd-backup/snapshot.db");
      expect(backup).to.include("etcdutl snapshot status -w table /var/lib/etcd-backup/snapshot.db");
      expect(stepNames(s(), tiny)).to.deep.equal(["stop-api-server", "restore-etcd-snapshot", "start-api-server", "restart-control-plane-components", "restart-kubelets"]);
    });

    it("restores into a new data directory as the member the manifest names, with bumped and compacted revisions, while the API server is held out", () => {
      const cmds = commands(s(), tiny);
      const held = indexOf(cmds, /mv \/etc\/kubernetes\/manifests\/kube-apiserver.yaml \/etc\/kubernetes\/kube-apiserver.yaml.hold/);
      const restored = indexOf(cmds, /etcdutl snapshot restore/);
      const back = indexOf(cmds, /mv \/etc\/kubernetes\/kube-apiserver.yaml.hold \/etc\/kubernetes\/manifests\/kube-apiserver.yaml/);
      expect(held).to.be.lessThan(restored);
      expect(restored).to.be.lessThan(back);
      const restore = cmds[restored]!;
      for (const flag of ["--data-dir /var/lib/etcd-restored", '--name "$name"', '--initial-cluster "$cluster"', '--initial-advertise-peer-urls "$peer"', "--bump-revision 1000000000", "--mark-compacted"]) expect(restore).to.include(flag);
      expect(restore).to.include("name=$(etcd_flag name); cluster=$(etcd_flag initial-cluster); peer=$(etcd_flag initial-advertise-peer-urls)");
      // Run twice, it keeps the restored data rather than restoring over what was written since.
      expect(restore).to.match(/if \[ "\$data" = \/var\/lib\/etcd-restored \]; then .*not restoring again"; exit 0; fi/);
      expect(cmds[restored + 1]).to.include("--data-dir=|mountPath: |path: ");
    });

    it("expects what was written after the backup to be lost, and refuses several control planes", () => {
      expect(s().expectations).to.include({ dataLoss: "since-prepare" });
      expect(planProblems(s(), ha).join()).to.include("this runbook restores one control plane");
    });
  });

  describe("ha-etcd-member-lost", () => {
    const s = () => scenario("ha-etcd-member-lost");
    const lost = ha.controlPlanes[1]!;

    it("loses the second control plane's member and replaces it: stop, remove from a peer, re-add with kubeadm", () => {
      expect(s().breakage(ha).map((op) => op.target)).to.deep.equal([lost, lost]);
      expect(stepNames(s(), ha)).to.deep.equal(["stop-etcd-member", "remove-etcd-member", "rejoin-etcd-member", "start-member-api-server"]);
      // The member's API server, which only knows its own etcd, is held out with it and comes back last.
      const stop = s().recovery(ha)[0]!.plan(ha)[0]!.argv!.at(-1)!;
      expect(stop).to.include("mv /etc/kubernetes/manifests/etcd.yaml /etc/kubernetes/etcd.yaml.hold");
      expect(stop).to.include("mv /etc/kubernetes/manifests/kube-apiserver.yaml /etc/kubernetes/kube-apiserver.yaml.hold");
      expect(s().recovery(ha)[3]!.plan(ha).map((op) => op.target)).to.deep.equal([lost, lost, lost]);
      const remove = s().recovery(ha)[1]!.plan(ha);
      expect(remove.map((op) => op.target)).to.deep.equal([ha.primary]);
      const script = remove[0]!.argv!.at(-1)!;
      expect(script).to.include(`get node ${lost}`).and.to.include("member remove");
      // Only a listed member that does not answer healthy is removed.
      expect(script.indexOf("nothing to remove")).to.be.lessThan(script.indexOf("member remove"));
      expect(script.indexOf("is healthy: not removing it")).to.be.lessThan(script.indexOf("member remove"));
    });

    it("re-adds through both of kubeadm's etcd join phases with --config, each skipped once the member is healthy", () => {
      const ops = s().recovery(ha)[2]!.plan(ha);
      const joins = ops.filter((op) => op.argv?.[0] === "kubeadm");
      expect(joins.map((op) => op.argv!.join(" "))).to.deep.equal([
        `kubeadm join phase etcd-join --config ${KUBEADM_CONFIG}`,
        `kubeadm join phase control-plane-join etcd --config ${KUBEADM_CONFIG}`,
      ]);
      for (const op of joins) {
        expect(op.target).to.equal(lost);
        expect(op.command).to.match(/endpoint health' \|\| docker exec --privileged \S+ kubeadm join phase/);
      }
      // The data is cleared first, and only when etcd is not running healthy there.
      expect(ops[0]!.argv!.at(-1)).to.include("keeping its data").and.to.include("rm -rf /var/lib/etcd/member");
      expect(ops.at(-1)!.command).to.match(/^until .*endpoint health/);
    });

    it("asks the API to stay up behind the load balancer, and refuses one control plane", () => {
      expect((s().expectations as { budget: { apiSeconds?: number } }).budget.apiSeconds).to.be.at.most(20);
      expect(planProblems(s(), layout({ controlPlanes: 1, workers: 1 })).join()).to.include("at least two control planes");
    });
  });

  describe("expired-control-plane-certificates", () => {
    const s = () => scenario("expired-control-plane-certificates");
    const tiny = layout({ controlPlanes: 1, workers: 1 });

    it("expires the certificates with a short validity from a migrated v1beta4 config, without a clock change", () => {
      const breakage = s().breakage(tiny);
      const argv = breakage.map((op) => op.argv!.join(" "));
      const migrated = indexOf(argv, /^kubeadm config migrate --old-config \/kind\/kubeadm.conf --new-config (\S+)$/);
      const shortened = indexOf(argv, /s\/\^certificateValidityPeriod: \.\*\/certificateValidityPeriod: \d+m0s\//);
      const renewed = indexOf(argv, /^kubeadm certs renew all --config \/etc\/kubernetes\/tmp\/kubedrill-short-validity.yaml$/);
      expect(migrated).to.be.lessThan(shortened);
      expect(shortened).to.be.lessThan(renewed);
      expect(breakage.at(-1)!.command).to.match(/^until .*openssl x509 -checkend 0 -noout -in \/etc\/kubernetes\/pki\/apiserver.crt/);
      expect(argv.join("\n")).to.not.match(/\bdate\b|timedatectl|faketime/);
    });

    it("expires every control plane's certificates, and expects super-admin.conf only where kubeadm init wrote it", () => {
      const renews = s().breakage(ha).filter((op) => op.argv?.slice(0, 3).join(" ") === "kubeadm certs renew");
      expect(renews.map((op) => op.target)).to.deep.equal(ha.controlPlanes);
      expect(renews.map((op) => op.touches.includes("/etc/kubernetes/super-admin.conf"))).to.deep.equal([true, false, false]);
    });

    it("renews with the node's own config, then restarts each static pod by moving its manifest out and back, etcd first", () => {
      expect(stepNames(s(), tiny)).to.deep.equal(["renew-certificates", "restart-static-pods", "wait-api-server", "refresh-host-kubeconfig"]);
      expect(s().recovery(tiny)[0]!.plan(tiny).map((op) => op.argv!.join(" "))).to.deep.equal([`kubeadm certs renew all --config ${KUBEADM_CONFIG}`]);
      const restarts = s().recovery(tiny)[1]!.plan(tiny).map((op) => op.command);
      const moved = restarts.filter((c) => c.includes(" mv ")).map((c) => /manifests\/(\S+)\.yaml \/etc/.exec(c)?.[1] ?? /mv \/etc\/kubernetes\/(\S+)\.yaml\.hold/.exec(c)?.[1]);
      expect(moved).to.deep.equal(["etcd", "etcd", "kube-apiserver", "kube-apiserver", "kube-controller-manager", "kube-controller-manager", "kube-scheduler", "kube-scheduler"]);
      // Between moving out and back, the kubelet must have stopped the container.
      expect(s().recovery(tiny)[1]!.plan(tiny)[1]!.argv).to.deep.equal(["sh", "-c", `[ -z "$(crictl ps --state running --name '^etcd$' -q)" ]`]);
    });

    it("checks that every certificate is valid for the normal period afterwards", () => {
      expect(s().checks!(tiny).map((c) => c.name)).to.deep.equal(["every control-plane certificate (pki/, kubeconfig client certificates) is valid for at least 300 more days"]);
      expect(expectationsFor(s(), tiny)).to.include({ caRotated: false });
      expect(expectationsFor(s(), ha).budget.recoverySeconds).to.be.greaterThan(expectationsFor(s(), tiny).budget.recoverySeconds);
    });
  });

  it("refuses an unknown kubeadm phase when the plan is built", () => {
    expect(() => initPhase("n", "certs everything")).to.throw(/unknown kubeadm init phase "certs everything"/);
    const step = recoveryStep("custom", "uses an unknown phase", (l) => [initPhase(l.primary, "nope")]);
    expect(() => step.plan(single)).to.throw(/unknown kubeadm init phase/);
  });
});
