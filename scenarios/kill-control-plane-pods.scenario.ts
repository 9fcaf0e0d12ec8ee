import { CONTROL_PLANE_COMPONENTS, crictlStop, defineScenario, execOn, recovery as r } from "../harness/scenario/kit.js";

export default defineScenario({
  name: "kill-control-plane-pods",
  breaks: "kills the etcd, kube-apiserver, kube-controller-manager and kube-scheduler containers on every control-plane node",
  why: "The kubelet alone must bring a kubeadm control plane back; this times how long that takes and proves nothing else is lost",
  topology: { controlPlanes: 1, workers: 2 },

  breakage: (l) => l.controlPlanes.map((node) => execOn(node, crictlStop(CONTROL_PLANE_COMPONENTS))),

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
