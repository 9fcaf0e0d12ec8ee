import { expect } from "chai";
import { SENTINEL } from "../workload/manifests.js";
import { assertSentinelsReady, sentinelPods } from "../workload/sentinels.js";
import type { Check } from "./check.js";
import type { VerifyInput } from "./input.js";

export const podsKept = ({ kube, baseline }: VerifyInput): Check => ({
  name: "sentinel web pods kept their UIDs",
  async run() {
    const now = await sentinelPods(kube, SENTINEL.web);
    expect(now.map((p) => p.uid).sort(), "web pod UIDs after the drill").to.deep.equal(baseline.webPods.map((p) => p.uid).sort());
  },
});

export const restartsWithinLimit = ({ kube, baseline, expectations }: VerifyInput): Check => {
  const allowed = expectations.sentinelRestarts ?? 0;
  return {
    name: `sentinel web pods restarted at most ${allowed} time(s)`,
    async run() {
      const before = new Map(baseline.webPods.map((p) => [p.uid, p.restarts]));
      const extra = (await sentinelPods(kube, SENTINEL.web)).map((p) => ({ pod: p.name, restarts: p.restarts - (before.get(p.uid) ?? 0) }));
      expect(extra.filter((p) => p.restarts > allowed), "pods over the restart limit").to.deep.equal([]);
    },
  };
};

export const recordUnchanged = ({ kube, baseline }: VerifyInput): Check => ({
  name: "the ConfigMap written before the drill reads back unchanged",
  async run() {
    const record = await kube.core.readNamespacedConfigMap({ name: SENTINEL.record, namespace: SENTINEL.namespace });
    expect(record.data, `${SENTINEL.namespace}/${SENTINEL.record} data`).to.deep.equal(baseline.record);
  },
});

/**
 * Logs and exec go API server → kubelet: they prove each kubelet trusts the API server's
 * client certificate. Every worker must host a web pod and pass, not just one of them.
 */
export const logsAndExecOnEveryWorker = ({ kube, cluster }: Pick<VerifyInput, "kube" | "cluster">): Check => ({
  name: "logs and exec work on a web pod on every worker",
  async run() {
    const pods = await sentinelPods(kube, SENTINEL.web);
    const nodes = cluster.layout.workers.length > 0 ? cluster.layout.workers : [cluster.layout.primary];
    const missing = nodes.filter((node) => !pods.some((p) => p.node === node));
    expect(missing, "nodes without a running web pod").to.deep.equal([]);
    for (const node of nodes) {
      const pod = pods.find((p) => p.node === node)!;
      const log = await kube.core.readNamespacedPodLog({ name: pod.name, namespace: SENTINEL.namespace });
      expect(log, `logs of ${pod.name} on ${node}`).to.include(SENTINEL.marker);
      const served = await kube.execInPod(SENTINEL.namespace, pod.name, "main", ["sh", "-c", "cat /www/index.html"]);
      expect(served, `exec in ${pod.name} on ${node}`).to.include(SENTINEL.marker);
    }
  },
});

/** readLateRecord reads the ConfigMap written just before the breakage; undefined when it is gone. */
export async function readLateRecord(kube: VerifyInput["kube"]): Promise<Record<string, string> | undefined> {
  try {
    return (await kube.core.readNamespacedConfigMap({ name: SENTINEL.lateRecord, namespace: SENTINEL.namespace })).data ?? {};
  } catch (error) {
    if ((error as { code?: number }).code === 404) return undefined;
    throw error;
  }
}

/**
 * lateWrites: what was written after the preparation (just before the breakage) survived,
 * or, when the drill restores a backup taken in the preparation, is gone.
 */
export const lateWrites = ({ kube, expectations, lateRecord }: Pick<VerifyInput, "kube" | "expectations" | "lateRecord">): Check => {
  const lost = expectations.dataLoss === "since-prepare";
  return {
    name: lost
      ? `${SENTINEL.namespace}/${SENTINEL.lateRecord}, written after the preparation, is gone (restored to before it)`
      : `${SENTINEL.namespace}/${SENTINEL.lateRecord}, written just before the breakage, reads back unchanged`,
    async run() {
      const now = await readLateRecord(kube);
      if (lost) expect(now, `${SENTINEL.lateRecord} after the drill`).to.equal(undefined);
      else expect(now, `${SENTINEL.lateRecord} after the drill`).to.deep.equal(lateRecord);
    },
  };
};

