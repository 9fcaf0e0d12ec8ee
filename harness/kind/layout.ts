/** Topology is how many nodes of each role a drill cluster has. */
export interface Topology {
  controlPlanes: number;
  workers: number;
}

/** ClusterLayout is the node names kind will give a cluster, known before it exists. */
export interface ClusterLayout {
  cluster: string;
  topology: Topology;
  controlPlanes: string[];
  workers: string[];
  /** The first control-plane node: the one drills break and kind exports kubeconfig from. */
  primary: string;
  /** Every Kubernetes node (no load balancer). */
  nodes: string[];
  /** The run-private kubeconfig kind exports this cluster's credentials to. */
  kubeconfig: string;
}

/** layoutFor mirrors kind's naming: `-control-plane`, `-control-plane2`, `-worker`, `-worker2`. */
export function layoutFor(cluster: string, topology: Topology, kubeconfig: string): ClusterLayout {
  const numbered = (role: string, count: number) =>
    Array.from({ length: count }, (_, i) => `${cluster}-${role}${i === 0 ? "" : i + 1}`);
  const controlPlanes = numbered("control-plane", topology.controlPlanes);
  const workers = numbered("worker", topology.workers);
  return { cluster, topology, controlPlanes, workers, primary: controlPlanes[0]!, nodes: [...controlPlanes, ...workers], kubeconfig };
}

/** isHighlyAvailable: there is a healthy peer control plane to restore shared state from. */
export function isHighlyAvailable(layout: ClusterLayout): boolean {
  return layout.controlPlanes.length > 1;
}

/** describeTopology renders a topology for people: "1 control plane, 2 workers". */
export function describeTopology({ controlPlanes, workers }: Topology): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(controlPlanes, "control plane")}, ${plural(workers, "worker")}`;
}
