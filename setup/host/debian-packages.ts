import { execa } from "execa";
import { run } from "../lib/run.js";

/** missingPackages lists the Debian packages dpkg does not report as installed. */
export async function missingPackages(packages: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const name of packages) {
    const status = await execa("dpkg-query", ["-W", "-f=${Status}", name], { reject: false, timeout: 30_000 });
    if (!String(status.stdout).includes("install ok installed")) missing.push(name);
  }
  return missing;
}

/** ensurePackages installs what is missing with apt-get; returns true when nothing was. */
export async function ensurePackages(packages: readonly string[], phase: string, logFile: string): Promise<boolean> {
  const missing = await missingPackages(packages);
  if (missing.length === 0) return true;
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  await run(["apt-get", "update", "-qq"], { phase, logFile, env, timeoutMs: 10 * 60_000 });
  await run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", ...missing], { phase, logFile, env, timeoutMs: 15 * 60_000 });
  return false;
}
