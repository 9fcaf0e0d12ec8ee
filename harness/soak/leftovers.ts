import type Docker from "dockerode";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { CLUSTER_PREFIX, RUN_LABEL } from "../run-state.js";

/** kind marks each node container with the cluster it belongs to; `kind get clusters` reads this label. */
export const KIND_CLUSTER_LABEL = "io.x-k8s.kind.cluster";

/** What Docker holds, reduced to what a leak check reads. */
export interface DockerListing {
  containers: Array<{ id: string; labels: Record<string, string> }>;
  networks: Array<{ name: string; labels: Record<string, string>; endpoints: Array<{ containerId: string; name: string }> }>;
}

/** What one run left behind, by name, so a report can say what to delete. */
export interface Leftovers {
  clusters: string[];
  /** Helper containers labelled with the run (the prober); kind's nodes count as their cluster. */
  containers: string[];
  /** Networks made for the run, and endpoints of its gone containers still attached to a shared network. */
  networks: string[];
  runDirs: string[];
  /** Processes of the run still alive after it ended. */
  processes: number;
}

export const NO_LEFTOVERS: Leftovers = { clusters: [], containers: [], networks: [], runDirs: [], processes: 0 };

/**
 * findLeftovers picks out of a listing what belongs to one run: everything kubedrill names
 * `kubedrill-<runId>-...` or labels io.kubedrill.run=<runId>. kind's shared "kind" network is
 * made once and never deleted by kind, for every cluster on the machine: its presence is no
 * leak, but an endpoint on it (or any network) for a container of the run that is gone is.
 */
export function findLeftovers(runId: string, listing: DockerListing, runDirs: readonly string[], processes = 0): Leftovers {
  const prefix = `${CLUSTER_PREFIX}${runId}-`;
  const clusters = new Set<string>();
  for (const c of listing.containers) {
    const cluster = c.labels[KIND_CLUSTER_LABEL];
    if (cluster?.startsWith(prefix)) clusters.add(cluster);
  }
  const existing = new Set(listing.containers.map((c) => c.id));
  const ownNetworks = listing.networks.filter((n) => n.labels[RUN_LABEL] === runId || n.name.startsWith(prefix)).map((n) => n.name);
  const staleEndpoints = listing.networks.flatMap((n) =>
    n.endpoints.filter((e) => e.name.startsWith(prefix) && !existing.has(e.containerId)).map((e) => `${n.name}/${e.name}`),
  );
  return {
    clusters: [...clusters].sort(),
    containers: listing.containers.filter((c) => c.labels[RUN_LABEL] === runId).map((c) => c.id.slice(0, 12)),
    networks: [...ownNetworks, ...staleEndpoints],
    runDirs: runDirs.filter((dir) => dir === runId),
    processes,
  };
}

/** addLeftovers merges what two checks found (a run's own and its planted leftovers). */
export function addLeftovers(a: Leftovers, b: Leftovers): Leftovers {
  return {
    clusters: [...a.clusters, ...b.clusters],
    containers: [...a.containers, ...b.containers],
    networks: [...a.networks, ...b.networks],
    runDirs: [...a.runDirs, ...b.runDirs],
    processes: a.processes + b.processes,
  };
}

/** countLeaks is how many things were left: each cluster, container, network, directory and process counts once. */
export function countLeaks(l: Leftovers): number {
  return l.clusters.length + l.containers.length + l.networks.length + l.runDirs.length + l.processes;
}

/** describeLeftovers is a table cell: "none", or "1 cluster, 2 dirs". */
export function describeLeftovers(l: Leftovers): string {
  const parts = (
    [
      [l.clusters.length, "cluster"],
      [l.containers.length, "container"],
      [l.networks.length, "network"],
      [l.runDirs.length, "dir"],
      [l.processes, "proc"],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${n} ${what}${n > 1 ? "s" : ""}`);
  return parts.length > 0 ? parts.join(", ") : "none";
}

/** listDocker reads containers (stopped ones too) and networks with their endpoints. */
export async function listDocker(docker: Docker): Promise<DockerListing> {
  const containers = await docker.listContainers({ all: true });
  const networks = await Promise.all(
    (await docker.listNetworks()).map(async (n) => {
      // The list leaves endpoints out; a network removed in between has none.
      const inspected = (await docker.getNetwork(n.Id).inspect().catch(() => ({}))) as { Containers?: Record<string, { Name?: string }> };
      const endpoints = Object.entries(inspected.Containers ?? {}).map(([containerId, e]) => ({ containerId, name: e.Name ?? "" }));
      return { name: n.Name, labels: n.Labels ?? {}, endpoints };
    }),
  );
  return { containers: containers.map((c) => ({ id: c.Id, labels: c.Labels ?? {} })), networks };
}

/** listRunDirs names the run directories under a state root. */
export function listRunDirs(stateRoot: string): string[] {
  const runs = join(stateRoot, "runs");
  return existsSync(runs) ? readdirSync(runs) : [];
}
