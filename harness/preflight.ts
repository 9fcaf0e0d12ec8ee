import type Docker from "dockerode";
import { statfs } from "node:fs/promises";
import type { Toolchain } from "./toolchain.js";

/** What preflight asks of the machine; injected so every check is unit-testable. */
export interface PreflightDeps {
  /** Throws when the Docker engine does not answer. */
  pingDocker(): Promise<void>;
  hasImage(ref: string): Promise<boolean>;
  /** Pulls an image; throws with the engine's reason when it cannot. */
  pullImage(ref: string): Promise<void>;
  /** Free space where Docker keeps containers and volumes; undefined when that is not on this machine. */
  dockerFreeSpace(): Promise<{ path: string; bytes: number } | undefined>;
}

/** One drill's cluster size: its node containers. */
export interface DrillSize {
  name: string;
  nodes: number;
}

export interface PreflightInput {
  toolchain: Pick<Toolchain, "nodeImage" | "workloadImage" | "offline">;
  drills: readonly DrillSize[];
  /** Every cluster stays (--keep-cluster), so their space adds up instead of being reused. */
  keepClusters: boolean;
}

const GIB = 2 ** 30;
/** A kind node copies the node image's /var (containerd and its images) into a volume, and grows. */
export const BYTES_PER_NODE = 2.5 * GIB;
/** Room for logs, the workload image inside each node and whatever else runs on the host. */
export const HEADROOM_BYTES = 2 * GIB;

/**
 * preflight checks, before any cluster exists, what would otherwise fail deep inside a drill:
 * Docker answers, the node and workload images are there (or, online, can be pulled) and
 * Docker's disk has room for the clusters. It returns one line per problem; none means go.
 */
export async function preflight(input: PreflightInput, deps: PreflightDeps): Promise<string[]> {
  try {
    await deps.pingDocker();
  } catch (error) {
    return [`Docker is not reachable (${reason(error)}): start the Docker engine; \`npm run setup\` does this on a fresh machine`];
  }
  const { nodeImage, workloadImage, offline } = input.toolchain;
  const problems: string[] = [];
  for (const [what, ref] of [["node image", nodeImage], ["workload image", workloadImage]] as const) {
    if (ref === null) continue; // kind's default node image: kind pulls it itself
    const problem = await imageProblem(what, ref, offline, deps);
    if (problem) problems.push(problem);
  }
  const space = await diskProblem(input, deps);
  if (space) problems.push(space);
  return problems;
}

async function imageProblem(what: string, ref: string, offline: boolean, deps: PreflightDeps): Promise<string | undefined> {
  try {
    if (await deps.hasImage(ref)) return undefined;
  } catch (error) {
    return `could not look up the ${what} ${ref} in Docker (${reason(error)})`;
  }
  if (offline) {
    return `the ${what} ${ref} is not in Docker and this toolchain is offline (nothing can be pulled): check the name against \`docker images\`, or run \`npm run setup\``;
  }
  try {
    await deps.pullImage(ref);
    return undefined;
  } catch (error) {
    return `the ${what} ${ref} is not in Docker and cannot be pulled (${reason(error)}): check the name`;
  }
}

async function diskProblem(input: PreflightInput, deps: PreflightDeps): Promise<string | undefined> {
  if (input.drills.length === 0) return undefined;
  const nodes = input.drills.map((drill) => drill.nodes);
  const clusterNodes = input.keepClusters ? nodes.reduce((sum, n) => sum + n, 0) : Math.max(...nodes);
  const needed = clusterNodes * BYTES_PER_NODE + HEADROOM_BYTES;
  let free: Awaited<ReturnType<PreflightDeps["dockerFreeSpace"]>>;
  try {
    free = await deps.dockerFreeSpace();
  } catch (error) {
    return `could not measure Docker's free disk space (${reason(error)})`;
  }
  if (!free || free.bytes >= needed) return undefined;
  const which = input.keepClusters ? `${clusterNodes} kept nodes` : `${clusterNodes} nodes in the largest cluster`;
  return `not enough disk space: ${gib(free.bytes)} free in ${free.path} (Docker's data root), about ${gib(needed)} needed (${which} at ${gib(BYTES_PER_NODE)} each, plus ${gib(HEADROOM_BYTES)})`;
}

/** dockerPreflightDeps answers preflight's questions with the local Docker engine. */
export function dockerPreflightDeps(docker: Docker): PreflightDeps {
  return {
    pingDocker: async () => {
      await docker.ping();
    },
    hasImage: (ref) =>
      docker
        .getImage(ref)
        .inspect()
        .then(
          () => true,
          (error: { statusCode?: number }) => {
            if (error.statusCode === 404) return false;
            throw error;
          },
        ),
    pullImage: (ref) => pullImage(docker, ref),
    dockerFreeSpace: async () => {
      const root = ((await docker.info()) as { DockerRootDir?: string }).DockerRootDir;
      if (!root) return undefined;
      const stats = await statfs(root).catch(() => undefined); // a remote engine's data root is not here
      return stats && { path: root, bytes: stats.bavail * stats.bsize };
    },
  };
}

/** pullImage pulls ref; the engine reports a failed pull inside the progress stream, not as an error. */
async function pullImage(docker: Docker, ref: string): Promise<void> {
  const stream = await docker.pull(ref);
  const events = await new Promise<Array<{ error?: string }>>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, output: Array<{ error?: string }>) => (error ? reject(error) : resolve(output))),
  );
  const failed = events.find((event) => event.error);
  if (failed) throw new Error(failed.error);
}

function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!.trim();
}

function gib(bytes: number): string {
  return `${(bytes / GIB).toFixed(1)} GiB`;
}
