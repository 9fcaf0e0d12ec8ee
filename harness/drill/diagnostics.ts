import { CONTROL_PLANE_COMPONENTS, componentPattern } from "../node/commands.js";
import type { DrillCluster } from "../kind/cluster.js";
import type { Journal } from "./journal.js";

const TAIL = 150;

/** What to read from each node when a drill fails: enough to tell why without the cluster. */
function diagnosticCommands(role: string): Array<[string, string]> {
  const common: Array<[string, string]> = [
    ["containers", "crictl ps -a"],
    ["kubelet journal", `journalctl -u kubelet --no-pager -n ${TAIL}`],
  ];
  if (role !== "control-plane") return common;
  return [
    ...common,
    ...CONTROL_PLANE_COMPONENTS.map((c): [string, string] => [
      `${c} log`,
      `id=$(crictl ps -a --name '${componentPattern([c])}' -q | head -n1); [ -n "$id" ] && crictl logs --tail ${TAIL} "$id" 2>&1 || echo "no ${c} container"`,
    ]),
  ];
}

/** attachDiagnostics attaches control-plane logs and kubelet journals; never throws. */
export async function attachDiagnostics(cluster: DrillCluster, journal: Journal): Promise<void> {
  for (const node of cluster.nodes()) {
    for (const [what, script] of diagnosticCommands(node.role)) {
      const text = await node
        .sh(script, { check: false, timeoutMs: 30_000 })
        .then((r) => `${r.stdout}${r.stderr}`)
        .catch((error: unknown) => `could not read: ${(error as Error).message}`);
      await journal.attach(`${node.name}: ${what}`, text);
    }
  }
}
