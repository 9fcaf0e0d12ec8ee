import { expect } from "chai";
import { etcdEndpointHealth, etcdMembership } from "../node/commands.js";
import { SENTINEL } from "../workload/manifests.js";
import type { Check } from "./check.js";
import { etcdMembershipProblems } from "./etcd-membership.js";
import { nodeHeartbeats, staleNodes } from "./freshness.js";
import type { ClusterAccess, Freshness, VerifyInput } from "./input.js";
import { MISSING, captureFingerprints, fingerprint } from "./snapshot.js";

/**
 * nodesFreshAndReady: every node of the layout is registered, Ready, and its kubelet renewed
 * its lease after `since`. Ready alone can be stale: while the API server or the controller
 * manager is down nobody updates it, so a kubelet that never came back still reads Ready.
 */
export const nodesFreshAndReady = ({ kube, cluster, since }: ClusterAccess & Freshness, sinceWhat = "the break"): Check => ({
  name: `all nodes Ready, each kubelet heard from after ${sinceWhat}`,
  async run() {
    const [nodes, heartbeats] = await Promise.all([kube.core.listNode(), nodeHeartbeats(kube)]);
    const ready = (n: (typeof nodes.items)[number]) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True");
    expect(nodes.items.map((n) => n.metadata?.name).sort(), "nodes registered").to.deep.equal([...cluster.layout.nodes].sort());
    expect(nodes.items.filter((n) => !ready(n)).map((n) => n.metadata?.name), "nodes not Ready").to.deep.equal([]);
    expect(staleNodes(heartbeats, cluster.layout.nodes, since), `nodes whose kubelet has not renewed its lease since ${new Date(since).toISOString()}`).to.deep.equal([]);
  },
});

/** apiServerReady: every /readyz check reports ok, asked with the (current) admin credentials. */
export const apiServerReady = ({ kube }: Pick<ClusterAccess, "kube">): Check => ({
  name: "/readyz?verbose all ok",
  async run() {
    const { status, body } = await kube.rawGet("/readyz?verbose");
    const failing = body.split("\n").filter((line) => line.startsWith("[-]"));
    expect(failing, "failing /readyz checks").to.deep.equal([]);
    expect(status, "/readyz HTTP status").to.equal(200);
  },
});

/**
 * apiAnswersReadyz asks /readyz anonymously without verifying the serving certificate, so
 * it sees the API server come back even while the cluster CA is being replaced.
 */
export const apiAnswersReadyz = ({ kube }: Pick<ClusterAccess, "kube">): Check => ({
  name: "/readyz answers 200 (anonymous; serving certificate not verified, since the CA may change)",
  async run() {
    const { status, body } = await kube.anonymousGet("/readyz");
    expect(status, `/readyz HTTP status (body: ${body.trim().slice(0, 200)})`).to.equal(200);
  },
});

/** System daemonsets and deployments (DNS, proxy, pod network) run on current credentials. */
export const systemWorkloadsAvailable = ({ kube }: VerifyInput): Check => ({
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

/**
 * etcdHealthy asks each control plane's etcd through crictl and etcdctl (it works while the API
 * server is down), then the membership: one started, voting member per control plane, one leader.
 * A healthy endpoint alone misses a member that was lost and never replaced.
 */
export const etcdHealthy = ({ cluster }: Pick<ClusterAccess, "cluster">): Check[] => {
  const { controlPlanes, primary } = cluster.layout;
  return [
    ...controlPlanes.map((name) => ({
      name: `etcd endpoint healthy on ${name}`,
      async run() {
        const result = await cluster.node(name).exec(etcdEndpointHealth(), { check: false });
        expect(`${result.stdout}${result.stderr}`, `etcdctl endpoint health (exit ${result.exitCode})`).to.include("is healthy");
      },
    })),
    {
      name: `etcd has ${controlPlanes.length} started voting member(s), one per control plane, and one leader`,
      async run() {
        const result = await cluster.node(primary).exec(etcdMembership(), { check: false });
        expect(etcdMembershipProblems(result.stdout, controlPlanes), `etcd membership seen from ${primary} (etcdctl exit ${result.exitCode}: ${result.stderr.trim().split("\n").at(-1)})`).to.deep.equal([]);
      },
    },
  ];
};

export const caAsExpected = ({ cluster, baseline, expectations }: VerifyInput): Check => ({
  name: expectations.caRotated ? "cluster CA was replaced" : "cluster CA is unchanged",
  async run() {
    const key = `${cluster.layout.primary}:ca.crt`;
    const now = (await captureFingerprints(cluster))[key];
    const before = baseline.snapshot.fingerprints[key];
    expect(now, `${key} after the drill`).to.not.equal(MISSING);
    if (expectations.caRotated) expect(now, "CA fingerprint after the drill (expected a new CA)").to.not.equal(before);
    else expect(now, "CA fingerprint after the drill (expected the same CA)").to.equal(before);
  },
});

/** Every node's ca.crt, cluster-info, kube-root-ca.crt and the host kubeconfig must carry the current CA. */
export const caTrustedEverywhere = ({ cluster, kube }: VerifyInput): Check => ({
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
