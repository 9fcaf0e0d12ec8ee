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

/** How long approve-kubelet-serving-csrs waits for every kubelet to serve a certificate from the current CA. */
const SERVING_WAIT_SECONDS = 240;

/**
 * With serverTLSBootstrap, a kubelet that lost /var/lib/kubelet/pki serves nothing on 10250
 * (no logs, exec or metrics) until its new serving-certificate CSR is approved, and kubeadm
 * leaves those pending. This approves the pending kubelet-serving CSRs of the cluster's nodes
 * and waits, within a bound, until every kubelet serves a certificate the current CA signed
 * (asked over TLS, as the API server does); then there is nothing left to approve.
 * Without serverTLSBootstrap kubelets serve self-signed certificates and it does nothing.
 */
export const approveKubeletServingCsrs = () =>
  recoveryStep("approve-kubelet-serving-csrs", "approve the kubelets' serving-certificate requests until every kubelet serves a certificate from the current CA", (l) => [
    shellOn(
      l.primary,
      [
        "if ! grep -qx 'serverTLSBootstrap: true' /var/lib/kubelet/config.yaml; then echo \"kubelets serve self-signed certificates (no serverTLSBootstrap): nothing to approve\"; exit 0; fi",
        `nodes="${l.nodes.join(" ")}"`,
        `deadline=$((SECONDS + ${SERVING_WAIT_SECONDS}))`,
        // A freshly started API server can refuse requests for a moment (its authorizer still
        // syncing): that is "not yet", reported with the refusal if it outlasts the deadline.
        "while :; do",
        '  waiting=""',
        `  if ! pending=$(${KUBECTL} get csr -o go-template='{{range .items}}{{if and (eq .spec.signerName "kubernetes.io/kubelet-serving") (not .status.conditions)}}{{.metadata.name}} {{.spec.username}}{{"\\n"}}{{end}}{{end}}' 2>/tmp/kubedrill-api.err); then`,
        '    waiting=" (the API refused to list CSRs: $(tail -n1 /tmp/kubedrill-api.err))"; pending=""',
        "  fi",
        '  while read -r csr user; do',
        '    if [ -z "$csr" ]; then continue; fi',
        '    case " $nodes " in',
        `      *" \${user#system:node:} "*) ${KUBECTL} certificate approve "$csr" || waiting+=" ($csr not approved yet)" ;;`,
        '      *) echo "leaving $csr pending: $user is not a node of this cluster" ;;',
        "    esac",
        '  done <<< "$pending"',
        "  for node in $nodes; do",
        `    if ! ip=$(${KUBECTL} get node "$node" -o jsonpath='{.status.addresses[?(@.type=="InternalIP")].address}' 2>/tmp/kubedrill-api.err); then waiting+=" $node (the API refused: $(tail -n1 /tmp/kubedrill-api.err))"; continue; fi`,
        '    if ! served=$(openssl s_client -connect "$ip:10250" </dev/null 2>&1 | openssl x509 2>&1); then waiting+=" $node (serves no certificate)"; continue; fi',
        '    if ! verdict=$(printf \'%s\\n\' "$served" | openssl verify -CAfile /etc/kubernetes/pki/ca.crt 2>&1); then waiting+=" $node ($(printf \'%s\' "$verdict" | tail -n1))"; fi',
        "  done",
        '  if [ -z "$waiting" ]; then echo "every kubelet serves a certificate from the current CA"; exit 0; fi',
        `  if (( SECONDS >= deadline )); then echo "after ${SERVING_WAIT_SECONDS}s, kubelets still without a serving certificate from the current CA:$waiting" >&2; exit 1; fi`,
        "  sleep 3",
        "done",
      ].join("\n"),
      { touches: ["CertificateSigningRequests (kubelet-serving)"] },
    ),
  ]);

