import { copyBetween } from "../../harness/ops/node-ops.js";
import type { ClusterLayout } from "../../harness/kind/layout.js";
import { initPhase } from "../kubeadm.js";
import { recoveryStep } from "../step.js";

const PKI = "/etc/kubernetes/pki";

/** The files kind copies from the first control plane to the others: one cluster identity. */
export const SHARED_PKI = ["ca.crt", "ca.key", "front-proxy-ca.crt", "front-proxy-ca.key", "sa.key", "sa.pub", "etcd/ca.crt", "etcd/ca.key"];
export const SA_KEYS = ["sa.key", "sa.pub"];

function healthyPeer(layout: ClusterLayout): string {
  const peer = layout.controlPlanes.find((node) => node !== layout.primary);
  if (!peer) throw new Error(`copying PKI from a healthy peer needs a second control plane; ${layout.cluster} has one`);
  return peer;
}

const keyMode = (file: string) => (file.endsWith(".key") ? "600" : undefined);

/** HA: restores the shared CA, front-proxy CA, SA keys and etcd CA from a healthy control plane. */
export const copySharedPkiFromPeer = (files: readonly string[] = SHARED_PKI) =>
  recoveryStep("copy-shared-pki-from-peer", `copy ${files.join(", ")} from a healthy control plane so the cluster keeps its identity`, (l) => {
    const peer = healthyPeer(l);
    return files.map((file) => copyBetween(peer, l.primary, `${PKI}/${file}`, keyMode(file)));
  });

/**
 * New etcd serving, peer and healthcheck certificates (and the etcd CA if it is gone),
 * then etcd's manifest. The member's data is readable with new certificates: TLS only
 * protects the transport.
 */
export const etcdCertsAndLocalMember = () =>
  recoveryStep("etcd-certs-and-local-member", "recreate etcd's certificates and static pod on the surviving data", (l) => [
    initPhase(l.primary, "certs etcd-ca"),
    initPhase(l.primary, "certs etcd-server"),
    initPhase(l.primary, "certs etcd-peer"),
    initPhase(l.primary, "certs etcd-healthcheck-client"),
    initPhase(l.primary, "etcd local"),
  ]);

/** Every remaining certificate and key; kubeadm keeps ones that already exist. */
export const certsAll = () =>
  recoveryStep("certs-all", "create the missing CAs, serving and client certificates and SA keys", (l) => [initPhase(l.primary, "certs all")]);

/** admin, super-admin, kubelet, controller-manager and scheduler kubeconfigs. */
export const kubeconfigAll = () =>
  recoveryStep("kubeconfig-all", "write the control-plane kubeconfigs signed by the current CA", (l) => [initPhase(l.primary, "kubeconfig all")]);

/** A new SA key pair; with several control planes every one gets the same pair. */
export const regenerateServiceAccountKeys = () =>
  recoveryStep("regenerate-sa-keys", "generate a new service-account signing key pair", (l) => [
    initPhase(l.primary, "certs sa"),
    ...l.controlPlanes
      .filter((node) => node !== l.primary)
      .flatMap((node) => SA_KEYS.map((file) => copyBetween(l.primary, node, `${PKI}/${file}`, keyMode(file)))),
  ]);
