import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ArtifactCache } from "../lib/cache.js";
import { cacheKey } from "../lib/cache.js";
import { run } from "../lib/run.js";
import { goModulesDir } from "./go-components.js";

/**
 * buildPause compiles the sandbox "pause" program from the pinned Kubernetes
 * module's own source, statically, as Kubernetes' Makefile does.
 */
export async function buildPause(cache: ArtifactCache, version: string, logFile: string): Promise<[string, boolean]> {
  const phase = "setup: pause";
  const k8sDir = (await run(["go", "list", "-m", "-f", "{{.Dir}}", "k8s.io/kubernetes"], { phase, cwd: join(goModulesDir, "kubernetes") })).trim();
  const source = join(k8sDir, "build", "pause", "linux", "pause.c");
  const gcc = await run(["gcc", "--version"], { phase, hint: "install gcc and libc6-dev" });
  const key = cacheKey(readFileSync(source), gcc, version);
  const [dir, cached] = await cache.produce("pause", key, async (out) => {
    await run(["gcc", "-Os", "-Wall", "-Werror", "-static", `-DVERSION=v${version}`, "-o", join(out, "pause"), source], { phase, logFile });
  });
  return [join(dir, "pause"), cached];
}