/**
 * restartIn gives a namespace's DaemonSets and Deployments new pods; `required`: finding none is
 * an error. DaemonSet pods (one per node: kube-proxy, the pod network) are deleted all at once
 * rather than rolled node by node: the iptables rules and routes they wrote stay in place while
 * they restart. Deployments (DNS) are rolled, so they keep serving.
 */
function restartIn(namespace: string, required: boolean): string {
  const none = required ? `echo "${namespace} has no DaemonSets or Deployments to restart" >&2; exit 1` : `echo "${namespace}: nothing to restart"`;
  const daemonPods = `{range .items[?(@.metadata.ownerReferences[0].kind=="DaemonSet")]}{.metadata.name}{" "}{end}`;
  return [
    `workloads=$(${KUBECTL} -n ${namespace} get daemonset,deployment -o name)`,
    `if [ -z "$workloads" ]; then ${none}; fi`,
    `pods=$(${KUBECTL} -n ${namespace} get pods -o jsonpath='${daemonPods}')`,
    `if [ -n "$pods" ]; then ${KUBECTL} -n ${namespace} delete pod --wait=false $pods; fi`,
    `deployments=$(${KUBECTL} -n ${namespace} get deployment -o name)`,
    `if [ -n "$deployments" ]; then ${KUBECTL} -n ${namespace} rollout restart $deployments; fi`,
  ].join("\n");
}

/**
 * In-cluster clients load the CA and their token once; after a CA or SA-key change the
 * system daemonsets and deployments need new pods. kube-system always has some (DNS, proxy,
 * pod network); local-path-storage exists only where kind's storage provisioner was installed.
 */
export const restartSystemWorkloads = () =>
  recoveryStep("restart-system-workloads", "give kube-system (and local-path-storage) workloads new pods: DaemonSet pods at once, Deployments rolled", (l) => [
    shellOn(
      l.primary,
      [
        restartIn("kube-system", true),
        `if [ -n "$(${KUBECTL} get namespace local-path-storage --ignore-not-found -o name)" ]; then`,
        restartIn("local-path-storage", false),
        "fi",
      ].join("\n"),
      { touches: SYSTEM_NAMESPACES.map((ns) => `DaemonSets and Deployments in ${ns}`) },
    ),
  ]);

/**
 * Legacy token Secrets signed by the old key: removing data.token makes the token
 * controller (in kube-controller-manager) issue a new one. A merge patch to null removes
 * the key if it is there and changes nothing if it is already gone, so the step can rerun.
 */
export const reissueLegacyTokens = () =>
  recoveryStep("reissue-legacy-tokens", "re-issue legacy service-account token Secrets with the new key", (l) => [
    shellOn(
      l.primary,
      [
        `secrets=$(${KUBECTL} get secret -A --field-selector type=kubernetes.io/service-account-token -o jsonpath='{range .items[*]}{.metadata.namespace}{" "}{.metadata.name}{"\\n"}{end}')`,
        'if [ -z "$secrets" ]; then echo "no legacy service-account token Secrets"; exit 0; fi',
        `while read -r ns name; do ${KUBECTL} -n "$ns" patch secret "$name" --type=merge -p '{"data":{"token":null}}'; done <<< "$secrets"`,
      ].join("\n"),
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
      [
        `pods=$(${KUBECTL} get pods -A -o jsonpath='{range .items[*]}{.metadata.namespace}{" "}{.metadata.name}{" "}{.spec.serviceAccountName}{" "}{.metadata.ownerReferences[0].kind}{"\\n"}{end}' | ` +
          `awk '$3 != "default" && $4 != ""${SYSTEM_NAMESPACES.map((ns) => ` && $1 != "${ns}"`).join("")} {print $1, $2}')`,
        'if [ -z "$pods" ]; then echo "no controller-owned pods on a non-default service account outside the system namespaces"; exit 0; fi',
        `while read -r ns name; do ${KUBECTL} -n "$ns" delete pod "$name" --wait=false; done <<< "$pods"`,
      ].join("\n"),
      { touches: ["Pods with a non-default service account outside system namespaces"] },
    ),
  ]);
