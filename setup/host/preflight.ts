import { existsSync, mkdirSync, statfsSync } from "node:fs";
import { DrillError } from "../../harness/errors.js";

/** What preflight looks at; gathered once so the checks stay pure. */
export interface PreflightFacts {
  uid: number;
  cgroupNamespaces: boolean;
  devKmsg: boolean;
  freeBytes: number;
  goVersion: string | undefined;
}

export interface PreflightNeeds {
  /** The offline build compiles Go and needs more disk than pulling kind's images. */
  offlineBuild: boolean;
}

const GiB = 1024 ** 3;
export const minFreeBytes = { offline: 25 * GiB, online: 5 * GiB };

/** preflightProblems lists every unmet prerequisite, each with what to do about it. */
export function preflightProblems(facts: PreflightFacts, needs: PreflightNeeds): string[] {
  const problems: string[] = [];
  if (facts.uid !== 0) problems.push("must run as root: it installs and starts Docker and runs privileged node containers (try sudo)");
  if (!facts.cgroupNamespaces) problems.push("the kernel has no cgroup namespaces (/proc/self/ns/cgroup): kind nodes need --cgroupns=private");
  if (!facts.devKmsg) problems.push("/dev/kmsg is missing: the kubelet inside each node reads it (a nested sandbox may hide it)");
  const need = needs.offlineBuild ? minFreeBytes.offline : minFreeBytes.online;
  if (facts.freeBytes < need) {
    problems.push(`only ${(facts.freeBytes / GiB).toFixed(1)} GiB free for the cache and Docker; need ${need / GiB} GiB`);
  }
  if (needs.offlineBuild && !facts.goVersion) problems.push("no `go` on PATH: the offline build compiles kind and Kubernetes from the Go module proxy");
  return problems;
}

/** gatherPreflightFacts reads the host; freeBytes is measured where the cache lives. */
export function gatherPreflightFacts(cacheDir: string, goVersion: string | undefined): PreflightFacts {
  mkdirSync(cacheDir, { recursive: true });
  const fs = statfsSync(cacheDir);
  return {
    uid: process.getuid?.() ?? -1,
    cgroupNamespaces: existsSync("/proc/self/ns/cgroup"),
    devKmsg: existsSync("/dev/kmsg"),
    freeBytes: fs.bavail * fs.bsize,
    goVersion,
  };
}

/** assertPreflight throws one DrillError naming every problem found. */
export function assertPreflight(facts: PreflightFacts, needs: PreflightNeeds): void {
  const problems = preflightProblems(facts, needs);
  if (problems.length) {
    throw new DrillError(`host is not ready for kubedrill:\n${problems.map((p) => `  - ${p}`).join("\n")}`, { stage: "input" });
  }
}
