/** The recovery steps scenarios compose into plans. */
export type { RecoveryStep } from "./step.js";
export { recoveryStep } from "./step.js";
export { KUBEADM_CONFIG, kubeadm } from "./kubeadm.js";
export { ETCD_SNAPSHOT } from "./etcd.js";
export * from "./steps/control-plane.js";
export * from "./steps/pki.js";
export * from "./steps/kubelet.js";
export * from "./steps/cluster-api.js";
export * from "./steps/host.js";
export * from "./steps/static-pods.js";
export * from "./steps/etcd-snapshot.js";
export * from "./steps/etcd-member.js";
export * from "./steps/certificates.js";
