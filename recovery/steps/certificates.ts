import type { ClusterLayout } from "../../harness/kind/layout.js";
import { execOn } from "../../harness/ops/node-ops.js";
import { kubeadm } from "../kubeadm.js";
import { recoveryStep } from "../step.js";

/**
 * What `kubeadm certs renew all` rewrites on a control plane: every leaf certificate the CAs
 * signed, and the kubeconfigs' client certificates (super-admin.conf exists only where
 * `kubeadm init` ran, the first control plane).
 */
export function renewedFiles(layout: ClusterLayout, node: string): string[] {
  const kubeconfigs = ["admin", ...(node === layout.primary ? ["super-admin"] : []), "controller-manager", "scheduler"];
  return ["/etc/kubernetes/pki/*.crt", "/etc/kubernetes/pki/etcd/*.crt", ...kubeconfigs.map((f) => `/etc/kubernetes/${f}.conf`)];
}

/**
 * Renews every control-plane certificate from the existing CAs, for kubeadm's normal period
 * (kind's v1beta3 config has no validity field, so a year). The CAs and kubelet.conf are not
 * renewed: the kubelet rotates its own client certificate. Running it again renews again.
 */
export const renewCertificates = () =>
  recoveryStep("renew-certificates", "renew every control-plane certificate and kubeconfig with `kubeadm certs renew all`", (l) =>
    l.controlPlanes.map((node) => execOn(node, kubeadm("certs", "renew", "all"), { touches: renewedFiles(l, node) })),
  );
