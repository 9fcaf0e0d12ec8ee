import type { KubeClients } from "../kube/clients.js";
import { SENTINEL } from "../workload/manifests.js";

/** issueToken asks for a TokenRequest token for the sentinel namespace's default service account. */
export async function issueToken(kube: KubeClients, expirationSeconds = 3600): Promise<string> {
  const request = await kube.core.createNamespacedServiceAccountToken({
    name: "default",
    namespace: SENTINEL.namespace,
    body: { spec: { audiences: [], expirationSeconds } },
  });
  const token = request.status?.token;
  if (!token) throw new Error("TokenRequest returned no token");
  return token;
}

/** tokenIsValid runs a TokenReview: does the API server accept this token now? */
export async function tokenIsValid(kube: KubeClients, token: string): Promise<boolean> {
  const review = await kube.authn.createTokenReview({ body: { spec: { token } } });
  return review.status?.authenticated === true;
}
