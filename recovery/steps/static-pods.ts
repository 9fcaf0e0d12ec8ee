import { CONTROL_PLANE_COMPONENTS, crictlAllRunning } from "../../harness/node/commands.js";
import { shellOn, waitOn } from "../../harness/ops/node-ops.js";
import type { Operation } from "../../harness/ops/operation.js";
import { kubectl } from "../kubectl.js";
import { recoveryStep } from "../step.js";

const live = (component: string) => `/etc/kubernetes/manifests/${component}.yaml`;
/** Outside manifests/, where the kubelet does not run it. */
export const heldManifest = (component: string) => `/etc/kubernetes/${component}.yaml.hold`;

/** A bash line moving a static pod's manifest; one already there counts as moved (`already`: how to say so), one in neither place fails. */
function moveManifest(component: string, from: string, to: string, already: string): string {
  return `if [ -f ${from} ]; then mv ${from} ${to}; elif [ -f ${to} ]; then echo "${component} is ${already} at ${to}"; else echo "no ${component} manifest at ${from} or ${to}" >&2; exit 1; fi`;
}

/** A bash line moving a static pod's manifest out of manifests/. */
export const holdManifest = (component: string) => moveManifest(component, live(component), heldManifest(component), "already held out");

/** A bash line moving a held static pod manifest back. */
const releaseManifest = (component: string) => moveManifest(component, heldManifest(component), live(component), "already back");

/**
 * The documented way to stop a static pod: move its manifest out of manifests/ and wait until
 * the kubelet has stopped the container.
 */
export function holdStaticPod(node: string, component: string): Operation[] {
  return [
    shellOn(node, holdManifest(component), { touches: [live(component), heldManifest(component)] }),
    waitOn(node, ["sh", "-c", `[ -z "$(crictl ps --state running --name '^${component}$' -q)" ]`], `the kubelet stopped ${component}`),
  ];
}

/** Moves a held static pod manifest back and waits until the kubelet runs the container. */
export function releaseStaticPod(node: string, component: string): Operation[] {
  return [
    shellOn(node, releaseManifest(component), { touches: [heldManifest(component), live(component)] }),
    waitOn(node, crictlAllRunning([component]), `${component} running`),
  ];
}

/** Stops every API server so no client reads or writes while etcd's data is replaced. */
export const stopApiServer = () =>
  recoveryStep("stop-api-server", "move kube-apiserver's manifest out of manifests/ on every control plane and wait until it stopped", (l) =>
    l.controlPlanes.flatMap((node) => holdStaticPod(node, "kube-apiserver")),
  );

/** Puts every API server back and waits until the API answers /readyz. */
export const startApiServer = () =>
  recoveryStep("start-api-server", "move kube-apiserver's manifest back on every control plane and wait until /readyz is ok", (l) => [
    ...l.controlPlanes.flatMap((node) => releaseStaticPod(node, "kube-apiserver")),
    waitOn(l.primary, kubectl("get", "--raw", "/readyz"), "kube-apiserver /readyz ok"),
  ]);

/**
 * Restarts the static pods the way kubeadm's certificate guide says, so each loads the files
 * on disk: one component at a time, etcd first, every control plane in turn.
 */
export const restartStaticPods = (components: readonly string[] = CONTROL_PLANE_COMPONENTS) =>
  recoveryStep("restart-static-pods", `restart ${components.join(", ")} by moving each manifest out of manifests/ and back`, (l) =>
    l.controlPlanes.flatMap((node) => components.flatMap((component) => [...holdStaticPod(node, component), ...releaseStaticPod(node, component)])),
  );
