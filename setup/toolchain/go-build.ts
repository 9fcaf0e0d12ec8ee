import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DrillError, isDrillError } from "../../harness/errors.js";
import type { ArtifactCache } from "../lib/cache.js";
import { cacheKey } from "../lib/cache.js";
import { run } from "../lib/run.js";
import { failingPackage, goModulesDir, type GoComponent } from "./go-components.js";

/** goInputs is everything a component's binaries are built from. */
function goInputs(component: GoComponent, goVersion: string): string[] {
  const dir = join(goModulesDir, component.name);
  const sources = readdirSync(dir)
    .filter((f) => f === "go.mod" || f === "go.sum" || f.endsWith(".go"))
    .sort()
    .map((f) => `${f}\n${readFileSync(join(dir, f), "utf8")}`);
  return [goVersion, component.ldflags, component.packages.join(" "), ...sources];
}

/** buildGoComponent compiles one wrapper module into a cached bin directory; returns [dir, cached]. */
export async function buildGoComponent(
  cache: ArtifactCache,
  component: GoComponent,
  goVersion: string,
  logFile: string,
): Promise<[string, boolean]> {
  const key = cacheKey(...goInputs(component, goVersion));
  return cache.produce(`go-${component.name}`, key, async (out) => {
    try {
      await run(["go", "build", "-trimpath", "-ldflags", component.ldflags, "-o", `${out}/`, ...component.packages], {
        phase: `setup: go build ${component.name}`,
        cwd: join(goModulesDir, component.name),
        env: { CGO_ENABLED: "0", GOTOOLCHAIN: "local", GOFLAGS: "-mod=readonly" },
        logFile,
        timeoutMs: 60 * 60_000,
      });
    } catch (error) {
      if (!isDrillError(error)) throw error;
      const pkg = failingPackage(readFileSync(logFile, "utf8"));
      throw new DrillError(`go build of ${component.name} failed${pkg ? ` in package ${pkg}` : ""}`, {
        ...error.command,
        stage: "infrastructure",
        hint: error.hint,
        cause: error,
      });
    }
  });
}
