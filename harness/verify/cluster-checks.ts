import { expect } from "chai";
import { etcdEndpointHealth } from "../node/commands.js";
import { SENTINEL } from "../workload/manifests.js";
import type { Check } from "./check.js";
import type { VerifyInput } from "./input.js";
import { captureFingerprints, fingerprint } from "./snapshot.js";

/** nodesReady: every node of the layout is registered and Ready. */
export const nodesReady = ({ kube, cluster }: Pick<VerifyInput, "kube" | "cluster">): Check => ({
  name: "all nodes Ready",
  async run() {
    const nodes = (await kube.core.listNode()).items;
    const ready = (n: (typeof nodes)[number]) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True");
    expect(nodes.map((n) => n.metadata?.name).sort(), "nodes registered").to.deep.equal([...cluster.layout.nodes].sort());
    expect(nodes.filter((n) => !ready(n)).map((n) => n.metadata?.name), "nodes not Ready").to.deep.equal([]);
  },
});

/** apiServerReady: every /readyz check reports ok. */
export const apiServerReady = ({ kube }: Pick<VerifyInput, "kube">): Check => ({
  name: "/readyz?verbose all ok",
  async run() {
    const { status, body } = await kube.rawGet("/readyz?verbose");
    const failing = body.split("\n").filter((line) => line.startsWith("[-]"));
    expect(failing, "failing /readyz checks").to.deep.equal([]);
    expect(status, "/readyz HTTP status").to.equal(200);
  },
});

/** System daemonsets and deployments (DNS, proxy, pod network) run on current credentials. */
const systemWorkloadsAvailable = ({ kube }: VerifyInput): Check => ({
  name: "kube-system daemonsets and deployments are fully available",
  async run() {
    const [daemonSets, deployments] = await Promise.all([
      kube.apps.listNamespacedDaemonSet({ namespace: "kube-system" }),
      kube.apps.listNamespacedDeployment({ namespace: "kube-system" }),
    ]);
    const short = [
      ...daemonSets.items
        .filter((d) => (d.status?.numberAvailable ?? 0) < (d.status?.desiredNumberScheduled ?? 0) || (d.status?.updatedNumberScheduled ?? 0) < (d.status?.desiredNumberScheduled ?? 0))
        .map((d) => `daemonset/${d.metadata?.name}`),
      ...deployments.items
        .filter((d) => (d.status?.availableReplicas ?? 0) < (d.spec?.replicas ?? 1) || (d.status?.updatedReplicas ?? 0) < (d.spec?.replicas ?? 1))
        .map((d) => `deployment/${d.metadata?.name}`),
    ];
    expect(short, "kube-system workloads not fully rolled out and available").to.deep.equal([]);
  },
});

const etcdHealthy = ({ cluster }: VerifyInput): Check[] =>
  cluster.layout.controlPlanes.map((name) => ({
    name: `etcd endpoint healthy on ${name}`,
    async run() {
      const result = await cluster.node(name).exec(etcdEndpointHealth(), { check: false });
      expect(`${result.stdout}${result.stderr}`, `etcdctl endpoint health (exit ${result.exitCode})`).to.include("is healthy");
    },
  }));

const caAsExpected = ({ cluster, baseline, expectations }: VerifyInput): Check => ({
  name: expectations.caRotated ? "cluster CA was replaced" : "cluster CA is unchanged",
  async run() {
    const key = `${cluster.layout.primary}:ca.crt`;
    const now = (await captureFingerprints(cluster))[key];
    const before = baseline.snapshot.fingerprints[key];
    if (expectations.caRotated) expect(now, "CA fingerprint after the drill (expected a new CA)").to.not.equal(before);
    else expect(now, "CA fingerprint after the drill (expected the same CA)").to.equal(before);
  },
});

/** Every node's ca.crt, cluster-info, kube-root-ca.crt and the host kubeconfig must carry the current CA. */
const caTrustedEverywhere = ({ cluster, kube }: VerifyInput): Check => ({
  name: "every node, cluster-info, kube-root-ca.crt and the host kubeconfig trust the current CA",
  async run() {
    const prints = await captureFingerprints(cluster);
    const current = prints[`${cluster.layout.primary}:ca.crt`];
    const nodeCas = Object.fromEntries(cluster.layout.nodes.map((n) => [n, prints[`${n}:ca.crt`]]));
    expect(nodeCas, "ca.crt fingerprint per node").to.deep.equal(Object.fromEntries(cluster.layout.nodes.map((n) => [n, current])));

    const clusterInfo = await kube.core.readNamespacedConfigMap({ name: "cluster-info", namespace: "kube-public" });
    const caData = /certificate-authority-data:\s*(\S+)/.exec(clusterInfo.data?.kubeconfig ?? "")?.[1];
    expect(caData && fingerprint("ca.crt", Buffer.from(caData, "base64")), "kube-public/cluster-info CA").to.equal(current);

    const rootCa = await kube.core.readNamespacedConfigMap({ name: "kube-root-ca.crt", namespace: SENTINEL.namespace });
    expect(fingerprint("ca.crt", Buffer.from(rootCa.data?.["ca.crt"] ?? "")), `${SENTINEL.namespace}/kube-root-ca.crt`).to.equal(current);

    const hostCa = kube.caCertificate();
    expect(hostCa && fingerprint("ca.crt", hostCa), "host kubeconfig CA").to.equal(current);
  },
});

/** clusterChecks cover the control plane itself: nodes, API server, etcd, system workloads and the CA. */
export function clusterChecks(input: VerifyInput): Check[] {
  return [nodesReady(input), apiServerReady(input), ...etcdHealthy(input), systemWorkloadsAvailable(input), caAsExpected(input), caTrustedEverywhere(input)];
}
