import type { KubeClients } from "../kube/clients.js";

/** NodeHeartbeat is the last time a node's kubelet renewed its lease in kube-node-lease. */
export interface NodeHeartbeat {
  node: string;
  renewedAt?: number;
}

/** nodeHeartbeats reads every node lease; the kubelet renews its own every 10 s while it can reach the API. */
export async function nodeHeartbeats(kube: KubeClients): Promise<NodeHeartbeat[]> {
  const leases = await kube.coordination.listNamespacedLease({ namespace: "kube-node-lease" });
  return leases.items.map((lease) => ({
    node: lease.metadata?.name ?? "",
    renewedAt: lease.spec?.renewTime ? new Date(lease.spec.renewTime).getTime() : undefined,
  }));
}

/** freshNodes are the nodes whose kubelet renewed its lease after `since`. */
export async function freshNodes(kube: KubeClients, since: number): Promise<Set<string>> {
  return new Set((await nodeHeartbeats(kube)).filter((h) => h.renewedAt !== undefined && h.renewedAt > since).map((h) => h.node));
}

/** staleNodes lists the nodes not heard from after `since`, each with when it last was. */
export function staleNodes(heartbeats: readonly NodeHeartbeat[], nodes: readonly string[], since: number): string[] {
  return nodes
    .map((node) => ({ node, renewedAt: heartbeats.find((h) => h.node === node)?.renewedAt }))
    .filter((h) => h.renewedAt === undefined || h.renewedAt <= since)
    .map((h) => `${h.node} (${h.renewedAt === undefined ? "no lease" : `lease last renewed ${new Date(h.renewedAt).toISOString()}`})`);
}
