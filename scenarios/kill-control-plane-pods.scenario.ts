import { CONTROL_PLANE_COMPONENTS, defineScenario, recovery as r, stopComponents, symptoms as s } from "../harness/scenario/kit.js";

export default defineScenario({
  name: "kill-control-plane-pods",
  breaks: "kills the etcd, kube-apiserver, kube-controller-manager and kube-scheduler containers on every control-plane node",
  why: "The kubelet alone must bring a kubeadm control plane back; this times how long that takes and proves nothing else is lost",
  topology: { controlPlanes: 1, workers: 2 },

  breakage: (l) => l.controlPlanes.map((node) => stopComponents(node, CONTROL_PLANE_COMPONENTS)),
  // Besides the killed containers being gone: with etcd and every API server down, the API stops answering.
  symptoms: () => [s.apiUnavailable()],

  // Nothing to repair: the steps only watch the kubelet do it, so the recovery is timed.
  recovery: () => [r.waitForControlPlaneContainers(), r.waitForApiServer()],

  expectations: {
    caRotated: false,
    preDrillToken: "valid",
    workloadsKeepPods: true,
    availability: { minSuccessRatio: 0.95, maxGapSeconds: 30 },
    budget: { recoverySeconds: 240 },
  },
});
