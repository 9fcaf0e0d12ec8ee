import type { Topology } from "./layout.js";

/**
 * renderKindConfig writes the kind cluster config for a topology. A null image
 * leaves the field out, so kind uses its own default node image.
 */
export function renderKindConfig(topology: Topology, image: string | null): string {
  const node = (role: string) => [`  - role: ${role}`, ...(image ? [`    image: ${image}`] : [])];
  return [
    "kind: Cluster",
    "apiVersion: kind.x-k8s.io/v1alpha4",
    "nodes:",
    ...Array.from({ length: topology.controlPlanes }, () => node("control-plane")).flat(),
    ...Array.from({ length: topology.workers }, () => node("worker")).flat(),
    "",
  ].join("\n");
}
