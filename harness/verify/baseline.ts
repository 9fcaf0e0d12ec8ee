import type { DrillCluster } from "../kind/cluster.js";
import type { KubeClients } from "../kube/clients.js";
import { SENTINEL } from "../workload/manifests.js";
import { sentinelPods, type SentinelPod } from "../workload/sentinels.js";
import { captureSnapshot, type ClusterSnapshot } from "./snapshot.js";
import { issueToken } from "./tokens.js";

/** Baseline is what kubedrill recorded before the breakage, to compare against afterwards. */
export interface Baseline {
  snapshot: ClusterSnapshot;
  webPods: SentinelPod[];
  preDrillToken: string;
  record: Record<string, string>;
}

export async function captureBaseline(cluster: DrillCluster, kube: KubeClients): Promise<Baseline> {
  const record = await kube.core.readNamespacedConfigMap({ name: SENTINEL.record, namespace: SENTINEL.namespace });
  return {
    snapshot: await captureSnapshot(cluster, kube),
    webPods: await sentinelPods(kube, SENTINEL.web),
    preDrillToken: await issueToken(kube),
    record: record.data ?? {},
  };
}
