import { defineScenario, execOn, isHighlyAvailable as isHA, recovery as r, symptoms as s } from "../harness/scenario/kit.js";

export default defineScenario({
  name: "wipe-etc-kubernetes",
  breaks: "`rm -rf /etc/kubernetes` on the first control-plane node: every CA, key, kubeconfig and static pod manifest",
  why: "The worst one-line mistake on a kubeadm node; only etcd's data and the kubelet's state survive, and with one control plane the CA is gone for good",
  topology: [
    { controlPlanes: 1, workers: 2 },
    { controlPlanes: 3, workers: 1 },
  ],
  // Kubelets serve certificates the cluster CA signed, as in production: each rejoined kubelet needs a new one.
  cluster: { kubeletServingCertificates: true },

  breakage: (l) => [execOn(l.primary, ["rm", "-rf", "/etc/kubernetes"], { touches: ["/etc/kubernetes"] })],
  // Besides /etc/kubernetes changing: without peers the API server fails /readyz at once (its etcd
  // client certificates are gone); the kubelet only stops the static pods some 30 s later.
  symptoms: (l) => (isHA(l) ? [] : [s.apiUnavailable()]),

  recovery: (l) =>
    isHA(l)
      ? [
          r.stopControlPlaneContainers(),
          r.copySharedPkiFromPeer(), // same CA: no kubelet, token or pod fallout
          r.etcdCertsAndLocalMember(),
          r.certsAll(),
          r.kubeconfigAll(),
          r.controlPlaneAll({ holdControllerManager: false }),
          r.rejoinControlPlaneKubelet(),
          r.waitForApiServer(),
          r.refreshHostKubeconfig(),
          r.approveKubeletServingCsrs(), // the rejoined kubelet lost its serving certificate with pki/
        ]
      : [
          r.stopControlPlaneContainers(),
          r.etcdCertsAndLocalMember(),
          r.certsAll(), // new CA, front-proxy CA and SA keys
          r.kubeconfigAll(),
          r.controlPlaneAll({ holdControllerManager: true }),
          r.rejoinControlPlaneKubelet(),
          r.waitForApiServer(),
          r.refreshHostKubeconfig(),
          r.bootstrapToken(), // cluster-info carries the new CA
          r.rejoinWorkerKubelets(),
          r.restoreControllerManager(), // only now: every kubelet trusts the new CA
          r.approveKubeletServingCsrs(),
          r.restartSystemWorkloads(),
          r.reissueLegacyTokens(),
          r.restartServiceAccountPods(),
        ],

  expectations: (l) => ({
    caRotated: !isHA(l),
    preDrillToken: isHA(l) ? "valid" : "invalid",
    workloadsKeepPods: true,
    // kube-proxy and kindnet are restarted after a CA change; allow a short blip.
    availability: { minSuccessRatio: 0.9, maxGapSeconds: 60 },
    budget: { recoverySeconds: 600 },
  }),
});
