import { kindArgs } from "../../harness/kind/kind-cli.js";
import { onHost } from "../../harness/ops/node-ops.js";
import { renderArgv } from "../../harness/shell.js";
import { recoveryStep } from "../step.js";

/** kind reads admin.conf from the first control plane; after a CA change the host copy is stale. */
export const refreshHostKubeconfig = () =>
  recoveryStep("refresh-host-kubeconfig", "export the new admin credentials to the run's private kubeconfig", (l) => [
    onHost(renderArgv(["kind", ...kindArgs.exportKubeconfig(l.cluster, l.kubeconfig)]), [l.kubeconfig], (ctx) => ctx.host.refreshKubeconfig()),
  ]);
