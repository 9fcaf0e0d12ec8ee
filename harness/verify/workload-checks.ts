import { expect } from "chai";
import { SENTINEL } from "../workload/manifests.js";
import { sentinelPods } from "../workload/sentinels.js";
import type { Check } from "./check.js";
import type { VerifyInput } from "./input.js";

const podsKept = ({ kube, baseline }: VerifyInput): Check => ({
  name: "sentinel web pods kept their UIDs",
  async run() {
    const now = await sentinelPods(kube, SENTINEL.web);
    expect(now.map((p) => p.uid).sort(), "web pod UIDs after the drill").to.deep.equal(baseline.webPods.map((p) => p.uid).sort());
  },
});

const restartsWithinLimit = ({ kube, baseline, expectations }: VerifyInput): Check => {
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

const recordUnchanged = ({ kube, baseline }: VerifyInput): Check => ({
  name: "the ConfigMap written before the drill reads back unchanged",
  async run() {
    const record = await kube.core.readNamespacedConfigMap({ name: SENTINEL.record, namespace: SENTINEL.namespace });
    expect(record.data, `${SENTINEL.namespace}/${SENTINEL.record} data`).to.deep.equal(baseline.record);
  },
});

/** Logs and exec go API server → kubelet: they prove the kubelet trusts the API server's client certificate. */
const logsAndExecOnWorker = ({ kube, cluster }: VerifyInput): Check => ({
  name: "logs and exec work on a worker pod",
  async run() {
    const pods = await sentinelPods(kube, SENTINEL.web);
    const pod = pods.find((p) => cluster.layout.workers.includes(p.node)) ?? pods[0];
    expect(pod, "a running web pod").to.not.equal(undefined);
    const log = await kube.core.readNamespacedPodLog({ name: pod!.name, namespace: SENTINEL.namespace });
    expect(log, `logs of ${pod!.name}`).to.include(SENTINEL.marker);
    const served = await kube.execInPod(SENTINEL.namespace, pod!.name, "main", ["sh", "-c", "cat /www/index.html"]);
    expect(served, `exec in ${pod!.name}`).to.include(SENTINEL.marker);
  },
});

/** workloadChecks cover what users run: pods, their data, and the kubelet paths to them. */
export function workloadChecks(input: VerifyInput): Check[] {
  return [
    ...(input.expectations.workloadsKeepPods ? [podsKept(input)] : []),
    restartsWithinLimit(input),
    recordUnchanged(input),
    logsAndExecOnWorker(input),
  ];
}
