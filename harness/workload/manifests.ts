import type { V1ConfigMap, V1Deployment, V1Namespace, V1Secret, V1Service, V1ServiceAccount } from "@kubernetes/client-node";

/** Names of the objects kubedrill deploys before breaking anything. */
export const SENTINEL = {
  namespace: "kubedrill-sentinel",
  web: "web",
  tokenSentinel: "token-sentinel",
  serviceAccount: "kubedrill-token-sentinel",
  legacySecret: "kubedrill-legacy-token",
  record: "kubedrill-record",
  /** Written after the scenario's preparation (a backup), just before the breakage. */
  lateRecord: "kubedrill-late-record",
  /** Scaled only after recovery: proves controllers, the scheduler and a kubelet act on new work. */
  scaler: "scaler",
  nodePort: 30080,
  /** The scaler's Service: answers only once kube-proxy on a node has seen the endpoint made after recovery. */
  scalerNodePort: 30081,
  /** A Service created during verification: only a CoreDNS that follows the API resolves it. */
  freshService: "kubedrill-fresh",
  /** What the web pods serve and log; the prober and the logs check look for it. */
  marker: "kubedrill-sentinel",
} as const;

const APP = "app.kubernetes.io/name";

/** A busybox pod spec: the workload image is loaded into the nodes, never pulled. */
function podSpec(image: string, script: string, serviceAccountName?: string) {
  return {
    serviceAccountName,
    terminationGracePeriodSeconds: 2,
    containers: [{ name: "main", image, imagePullPolicy: "IfNotPresent", command: ["sh", "-c", script] }],
  };
}

function deployment(name: string, replicas: number, spec: ReturnType<typeof podSpec>, extra: object = {}): V1Deployment {
  return {
    metadata: { name, namespace: SENTINEL.namespace, labels: { [APP]: name } },
    spec: {
      replicas,
      selector: { matchLabels: { [APP]: name } },
      template: { metadata: { labels: { [APP]: name } }, spec: { ...spec, ...extra } },
    },
  };
}

/**
 * sentinelObjects are the witnesses of a drill: web pods whose UIDs must survive, a
 * NodePort Service the prober hits, a pod on its own service account whose mounted token
 * must validate, a legacy token Secret, a ConfigMap that must read back unchanged, and a
 * Deployment at zero replicas behind its own NodePort Service that verification scales up.
 */
export function sentinelObjects(image: string, webReplicas: number, recordData: Record<string, string>) {
  const serve = `mkdir -p /www && echo ${SENTINEL.marker} > /www/index.html && echo "${SENTINEL.marker} serving" && exec httpd -f -p 8080 -h /www`;
  const namespace: V1Namespace = { metadata: { name: SENTINEL.namespace } };
  const serviceAccount: V1ServiceAccount = { metadata: { name: SENTINEL.serviceAccount, namespace: SENTINEL.namespace } };
  const legacySecret: V1Secret = {
    metadata: { name: SENTINEL.legacySecret, namespace: SENTINEL.namespace, annotations: { "kubernetes.io/service-account.name": SENTINEL.serviceAccount } },
    type: "kubernetes.io/service-account-token",
  };
  const record: V1ConfigMap = { metadata: { name: SENTINEL.record, namespace: SENTINEL.namespace }, data: recordData };
  const web = deployment(SENTINEL.web, webReplicas, podSpec(image, serve), {
    // One pod per schedulable node (tainted control planes do not count), so every worker is checked.
    topologySpreadConstraints: [
      { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule", nodeTaintsPolicy: "Honor", labelSelector: { matchLabels: { [APP]: SENTINEL.web } } },
    ],
  });
  const service: V1Service = {
    metadata: { name: SENTINEL.web, namespace: SENTINEL.namespace },
    spec: { type: "NodePort", selector: { [APP]: SENTINEL.web }, ports: [{ port: 80, targetPort: 8080, nodePort: SENTINEL.nodePort }] },
  };
  const tokenSentinel = deployment(SENTINEL.tokenSentinel, 1, podSpec(image, "while true; do sleep 3600; done", SENTINEL.serviceAccount));
  const scaler = deployment(SENTINEL.scaler, 0, podSpec(image, serve));
  const scalerService: V1Service = {
    metadata: { name: SENTINEL.scaler, namespace: SENTINEL.namespace },
    spec: { type: "NodePort", selector: { [APP]: SENTINEL.scaler }, ports: [{ port: 80, targetPort: 8080, nodePort: SENTINEL.scalerNodePort }] },
  };
  return { namespace, serviceAccount, legacySecret, record, web, service, tokenSentinel, scaler, scalerService };
}

export const appSelector = (name: string) => `${APP}=${name}`;
