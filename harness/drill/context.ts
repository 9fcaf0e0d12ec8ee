import type { Clock } from "../clock.js";
import type { Stage } from "../errors.js";
import type { DrillCluster } from "../kind/cluster.js";
import type { KubeClients } from "../kube/clients.js";
import type { OpContext } from "../ops/operation.js";
import type { Journal } from "./journal.js";
import type { DrillTimeouts } from "./plan.js";

export interface OpContextSources {
  cluster: DrillCluster;
  /** Every client set that talks to the cluster: all reload when the kubeconfig is re-exported. */
  kube: readonly KubeClients[];
  journal: Journal;
  clock: Clock;
  timeouts: DrillTimeouts;
  signal?: AbortSignal;
}

/** operationContext binds breakage and recovery operations to one drill's cluster. */
export function operationContext({ cluster, kube, journal, clock, timeouts, signal }: OpContextSources, stage: Stage): OpContext {
  return {
    node: (name) => cluster.node(name),
    captures: new Map(),
    host: {
      async refreshKubeconfig() {
        await cluster.refreshKubeconfig();
        for (const clients of kube) clients.reload();
      },
    },
    clock,
    stage,
    signal,
    commandTimeoutMs: timeouts.commandMs,
    waitTimeoutMs: timeouts.readyMs,
    record: (entry) => journal.recordOperation(entry),
  };
}