/**
 * controllersAct: a change made after recovery is carried out all the way: the controller
 * manager and scheduler act on it (watching fresh data), a kubelet starts the pod, and
 * kube-proxy on every node programs the new endpoint, which it only sees if it can still
 * talk to the API server (a kube-proxy holding the old CA or token keeps serving stale rules).
 */
export const controllersAct = ({ kube, cluster, dataPlane }: Pick<VerifyInput, "kube" | "cluster" | "dataPlane">): Check => ({
  name: `a change made after recovery is carried out: Deployment ${SENTINEL.scaler} scaled to 1 is available and answers through every node's NodePort`,
  async run() {
    const scaler = await kube.apps.readNamespacedDeployment({ name: SENTINEL.scaler, namespace: SENTINEL.namespace });
    if (scaler.spec!.replicas !== 1) {
      scaler.spec!.replicas = 1;
      await kube.apps.replaceNamespacedDeployment({ name: SENTINEL.scaler, namespace: SENTINEL.namespace, body: scaler });
    }
    const now = await kube.apps.readNamespacedDeployment({ name: SENTINEL.scaler, namespace: SENTINEL.namespace });
    expect(now.status?.observedGeneration ?? 0, "generation the controller has seen").to.be.at.least(now.metadata?.generation ?? 1);
    expect(now.status?.availableReplicas ?? 0, `available ${SENTINEL.scaler} replicas`).to.equal(1);
    const answers = await Promise.all(cluster.layout.nodes.map((node) => dataPlane.get(node, SENTINEL.scalerNodePort)));
    const silent = cluster.layout.nodes.filter((_, i) => !answers[i]!.includes(SENTINEL.marker));
    expect(silent, `nodes whose NodePort ${SENTINEL.scalerNodePort} does not reach the new ${SENTINEL.scaler} pod`).to.deep.equal([]);
  },
});

/**
 * dnsFollowsTheApi: a Service created after recovery resolves from the pods on every worker,
 * which only a CoreDNS that still watches the API server (current CA and token) can do.
 */
export const dnsFollowsTheApi = ({ kube, cluster }: Pick<VerifyInput, "kube" | "cluster">): Check => ({
  name: `cluster DNS resolves a Service created after recovery (${SENTINEL.freshService}) from every worker's web pod`,
  async run() {
    const service = { metadata: { name: SENTINEL.freshService, namespace: SENTINEL.namespace }, spec: { selector: { "app.kubernetes.io/name": SENTINEL.scaler }, ports: [{ port: 80 }] } };
    await kube.core.createNamespacedService({ namespace: SENTINEL.namespace, body: service }).catch((error: { code?: number }) => {
      if (error.code !== 409) throw error; // created by an earlier pass
    });
    const name = `${SENTINEL.freshService}.${SENTINEL.namespace}.svc.cluster.local`;
    const pods = await sentinelPods(kube, SENTINEL.web);
    const nodes = cluster.layout.workers.length > 0 ? cluster.layout.workers : [cluster.layout.primary];
    const lookups = nodes.flatMap((node) => {
      const pod = pods.find((p) => p.node === node);
      expect(pod, `a web pod on ${node}`).to.not.equal(undefined);
      // Twice from each: CoreDNS runs two replicas, and each must answer.
      return [1, 2].map(async (attempt) => {
        const answer = await kube.execInPod(SENTINEL.namespace, pod!.name, "main", ["nslookup", name]);
        expect(answer, `nslookup ${name} in ${pod!.name} (attempt ${attempt})`).to.match(/Address:?\s+\d+\.\d+\.\d+\.\d+\s*$/m);
      });
    });
    await Promise.all(lookups);
  },
});

/** sentinelsReady: every sentinel pod Ready on a node heard from after the break, and the legacy token issued. */
export const sentinelsReady = ({ kube, since, webReplicas }: Pick<VerifyInput, "kube" | "since" | "webReplicas">): Check => ({
  name: "sentinel pods Ready on nodes heard from after the break",
  run: () => assertSentinelsReady(kube, webReplicas, since),
});
