import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { execa } from "execa";
import { DrillError } from "../../harness/errors.js";
import { cacheKey } from "../lib/cache.js";
import { run } from "../lib/run.js";
import { ensureImage, keyLabel, withTempDir } from "./docker.js";
import { nodeBaseTag } from "./node-base.js";

const podnetManifest = join(dirname(fileURLToPath(import.meta.url)), "..", "manifests", "podnet.yaml");

export interface NodeImageInputs {
  tag: string;
  kubernetesVersion: string;
  baseKey: string;
  /** kubeadm, kubelet, kubectl and crictl, copied to /usr/bin. */
  binaries: string[];
  binaryKeys: string[];
  /** Every image preloaded into containerd's k8s.io namespace, with its build key. */
  preload: Array<{ tag: string; key: string }>;
  podnetImage: string;
}

/**
 * ensureNodeImage turns the node base into a kind node image the way kind's own
 * builder does: binaries in /usr/bin, /kind/version, the CNI manifest, and every
 * image imported into containerd so nothing is pulled when the cluster starts.
 */
export async function ensureNodeImage(inputs: NodeImageInputs, logFile: string): Promise<boolean> {
  const manifest = readFileSync(podnetManifest, "utf8").replaceAll("@PODNET_IMAGE@", inputs.podnetImage);
  const key = cacheKey(inputs.baseKey, inputs.kubernetesVersion, manifest, ...inputs.binaryKeys, ...inputs.preload.map((p) => `${p.tag}@${p.key}`));
  return ensureImage(inputs.tag, key, async () => {
    const phase = "setup: node image";
    const name = `kubedrill-build-node-${process.pid}`;
    const opts = { phase, logFile };
    // A build interrupted by Ctrl-C never reached its finally; remove what it left.
    await run(["sh", "-c", "docker ps -aq --filter name=^kubedrill-build-node- | xargs -r docker rm -f"], opts);
    await run(["docker", "run", "-d", "--name", name, "--privileged", "--entrypoint", "sleep", nodeBaseTag, "infinity"], opts);
    try {
      for (const b of inputs.binaries) await run(["docker", "cp", b, `${name}:/usr/bin/`], opts);
      await withTempDir(async (dir) => {
        mkdirSync(join(dir, "kind", "manifests"), { recursive: true });
        writeFileSync(join(dir, "kind", "version"), `${inputs.kubernetesVersion}\n`);
        writeFileSync(join(dir, "kind", "manifests", "default-cni.yaml"), manifest);
        await run(["docker", "cp", `${join(dir, "kind")}/.`, `${name}:/kind/`], opts);
      });
      await preloadImages(name, inputs.preload.map((p) => p.tag), logFile);
      await run(
        [
          "docker", "commit",
          "--change", 'ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]',
          "--change", `LABEL ${keyLabel}=${key}`,
          name, inputs.tag,
        ],
        { ...opts, timeoutMs: 20 * 60_000 },
      );
    } finally {
      await execa("docker", ["rm", "-f", name], { reject: false });
    }
  });
}

/** preloadImages starts containerd in the build container and imports each image from the host engine. */
async function preloadImages(container: string, tags: string[], logFile: string): Promise<void> {
  const phase = "setup: preload images";
  await run(["docker", "exec", "-d", container, "containerd"], { phase, logFile });
  await waitFor(container, ["ctr", "version"], true, "containerd did not start in the build container");
  for (const tag of tags) {
    // A shell pipe streams the archive; execa would buffer it (and stop at its maxBuffer).
    await run(
      ["bash", "-o", "pipefail", "-c", `docker save "$1" | docker exec -i "$2" ctr -n k8s.io images import --all-platforms --no-unpack -`, "preload", tag, container],
      { phase: `${phase}: ${tag}`, logFile, timeoutMs: 10 * 60_000 },
    );
  }
  await run(["docker", "exec", container, "pkill", "containerd"], { phase, logFile });
  // Commit only once containerd has closed its database.
  await waitFor(container, ["pgrep", "-x", "containerd"], false, "containerd did not stop in the build container");
}

/** waitFor polls a command in the container until its success matches `want`, for up to 30s. */
async function waitFor(container: string, argv: string[], want: boolean, failure: string): Promise<void> {
  for (let i = 0; i < 30; i++) {
    const result = await execa("docker", ["exec", container, ...argv], { reject: false, timeout: 10_000 });
    if (!result.failed === want) return;
    await sleep(1_000);
  }
  throw new DrillError(`setup: preload images: ${failure}`, { stage: "infrastructure", node: container, argv });
}
