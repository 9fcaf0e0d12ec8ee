/** online: use kind's published images; offline: build everything locally. */
export type SetupMode = "online" | "offline";

export interface ModeFacts {
  /** KUBEDRILL_OFFLINE=1 or 0, when the user decided. */
  forced: SetupMode | undefined;
  kindOnPath: boolean;
  /** A pull of the workload image from the default registry succeeded. */
  registryReachable: boolean;
}

/** chooseMode builds nothing on a host that already has kind and a registry (a laptop, a CI runner). */
export function chooseMode(facts: ModeFacts): SetupMode {
  if (facts.forced) return facts.forced;
  return facts.kindOnPath && facts.registryReachable ? "online" : "offline";
}

export function forcedMode(value: string | undefined): SetupMode | undefined {
  if (value === undefined || value === "") return undefined;
  if (value === "1" || value === "true") return "offline";
  if (value === "0" || value === "false") return "online";
  throw new Error(`KUBEDRILL_OFFLINE must be 1 or 0, not ${JSON.stringify(value)}`);
}
