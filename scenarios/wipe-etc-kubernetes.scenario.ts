import { defineScenario, execOn, isHighlyAvailable as isHA, recovery as r } from "../harness/scenario/kit.js";

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

  // The damage is /etc/kubernetes gone (implied by `touches`). The API server fails /readyz only
  // once it opens a new etcd connection, seconds later, and the kubelet stops the static pods some
  // 30 s later: waiting for either would delay a recovery an operator starts at once.
  breakage: (l) => [execOn(l.primary, ["rm", "-rf", "/etc/kubernetes"], { touches: ["/etc/kubernetes"] })],

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
          r.releaseDeadLeaderLeases(), // the new scheduler and controller manager need not wait 15 s for the dead ones
          r.refreshHostKubeconfig(),
          r.bootstrapToken(), // cluster-info carries the new CA
          r.rejoinWorkerKubelets(),
          r.restoreControllerManager(), // only now: every kubelet trusts the new CA
          r.approveKubeletServingCsrs(),
          r.restartSystemWorkloads(),
          r.reissueLegacyTokens(),
          // No restart-service-account-pods: every kubelet restarted above, and a restarted kubelet
          // writes projected tokens signed by the new key into its pods (measured: drill passes without it).
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
