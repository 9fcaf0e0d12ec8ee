/** What the bootstrap learned about the host before touching it. */
export interface HostFacts {
  /** `docker info` answered. */
  engineAnswers: boolean;
  /** A dockerd binary is installed. */
  dockerdInstalled: boolean;
  /** CAP_SYS_RESOURCE is in the kernel's capability bounding set. */
  hasSysResourceCap: boolean;
  /** The engine (or daemon.json, when it is down) already uses kubedrill's runtime wrapper. */
  wrapperIsDefaultRuntime: boolean;
}

export type EngineAction =
  | "install-docker" // apt-get install docker.io
  | "register-runtime-wrapper" // daemon.json default-runtime → wrapper
  | "restart-dockerd" // a running engine must pick up daemon.json
  | "start-dockerd";

/**
 * planEngine decides the smallest set of changes that gives a Docker engine able
 * to run privileged containers. A host whose engine already works is left alone.
 */
export function planEngine(facts: HostFacts): EngineAction[] {
  const needsWrapper = !facts.hasSysResourceCap && !facts.wrapperIsDefaultRuntime;
  if (facts.engineAnswers) return needsWrapper ? ["register-runtime-wrapper", "restart-dockerd"] : [];
  return [
    ...(facts.dockerdInstalled ? [] : ["install-docker" as const]),
    ...(needsWrapper ? ["register-runtime-wrapper" as const] : []),
    "start-dockerd",
  ];
}

const capSysResource = 24;

/** hasCapability reads a capability bit from a /proc/<pid>/status text. */
export function hasCapability(procStatus: string, bit = capSysResource, field = "CapBnd"): boolean {
  const match = new RegExp(`^${field}:\\s*([0-9a-f]+)$`, "m").exec(procStatus);
  if (!match) throw new Error(`no ${field} line in /proc/self/status`);
  return ((BigInt(`0x${match[1]}`) >> BigInt(bit)) & 1n) === 1n;
}

export const wrapperRuntimeName = "kubedrill-runc";

/** withWrapperRuntime returns daemon.json with the wrapper added as the default runtime, keeping other settings. */
export function withWrapperRuntime(daemonJson: Record<string, unknown>, wrapperPath: string): Record<string, unknown> {
  const runtimes = { ...((daemonJson.runtimes as Record<string, unknown> | undefined) ?? {}) };
  runtimes[wrapperRuntimeName] = { path: wrapperPath };
  return { ...daemonJson, runtimes, "default-runtime": wrapperRuntimeName };
}
