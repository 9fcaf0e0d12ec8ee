import Docker from "dockerode";
import { loadToolchain } from "../../harness/toolchain.js";
import { removeLabelledContainers } from "../../harness/workload/reaper.js";

/** Containers started by the integration tests carry this label; each run sweeps earlier leftovers. */
export const TEST_LABEL = "io.kubedrill.test";
/**
 * The busybox workload image `npm run setup` provides (built offline, or pulled). Safe to read
 * at import: test/integration-prerequisites.ts has checked toolchain.json, Docker and this image.
 */
export const PROBE_IMAGE = process.env.KUBEDRILL_TEST_IMAGE ?? loadToolchain().workloadImage;

/** requireDocker connects to Docker and removes test containers earlier runs left behind. */
export async function requireDocker(): Promise<Docker> {
  const docker = new Docker();
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
