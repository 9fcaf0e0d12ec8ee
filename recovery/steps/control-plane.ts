import { CONTROL_PLANE_COMPONENTS, crictlAllRunning, crictlRemoveOrphans, crictlStop, restartKubelet } from "../../harness/node/commands.js";
import { execOn, shellOn, waitOn } from "../../harness/ops/node-ops.js";
import { initPhase } from "../kubeadm.js";
import { KUBECTL, kubectl } from "../kubectl.js";
import { recoveryStep } from "../step.js";

const MANIFESTS = "/etc/kubernetes/manifests";
const KCM_MANIFEST = `${MANIFESTS}/kube-controller-manager.yaml`;
/** Outside manifests/, so the kubelet does not run it; see holdControllerManager. */
export const KCM_HOLD = "/etc/kubernetes/kube-controller-manager.yaml.hold";

/** A leader renews every 2 s; a lease unrenewed for longer than this has a dead holder. */
const STALE_LEASE_SECONDS = 6;

const moveIfPresent = (from: string, to: string) => `if [ -f ${from} ]; then mv ${from} ${to}; fi`;

/**
 * Removes the containers of control-plane components whose manifest is gone (running or
 * exited), so 2379/6443 are free: the kubelet takes about 30 s to notice on its own. A
 * component with a manifest keeps its container, so a second run leaves a recovered control
 * plane alone. etcd's data must have survived.
 */
export const stopControlPlaneContainers = () =>
  recoveryStep(
    "stop-control-plane-containers",
    "remove control-plane containers left without a manifest and check that etcd's data survived",
    (l) => [execOn(l.primary, crictlRemoveOrphans(CONTROL_PLANE_COMPONENTS, MANIFESTS)), execOn(l.primary, ["test", "-d", "/var/lib/etcd/member"])],
    // Measured with `prove`: without it the drill passes, but recovery takes 2m28s instead of about 30 s.
    { speedsUp: "otherwise the new API server waits about a minute for the kubelet to remove the old containers that hold its ports" },
  );

/**
 * The controller manager and scheduler that died with /etc/kubernetes still hold their
 * leader-election leases: a new instance waits a whole lease duration (15 s) after it first
 * sees one, however long ago the holder died. Leases nobody renewed for a while are released;
 * a live holder renews every 2 s and keeps its lease.
 */
export const releaseDeadLeaderLeases = () =>
  recoveryStep("release-dead-leader-leases", "delete the leader leases of the dead controller manager and scheduler", (l) => [
    shellOn(
      l.primary,
      [
        "for lease in kube-controller-manager kube-scheduler; do",
        `  renewed=$(${KUBECTL} -n kube-system get lease "$lease" --ignore-not-found -o jsonpath='{.spec.renewTime}')`,
        '  if [ -z "$renewed" ]; then echo "$lease: no lease"; continue; fi',
        '  age=$(( $(date +%s) - $(date -d "$renewed" +%s) ))',
        `  if [ "$age" -le ${STALE_LEASE_SECONDS} ]; then echo "$lease: renewed \${age}s ago, its holder is alive"; continue; fi`,
        `  ${KUBECTL} -n kube-system delete lease "$lease"`,
        '  echo "$lease: released (last renewed ${age}s ago)"',
        "done",
      ].join("\n"),
      { touches: ["Leases kube-system/kube-controller-manager and kube-scheduler (when stale)"] },
    ),
  ], { speedsUp: "the new scheduler and controller manager start work at once instead of after a lease duration" });

/**
 * Regenerates the apiserver, controller-manager and scheduler manifests. With
 * holdControllerManager the controller manager's manifest is moved aside at once: a fresh
 * node-lifecycle controller would mark nodes NotReady (and later evict) while kubelets
 * still carry certificates from the old CA.
 */
export const controlPlaneAll = (options: { holdControllerManager: boolean }) =>
  recoveryStep(
    "control-plane-all",
    options.holdControllerManager
      ? "write the control-plane static pod manifests, holding kube-controller-manager out until kubelets rejoin"
      : "write the control-plane static pod manifests",
    (l) => [
      initPhase(l.primary, "control-plane all"),
      ...(options.holdControllerManager ? [shellOn(l.primary, moveIfPresent(KCM_MANIFEST, KCM_HOLD), { touches: [KCM_MANIFEST, KCM_HOLD] })] : []),
    ],
  );

/**
 * Puts the held-out controller manager back (only after every kubelet has rejoined), then
 * waits until it has published the current CA to kube-root-ca.crt: pods started before that
 * would mount the old CA and load it for good.
 */
export const restoreControllerManager = () =>
  recoveryStep("restore-controller-manager", "put kube-controller-manager back and wait until it publishes the current CA", (l) => [
    shellOn(l.primary, moveIfPresent(KCM_HOLD, KCM_MANIFEST), { touches: [KCM_HOLD, KCM_MANIFEST] }),
    waitOn(
      l.primary,
      ["sh", "-c", `[ "$(${KUBECTL} -n kube-system get configmap kube-root-ca.crt -o jsonpath='{.data.ca\\.crt}')" = "$(cat /etc/kubernetes/pki/ca.crt)" ]`],
      "kube-root-ca.crt carries the current CA",
    ),
  ]);

/**
 * Restarts components so they reload keys from disk. The kubelet restart resets its
 * crash-loop back-off, which may have grown to minutes while the keys were missing. A
 * runbook whose components crash-loop anyway says so with `speedsUp`.
 */
export const restartControlPlaneComponents = (components: readonly string[], options: { speedsUp?: string } = {}) =>
  recoveryStep(
    "restart-control-plane-components",
    `restart ${components.join(" and ")} so they load the new files`,
    (l) => l.controlPlanes.flatMap((node) => [execOn(node, crictlStop(components, { timeoutSeconds: 10 })), execOn(node, restartKubelet())]),
    options,
  );

/** Waits for the kubelet to bring every control-plane container back by itself. */
export const waitForControlPlaneContainers = () =>
  recoveryStep("wait-control-plane-containers", "wait for the kubelet to restart etcd, apiserver, controller manager and scheduler", (l) =>
    l.controlPlanes.map((node) => waitOn(node, crictlAllRunning(CONTROL_PLANE_COMPONENTS), "all control-plane containers running")),
  );

/** Waits until the API server answers /readyz through the node's own admin kubeconfig. */
export const waitForApiServer = () =>
  recoveryStep("wait-api-server", "wait until kube-apiserver reports ready", (l) => [
    waitOn(l.primary, kubectl("get", "--raw", "/readyz"), "kube-apiserver /readyz ok"),
  ]);
