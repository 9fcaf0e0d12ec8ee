import { execOn } from "../harness/ops/node-ops.js";
import type { Operation } from "../harness/ops/operation.js";

/**
 * The per-node kubeadm config kind writes. Every kubeadm call gets it: without it kubeadm
 * falls back to a network version lookup, loses kind's SANs, podSubnet, extraArgs,
 * provider-id and node-ip, and uses a different service subnet.
 */
export const KUBEADM_CONFIG = "/kind/kubeadm.conf";

/** kubeadm builds a kubeadm argv that always ends with `--config /kind/kubeadm.conf`. */
export function kubeadm(...args: string[]): string[] {
  return ["kubeadm", ...args, "--config", KUBEADM_CONFIG];
}

const K8S = "/etc/kubernetes";
const PKI = `${K8S}/pki`;
const pair = (base: string, ext: [string, string] = ["crt", "key"]) => ext.map((e) => `${base}.${e}`);

/** Files each `kubeadm init phase` writes, so --dry-run can list what a drill touches. */
const PHASE_WRITES: Record<string, string[]> = {
  "certs etcd-ca": pair(`${PKI}/etcd/ca`),
  "certs etcd-server": pair(`${PKI}/etcd/server`),
  "certs etcd-peer": pair(`${PKI}/etcd/peer`),
  "certs etcd-healthcheck-client": pair(`${PKI}/etcd/healthcheck-client`),
  "certs all": [`${PKI}/*`],
  "certs sa": pair(`${PKI}/sa`, ["key", "pub"]),
  "etcd local": [`${K8S}/manifests/etcd.yaml`],
  "kubeconfig all": ["admin", "super-admin", "kubelet", "controller-manager", "scheduler"].map((f) => `${K8S}/${f}.conf`),
  "kubeconfig kubelet": [`${K8S}/kubelet.conf`],
  "control-plane all": ["kube-apiserver", "kube-controller-manager", "kube-scheduler"].map((f) => `${K8S}/manifests/${f}.yaml`),
  "kubelet-start": ["/var/lib/kubelet/config.yaml", "/var/lib/kubelet/kubeadm-flags.env"],
  "kubelet-finalize all": [`${K8S}/kubelet.conf`],
  "bootstrap-token": ["Secret kube-system/bootstrap-token-abcdef", "ConfigMap kube-public/cluster-info"],
};

/** initPhase runs one `kubeadm init phase` group inside a node. */
export function initPhase(node: string, phase: string): Operation {
  const writes = PHASE_WRITES[phase];
  if (!writes) throw new Error(`unknown kubeadm init phase "${phase}"; known: ${Object.keys(PHASE_WRITES).join(", ")}`);
  return execOn(node, kubeadm("init", "phase", ...phase.split(" ")), { touches: writes });
}
