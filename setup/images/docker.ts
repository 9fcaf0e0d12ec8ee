import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { DrillError } from "../../harness/errors.js";
import { run } from "../lib/run.js";

/** Label that records which inputs an image was built from. */
export const keyLabel = "io.kubedrill.build-key";

/** imageKey returns the build key an image was labelled with, or undefined if it is absent. */
export async function imageKey(tag: string): Promise<string | undefined> {
  const result = await execa("docker", ["image", "inspect", "--format", `{{index .Config.Labels "${keyLabel}"}}`, tag], {
    reject: false,
    timeout: 30_000,
  });
  return result.failed ? undefined : String(result.stdout).trim() || undefined;
}

/**
 * ensureImage builds `tag` only when no image with that tag carries `key`.
 * The tag moves to a new image only after a build succeeds, so a failed build
 * never leaves an image a later run would trust. Returns true on a cache hit.
 */
export async function ensureImage(tag: string, key: string, build: () => Promise<void>): Promise<boolean> {
  if ((await imageKey(tag)) === key) return true;
  await build();
  // The previous build of this tag is now untagged: drop it (only kubedrill's own images carry the label).
  await execa("docker", ["image", "prune", "--force", "--filter", `label=${keyLabel}`], { reject: false, timeout: 120_000 });
  const built = await imageKey(tag);
  if (built !== key) throw new DrillError(`image ${tag} was not labelled with build key ${key} (found ${built ?? "none"})`, {
      stage: "infrastructure",
    });
  return false;
}

/** withTempDir runs fn with a fresh directory that is removed afterwards. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "kubedrill-"));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** importTree turns a directory into a single-layer image, as `docker import` does. */
export async function importTree(dir: string, tag: string, key: string, changes: string[], logFile: string): Promise<void> {
  const phase = `setup: import ${tag}`;
  await withTempDir(async (tmp) => {
    const tar = join(tmp, "rootfs.tar");
    await run(["tar", "-C", dir, "--numeric-owner", "-cf", tar, "."], { phase, logFile });
    const args = [...changes, `LABEL ${keyLabel}=${key}`].flatMap((c) => ["--change", c]);
    await run(["docker", "import", ...args, tar, tag], { phase, logFile, timeoutMs: 20 * 60_000 });
  });
}

/** buildDockerfile runs the classic builder (it uses local images without pulling) on a context directory. */
export async function buildDockerfile(context: string, dockerfile: string, tag: string, key: string, logFile: string): Promise<void> {
  await run(
    ["docker", "build", "--label", `${keyLabel}=${key}`, "-f", "-", "-t", tag, context],
    { phase: `setup: build ${tag}`, logFile, input: dockerfile, env: { DOCKER_BUILDKIT: "0" }, timeoutMs: 20 * 60_000 },
  );
}
