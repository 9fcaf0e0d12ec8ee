/**
 * `npm run setup`: make this host able to run drills. Starts (and if needed
 * installs) Docker, then either uses kind's published images (a host with kind
 * and registry access) or builds kind, Kubernetes and every image offline.
 * Writes toolchain.json for the drills. Idempotent: a warm run rebuilds nothing.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { isDrillError } from "../harness/errors.js";
import { cacheDir } from "../harness/paths.js";
import type { Toolchain } from "../harness/toolchain.js";
import { ensureBrowser, hostBrowser } from "./host/browser.js";
import { ensureDockerEngine } from "./host/docker-engine.js";
import { chooseMode, forcedMode, type SetupMode } from "./host/mode.js";
import { assertPreflight, gatherPreflightFacts } from "./host/preflight.js";
import { ArtifactCache } from "./lib/cache.js";
import { formatSeconds } from "./lib/live-status.js";
import { Progress } from "./lib/progress.js";
import { succeeds } from "./lib/run.js";
import { buildOffline } from "./offline.js";
import { onlineToolchain, onlineWorkloadImage } from "./online.js";
import { writeToolchain } from "./toolchain/toolchain-file.js";

async function goVersion(): Promise<string | undefined> {
  const result = await execa("go", ["env", "GOVERSION"], { reject: false, timeout: 30_000 });
  return result.failed ? undefined : String(result.stdout).trim();
}

async function main(): Promise<void> {
  const progress = new Progress();
  const cache = new ArtifactCache(cacheDir());
  const logs = join(cache.root, "logs");
  mkdirSync(logs, { recursive: true });
  const log = (stage: string) => join(logs, `${stage}.log`);
  const go = await goVersion();

  await progress.stage("preflight", async () => assertPreflight(gatherPreflightFacts(cache.root, go), { offlineBuild: false }));
  await progress.stage("docker engine", () => ensureDockerEngine(progress, log("docker-engine")));
  let browser = "";
  await progress.stage("browser (report tests)", async () => {
    const [path, found] = await ensureBrowser(hostBrowser(log("browser")));
    browser = path;
    progress.info(path);
    return found;
  });

  let mode = "offline" as SetupMode;
  await progress.stage("mode", async () => {
    const kindOnPath = await succeeds(["sh", "-c", "command -v kind"]);
    const forced = forcedMode(process.env.KUBEDRILL_OFFLINE);
    const registryReachable = !forced && kindOnPath && (await succeeds(["docker", "pull", onlineWorkloadImage], 120_000));
    mode = chooseMode({ forced, kindOnPath, registryReachable });
    progress.info(`${mode}: ${mode === "online" ? "kind's published node images" : "building kind, Kubernetes and images locally"}`);
  });

  let toolchain: Toolchain;
  if (mode === "online") {
    toolchain = await onlineToolchain();
  } else {
    assertPreflight(gatherPreflightFacts(cache.root, go), { offlineBuild: true });
    toolchain = await buildOffline(progress, cache, go!, log);
  }
  const path = writeToolchain({ ...toolchain, browser });

  process.stderr.write(`\n[setup] stage timings (${mode}):\n`);
  const width = Math.max(...progress.timings.map((t) => t.name.length));
  for (const t of progress.timings) process.stderr.write(`  ${t.name.padEnd(width)} ${formatSeconds(t.seconds).padStart(8)}${t.cached ? "  cached" : ""}\n`);
  process.stderr.write(`[setup] done in ${formatSeconds(progress.elapsed())}; toolchain: ${path}\n`);
  if (toolchain.nodeImage) process.stderr.write(`[setup] node image: ${toolchain.nodeImage}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`\n[setup] FAILED: ${isDrillError(error) ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
