import { execOn } from "../../harness/ops/node-ops.js";
import { kubeadm } from "../kubeadm.js";
import { recoveryStep } from "../step.js";

/** What `kubeadm certs renew all` rewrites: every leaf certificate the CAs signed, and the kubeconfigs' client certificates. */
const RENEWED = ["/etc/kubernetes/pki/*.crt", "/etc/kubernetes/pki/etcd/*.crt", ...["admin", "super-admin", "controller-manager", "scheduler"].map((f) => `/etc/kubernetes/${f}.conf`)];

/**
 * Renews every control-plane certificate from the existing CAs, for kubeadm's normal period
 * (kind's v1beta3 config has no validity field, so a year). The CAs and kubelet.conf are not
 * renewed: the kubelet rotates its own client certificate. Running it again renews again.
 */
export const renewCertificates = () =>
  recoveryStep("renew-certificates", "renew every control-plane certificate and kubeconfig with `kubeadm certs renew all`", (l) =>
    l.controlPlanes.map((node) => execOn(node, kubeadm("certs", "renew", "all"), { touches: RENEWED })),
  );
