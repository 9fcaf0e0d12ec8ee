import { copyBetween, execOn, inParallel, shellOn, waitOn, writeCaptured } from "../../harness/ops/node-ops.js";
import { pathExists } from "../../harness/node/commands.js";
import { initPhase, kubeadm } from "../kubeadm.js";
import { recoveryStep } from "../step.js";

const KUBELET_PKI = "/var/lib/kubelet/pki";
const CLIENT_PEM = `${KUBELET_PKI}/kubelet-client-current.pem`;
const KUBELET_CONF = "/etc/kubernetes/kubelet.conf";
const CA_CRT = "/etc/kubernetes/pki/ca.crt";

/** The restarted kubelet saves the credential it started with as kubelet-client-current.pem. */
const clientCertWritten = (node: string) => waitOn(node, pathExists(CLIENT_PEM), "kubelet wrote its client certificate");

/**
 * On a control plane, `kubelet-finalize` repoints kubelet.conf at the rotatable PEM (it does
 * nothing if the PEM is missing, hence the wait).
 */
const finalizeControlPlane = (node: string) => [clientCertWritten(node), initPhase(node, "kubelet-finalize all")];

/**
 * On a worker, kubeadm's init phases see ca.crt without ca.key as an external CA and demand
 * the apiserver's key, so `kubelet-finalize` fails there. This does what it does by hand
 * (kubeadm troubleshooting, "kubelet client cert rotation fails"): point kubelet.conf at the
 * PEM, then restart the kubelet.
 */
const finalizeWorker = (worker: string) => [
  clientCertWritten(worker),
  shellOn(
    worker,
    `kubectl --kubeconfig ${KUBELET_CONF} config set-credentials system:node:${worker} --client-certificate=${CLIENT_PEM} --client-key=${CLIENT_PEM}\nsystemctl restart kubelet`,
    { touches: [KUBELET_CONF] },
  ),
];

/**
 * The control-plane kubelet starts on a kubelet.conf with an embedded credential from the
 * current CA. It is written afresh: after a first run kubelet.conf points at the PEM this
 * step deletes, and kubeadm keeps an existing kubelet.conf. The old pki/ must go: an
 * unexpired certificate there (signed by the old CA) wins over the kubeconfig's.
 */
export const rejoinControlPlaneKubelet = () =>
  recoveryStep("rejoin-control-plane-kubelet", "restart the control-plane kubelet on credentials from the current CA", (l) => [
    shellOn(l.primary, `systemctl stop kubelet\nrm -rf ${KUBELET_PKI} ${KUBELET_CONF}`, { touches: [KUBELET_PKI, KUBELET_CONF] }),
    initPhase(l.primary, "kubeconfig kubelet"),
    initPhase(l.primary, "kubelet-start"),
    ...finalizeControlPlane(l.primary),
  ]);

/**
 * Workers rejoin without TLS bootstrap (which would need the controller manager, held out):
 * the control plane signs a node credential (`kubeadm kubeconfig user`, stdout only, since
 * kubeadm warns on stderr), the worker gets it plus the CA it uses to verify API clients.
 * Workers do not depend on each other, so they rejoin at the same time.
 */
export const rejoinWorkerKubelets = () =>
  recoveryStep("rejoin-worker-kubelets", "give each worker, at the same time, a kubelet credential and client CA from the current CA", (l) => [
    inParallel(
      l.workers.map((worker) => {
        const credential = `${worker}.kubelet.conf`;
        return [
          execOn(l.primary, kubeadm("kubeconfig", "user", "--org", "system:nodes", "--client-name", `system:node:${worker}`), { captureAs: credential }),
          copyBetween(l.primary, worker, CA_CRT),
          writeCaptured(worker, KUBELET_CONF, credential, "600"),
          shellOn(worker, `rm -rf ${KUBELET_PKI}\nsystemctl restart kubelet`, { touches: [KUBELET_PKI] }),
          ...finalizeWorker(worker),
        ];
      }),
    ),
  ]);
