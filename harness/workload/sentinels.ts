import type { V1Pod } from "@kubernetes/client-node";
import type { KubeClients } from "../kube/clients.js";
import { freshNodes } from "../verify/freshness.js";
import { appSelector, SENTINEL, sentinelObjects } from "./manifests.js";

/** SentinelPod is what must survive a drill: identity, placement and restarts. */
export interface SentinelPod {
  name: string;
  uid: string;
  node: string;
  restarts: number;
  ready: boolean;
}

/** deploySentinels creates the witnesses in their own namespace. */
export async function deploySentinels(kube: KubeClients, image: string, webReplicas: number, recordData: Record<string, string>): Promise<void> {
  const o = sentinelObjects(image, webReplicas, recordData);
  const namespace = SENTINEL.namespace;
  await kube.core.createNamespace({ body: o.namespace });
  await kube.core.createNamespacedServiceAccount({ namespace, body: o.serviceAccount });
  await kube.core.createNamespacedSecret({ namespace, body: o.legacySecret });
  await kube.core.createNamespacedConfigMap({ namespace, body: o.record });
  await kube.core.createNamespacedService({ namespace, body: o.service });
  await kube.apps.createNamespacedDeployment({ namespace, body: o.web });
  await kube.apps.createNamespacedDeployment({ namespace, body: o.tokenSentinel });
  await kube.apps.createNamespacedDeployment({ namespace, body: o.scaler });
  await kube.core.createNamespacedService({ namespace, body: o.scalerService });
}

/** writeLateRecord writes the ConfigMap that stands for what was written after the preparation; returns its data. */
export async function writeLateRecord(kube: KubeClients): Promise<Record<string, string>> {
  const data = { writtenAt: new Date().toISOString() };
  await kube.core.createNamespacedConfigMap({ namespace: SENTINEL.namespace, body: { metadata: { name: SENTINEL.lateRecord, namespace: SENTINEL.namespace }, data } });
  return data;
}

/** sentinelPods lists the running pods of one sentinel app. */
export async function sentinelPods(kube: KubeClients, app: string): Promise<SentinelPod[]> {
  const list = await kube.core.listNamespacedPod({ namespace: SENTINEL.namespace, labelSelector: appSelector(app) });
  return list.items.filter((pod) => !pod.metadata?.deletionTimestamp).map(toSentinelPod);
}

/**
 * Throws (so callers retry) until every sentinel is Ready on a node whose kubelet renewed its
 * lease after `since` (a Ready condition nobody could update proves nothing), and the legacy
 * token is issued.
 */
export async function assertSentinelsReady(kube: KubeClients, webReplicas: number, since: number): Promise<void> {
  const [web, tokenPods, fresh] = await Promise.all([sentinelPods(kube, SENTINEL.web), sentinelPods(kube, SENTINEL.tokenSentinel), freshNodes(kube, since)]);
  if (web.length !== webReplicas || !web.every((p) => p.ready)) throw new Error(`web pods Ready: ${web.filter((p) => p.ready).length}/${webReplicas}`);
  if (tokenPods.length !== 1 || !tokenPods[0]!.ready) throw new Error("token-sentinel pod not Ready");
  const stale = [...web, ...tokenPods].filter((p) => !fresh.has(p.node)).map((p) => `${p.name} on ${p.node}`);
  if (stale.length > 0) throw new Error(`Ready status not fresh: the kubelet has not renewed its lease since ${new Date(since).toISOString()} for ${stale.join(", ")}`);
  await legacyToken(kube);
}

/** legacyToken reads the token the token controller put into the legacy Secret. */
export async function legacyToken(kube: KubeClients): Promise<string> {
  const secret = await kube.core.readNamespacedSecret({ name: SENTINEL.legacySecret, namespace: SENTINEL.namespace });
  const encoded = secret.data?.token;
  if (!encoded) throw new Error(`Secret ${SENTINEL.namespace}/${SENTINEL.legacySecret} has no token yet`);
  return Buffer.from(encoded, "base64").toString("utf8");
}

/** mountedToken reads the projected token from inside the token-sentinel pod. */
export async function mountedToken(kube: KubeClients): Promise<string> {
  const [pod] = await sentinelPods(kube, SENTINEL.tokenSentinel);
  if (!pod) throw new Error("no token-sentinel pod");
  return (await kube.execInPod(SENTINEL.namespace, pod.name, "main", ["sh", "-c", "cat /var/run/secrets/kubernetes.io/serviceaccount/token"])).trim();
}

function toSentinelPod(pod: V1Pod): SentinelPod {
  const statuses = pod.status?.containerStatuses ?? [];
  return {
    name: pod.metadata?.name ?? "",
    uid: pod.metadata?.uid ?? "",
    node: pod.spec?.nodeName ?? "",
    restarts: statuses.reduce((sum, s) => sum + s.restartCount, 0),
    ready: pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false,
  };
}
