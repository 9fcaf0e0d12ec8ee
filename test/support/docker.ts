import Docker from "dockerode";
import { loadToolchain } from "../../harness/toolchain.js";
import { removeLabelledContainers } from "../../harness/workload/reaper.js";

/** Containers started by the integration tests carry this label; each run sweeps earlier leftovers. */
export const TEST_LABEL = "io.kubedrill.test";
/** The busybox workload image `npm run setup` provides (built offline, or pulled). */
export const PROBE_IMAGE = process.env.KUBEDRILL_TEST_IMAGE ?? loadToolchain().workloadImage;

/**
 * requireDocker fails the suite (rather than skipping it) when Docker is unreachable or the
 * local test image is missing: integration tests that silently pass prove nothing.
 */
export async function requireDocker(): Promise<Docker> {
  const docker = new Docker();
  try {
    await docker.ping();
  } catch (error) {
    throw new Error(`integration tests need a running Docker engine: ${(error as Error).message}`);
  }
  try {
    await docker.getImage(PROBE_IMAGE).inspect();
  } catch {
    throw new Error(`integration tests need the image ${PROBE_IMAGE} (busybox with sh): run \`npm run setup\``);
  }
  await removeLabelledContainers(docker, TEST_LABEL, "true");
  return docker;
}

/** startProbe runs a long-lived busybox container for tests; removeProbes removes them all. */
export async function startProbe(docker: Docker, name: string, options: { network?: string; cmd?: string[] } = {}): Promise<Docker.Container> {
  const container = await docker.createContainer({
    Image: PROBE_IMAGE,
    name,
    Cmd: options.cmd ?? ["sleep", "3600"],
    Labels: { [TEST_LABEL]: "true" },
    HostConfig: { NetworkMode: options.network ?? "bridge" },
  });
  await container.start();
  return container;
}

export async function removeProbes(docker: Docker): Promise<void> {
  await removeLabelledContainers(docker, TEST_LABEL, "true");
}
