import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DrillError, isDrillError } from "../../harness/errors.js";
import type { ArtifactCache } from "../lib/cache.js";
import { cacheKey } from "../lib/cache.js";
import type { LiveStatus } from "../lib/live-status.js";
import { run } from "../lib/run.js";
import { failingPackage, goModulesDir, goPackagesMeter, type GoComponent } from "./go-components.js";

const goEnv = { CGO_ENABLED: "0", GOTOOLCHAIN: "local", GOFLAGS: "-mod=readonly" };

/** goInputs is everything a component's binaries are built from. */
function goInputs(component: GoComponent, goVersion: string): string[] {
  const dir = join(goModulesDir, component.name);
  const sources = readdirSync(dir)
    .filter((f) => f === "go.mod" || f === "go.sum" || f.endsWith(".go"))
    .sort()
    .map((f) => `${f}\n${readFileSync(join(dir, f), "utf8")}`);
  return [goVersion, component.ldflags, component.packages.join(" "), ...sources];
}

/**
 * packagesToCompile asks go how many packages the build will compile (those the
 * build cache lacks), the total its progress counts towards; module downloads
 * this triggers show as progress. Undefined when go cannot tell: the build then
 * fails the same way and its log says why.
 */
async function packagesToCompile(component: GoComponent, buildFlags: string[], live: LiveStatus): Promise<number | undefined> {
  try {
    const stale = await run(["go", "list", ...buildFlags, "-deps", "-f", "{{if .Stale}}{{.ImportPath}}{{end}}", ...component.packages], {
      phase: `setup: go list ${component.name}`,
      cwd: join(goModulesDir, component.name),
      env: goEnv,
      timeoutMs: 30 * 60_000,
      onLine: (line) => {
        if (line.startsWith("go: ")) live.line(line); // the rest is the list itself
      },
    });
    return stale.split("\n").filter(Boolean).length;
  } catch (error) {
    if (isDrillError(error)) return undefined;
    throw error;
  }
}

/** buildGoComponent compiles one wrapper module into a cached bin directory, counting packages on `live`; returns [dir, cached]. */
export async function buildGoComponent(
  cache: ArtifactCache,
  component: GoComponent,
  goVersion: string,
  logFile: string,
  live: LiveStatus,
): Promise<[string, boolean]> {
  const key = cacheKey(...goInputs(component, goVersion));
  return cache.produce(`go-${component.name}`, key, async (out) => {
    const buildFlags = ["-trimpath", "-ldflags", component.ldflags];
    live.measure(goPackagesMeter);
    const total = await packagesToCompile(component, buildFlags, live);
    if (total !== undefined) live.estimate(total);
    try {
      // -v prints each package as it is compiled: the only sign of life in a ten-minute build.
      await run(["go", "build", "-v", ...buildFlags, "-o", `${out}/`, ...component.packages], {
        phase: `setup: go build ${component.name}`,
        cwd: join(goModulesDir, component.name),
        env: goEnv,
        logFile,
        timeoutMs: 60 * 60_000,
        onLine: (line) => live.line(line),
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
