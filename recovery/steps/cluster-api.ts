import { shellOn } from "../../harness/ops/node-ops.js";
import { initPhase } from "../kubeadm.js";
import { KUBECTL } from "../kubectl.js";
import { recoveryStep } from "../step.js";

/** Namespaces whose workloads kubedrill restarts itself in restart-system-workloads. */
const SYSTEM_NAMESPACES = ["kube-system", "local-path-storage"];

/** Re-creates kind's bootstrap token (fresh TTL) and cluster-info with the current CA. */
export const bootstrapToken = () =>
  recoveryStep("bootstrap-token", "refresh the bootstrap token and cluster-info so later joins trust the new CA", (l) => [
    initPhase(l.primary, "bootstrap-token"),
  ]);

/** Approves pending kubelet serving-certificate CSRs; a no-op unless serverTLSBootstrap is on. */
export const approveKubeletServingCsrs = () =>
  recoveryStep("approve-kubelet-serving-csrs", "approve pending kubelet serving-certificate requests", (l) => [
    shellOn(
      l.primary,
      `${KUBECTL} get csr -o go-template='{{range .items}}{{if and (eq .spec.signerName "kubernetes.io/kubelet-serving") (not .status.conditions)}}{{.metadata.name}}{{"\\n"}}{{end}}{{end}}' | xargs -r ${KUBECTL} certificate approve`,
      { touches: ["CertificateSigningRequests (kubelet-serving)"] },
    ),
  ]);

/**
 * In-cluster clients load the CA and their token once; after a CA or SA-key change the
 * system daemonsets and deployments need new pods.
 */
export const restartSystemWorkloads = () =>
  recoveryStep("restart-system-workloads", "rollout-restart kube-system (and local-path-storage) daemonsets and deployments", (l) => [
    shellOn(
      l.primary,
      SYSTEM_NAMESPACES.map(
        (ns) => `${KUBECTL} -n ${ns} get daemonset,deployment -o name 2>/dev/null | xargs -r ${KUBECTL} -n ${ns} rollout restart`,
      ).join(" && "),
      { touches: SYSTEM_NAMESPACES.map((ns) => `DaemonSets and Deployments in ${ns}`) },
    ),
  ]);

/**
 * Legacy token Secrets signed by the old key: removing data.token makes the token
 * controller (in kube-controller-manager) issue a new one.
 */
export const reissueLegacyTokens = () =>
  recoveryStep("reissue-legacy-tokens", "re-issue legacy service-account token Secrets with the new key", (l) => [
    shellOn(
      l.primary,
      `${KUBECTL} get secret -A --field-selector type=kubernetes.io/service-account-token -o jsonpath='{range .items[*]}{.metadata.namespace}{" "}{.metadata.name}{"\\n"}{end}' | ` +
        `while read -r ns name; do ${KUBECTL} -n "$ns" patch secret "$name" --type=json -p '[{"op":"remove","path":"/data/token"}]' || true; done`,
      { touches: ["Secrets of type kubernetes.io/service-account-token (data.token)"] },
    ),
  ]);

/**
 * Pods on non-default service accounts hold projected tokens signed by the old key until
 * the kubelet refreshes them (up to ~48 min). Deleting controller-owned pods gets new tokens now.
 */
export const restartServiceAccountPods = () =>
  recoveryStep("restart-service-account-pods", "recreate controller-owned pods that use a non-default service account", (l) => [
    shellOn(
      l.primary,
      `${KUBECTL} get pods -A -o jsonpath='{range .items[*]}{.metadata.namespace}{" "}{.metadata.name}{" "}{.spec.serviceAccountName}{" "}{.metadata.ownerReferences[0].kind}{"\\n"}{end}' | ` +
        `awk '$3 != "default" && $4 != ""${SYSTEM_NAMESPACES.map((ns) => ` && $1 != "${ns}"`).join("")} {print $1, $2}' | ` +
        `while read -r ns name; do ${KUBECTL} -n "$ns" delete pod "$name" --wait=false; done`,
      { touches: ["Pods with a non-default service account outside system namespaces"] },
    ),
  ]);
