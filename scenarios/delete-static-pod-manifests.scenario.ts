import { CONTROL_PLANE_COMPONENTS, defineScenario, isHighlyAvailable as isHA, recovery as r, shellOn, symptoms as s } from "../harness/scenario/kit.js";

export default defineScenario({
  name: "delete-static-pod-manifests",
  breaks: "deletes every static pod manifest in /etc/kubernetes/manifests on the control-plane node",
  why: "A cleanup script or a config-management run that empties the manifests directory stops the whole control plane while every certificate stays valid",
  topology: { controlPlanes: 1, workers: 2 },

  breakage: (l) => [shellOn(l.primary, "rm -f /etc/kubernetes/manifests/*.yaml", { touches: ["/etc/kubernetes/manifests/*.yaml"] })],

  // The manifests being gone is implied by `touches`; the outage is the kubelet stopping the pods.
  symptoms: (l) => [
    ...CONTROL_PLANE_COMPONENTS.map((component) => s.containerReplaced(l.primary, component)),
    ...(isHA(l) ? [] : [s.apiUnavailable()]),
  ],

  // With --config the manifests come out identical, so nothing else has to change.
  recovery: () => [
    r.etcdCertsAndLocalMember(), // the certificates exist: kubeadm keeps them and writes etcd.yaml
    r.controlPlaneAll({ holdControllerManager: false }),
    r.waitForControlPlaneContainers(),
    r.waitForApiServer(),
  ],

  expectations: {
    caRotated: false,
    preDrillToken: "valid",
    workloadsKeepPods: true,
    availability: { minSuccessRatio: 0.95, maxGapSeconds: 30 },
    budget: { recoverySeconds: 120 }, // measured 7–10 s here; the rest is margin for slower hosts
  },
});
