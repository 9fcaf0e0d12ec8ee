import { X509Certificate, createHash } from "node:crypto";
import type { DrillCluster } from "../kind/cluster.js";
import type { KubeClients } from "../kube/clients.js";

/** Files whose fingerprints show whether the cluster identity changed. */
const CONTROL_PLANE_FILES = ["ca.crt", "front-proxy-ca.crt", "etcd/ca.crt", "apiserver.crt", "sa.pub"];
const WORKER_FILES = ["ca.crt"];
const PKI = "/etc/kubernetes/pki";

export interface NodeRow {
  name: string;
  ready: boolean;
  kubeletVersion: string;
}

export interface PodRow {
  pod: string;
  uid: string;
  node: string;
  phase: string;
  restarts: number;
}

/** ClusterSnapshot is the cluster's state at one moment, attached before and after a drill. */
export interface ClusterSnapshot {
  nodes: NodeRow[];
  pods: PodRow[];
  /** `<node>:<file>` → SHA-256 fingerprint ("missing" when the file is gone). */
  fingerprints: Record<string, string>;
}

/** captureSnapshot reads nodes and pods from the API and certificates from the nodes. */
export async function captureSnapshot(cluster: DrillCluster, kube: KubeClients): Promise<ClusterSnapshot> {
  const [nodes, pods, fingerprints] = await Promise.all([
    kube.core.listNode(),
    kube.core.listPodForAllNamespaces(),
    captureFingerprints(cluster),
  ]);
  return {
    nodes: nodes.items.map((n) => ({
      name: n.metadata?.name ?? "",
      ready: n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false,
      kubeletVersion: n.status?.nodeInfo?.kubeletVersion ?? "",
    })),
    pods: pods.items.map((p) => ({
      pod: `${p.metadata?.namespace}/${p.metadata?.name}`,
      uid: p.metadata?.uid ?? "",
      node: p.spec?.nodeName ?? "",
      phase: p.status?.phase ?? "",
      restarts: (p.status?.containerStatuses ?? []).reduce((sum, s) => sum + s.restartCount, 0),
    })),
    fingerprints,
  };
}

/** The fingerprint recorded for a file that does not exist. */
export const MISSING = "missing";

/** captureFingerprints reads PKI files through docker exec, so it works while the API is down. */
export async function captureFingerprints(cluster: DrillCluster): Promise<Record<string, string>> {
  const entries = await Promise.all(
    cluster.nodes().flatMap((node) =>
      (node.role === "control-plane" ? CONTROL_PLANE_FILES : WORKER_FILES).map(async (file) => {
        const path = `${PKI}/${file}`;
        const content = (await node.exists(path)) ? await node.readFile(path) : undefined;
        return [`${node.name}:${file}`, content ? fingerprint(file, content) : MISSING] as const;
      }),
    ),
  );
  return Object.fromEntries(entries);
}

/** fingerprint is the certificate's SHA-256 fingerprint, or a plain SHA-256 for keys. */
export function fingerprint(file: string, content: Buffer): string {
  if (file.endsWith(".crt")) return new X509Certificate(content).fingerprint256;
  return createHash("sha256").update(content).digest("hex");
}

/** renderSnapshot is the text attachment: one line per node, pod and fingerprint. */
export function renderSnapshot(snapshot: ClusterSnapshot): string {
  return [
    "NODES",
    ...snapshot.nodes.map((n) => `  ${n.name}  ${n.ready ? "Ready" : "NotReady"}  ${n.kubeletVersion}`),
    "PODS (namespace/name uid node phase restarts)",
    ...snapshot.pods.map((p) => `  ${p.pod}  ${p.uid}  ${p.node}  ${p.phase}  ${p.restarts}`),
    "CERTIFICATE FINGERPRINTS",
    ...Object.entries(snapshot.fingerprints).map(([file, fp]) => `  ${file}  ${fp}`),
    "",
  ].join("\n");
}
