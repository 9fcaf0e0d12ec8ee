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

/** sentinelsReady: every sentinel pod Ready on a node heard from after the break, and the legacy token issued. */
export const sentinelsReady = ({ kube, since, webReplicas }: Pick<VerifyInput, "kube" | "since" | "webReplicas">): Check => ({
  name: "sentinel pods Ready on nodes heard from after the break",
  run: () => assertSentinelsReady(kube, webReplicas, since),
});
