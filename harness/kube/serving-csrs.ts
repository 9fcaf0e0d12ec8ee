import type { V1CertificateSigningRequest } from "@kubernetes/client-node";
import { CertificatesV1Api } from "@kubernetes/client-node";
import type { KubeClients } from "./clients.js";

const SERVING_SIGNER = "kubernetes.io/kubelet-serving";

const isPending = (csr: V1CertificateSigningRequest) => !(csr.status?.conditions ?? []).length;

/**
 * approveKubeletServing approves the pending kubelet serving-certificate requests (kind
 * leaves them pending, as kubeadm does), then throws until every node has an issued
 * serving certificate, so a caller polls it.
 */
export async function approveKubeletServing(kube: KubeClients, nodes: readonly string[]): Promise<void> {
  const certificates = kube.client(CertificatesV1Api);
  const serving = (await certificates.listCertificateSigningRequest()).items.filter((csr) => csr.spec.signerName === SERVING_SIGNER);
  for (const csr of serving.filter(isPending)) {
    csr.status = { conditions: [{ type: "Approved", status: "True", reason: "KubedrillApproved", message: "kubelet serving certificate for a drill cluster" }] };
    await certificates.replaceCertificateSigningRequestApproval({ name: csr.metadata!.name!, body: csr });
  }
  const issued = new Set(serving.filter((csr) => csr.status?.certificate).map((csr) => csr.spec.username?.replace(/^system:node:/, "")));
  const waiting = nodes.filter((node) => !issued.has(node));
  if (waiting.length > 0) throw new Error(`no issued kubelet serving certificate yet for ${waiting.join(", ")}`);
}
