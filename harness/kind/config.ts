import type { Topology } from "./layout.js";

/** ClusterOptions are what a scenario may ask of its cluster beyond the topology. */
export interface ClusterOptions {
  /**
   * Kubelets get serving certificates from the cluster CA through CSRs (serverTLSBootstrap),
   * as production clusters do; kubedrill approves them once the cluster is up.
   */
  kubeletServingCertificates?: boolean;
}

/**
 * renderKindConfig writes the kind cluster config for a topology. A null image
 * leaves the field out, so kind uses its own default node image.
 */
export function renderKindConfig(topology: Topology, image: string | null, options: ClusterOptions = {}): string {
  const node = (role: string) => [`  - role: ${role}`, ...(image ? [`    image: ${image}`] : [])];
  const patches = options.kubeletServingCertificates ? ["kubeadmConfigPatches:", "  - |", "    kind: KubeletConfiguration", "    serverTLSBootstrap: true"] : [];
  return [
    "kind: Cluster",
    "apiVersion: kind.x-k8s.io/v1alpha4",
    ...patches,
    "nodes:",
    ...Array.from({ length: topology.controlPlanes }, () => node("control-plane")).flat(),
    ...Array.from({ length: topology.workers }, () => node("worker")).flat(),
    "",
  ].join("\n");
}
