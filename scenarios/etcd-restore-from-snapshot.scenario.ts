import { defineScenario, execOn, recovery as r, stopComponents, symptoms as s } from "../harness/scenario/kit.js";

export default defineScenario({
  name: "etcd-restore-from-snapshot",
  breaks: "destroys etcd's data directory (/var/lib/etcd/member) on the control plane and kills etcd, which the kubelet restarts as a new, empty cluster",
  why: "A lost or wiped etcd disk leaves the last snapshot as the only copy of the cluster; the documented restore must bring back exactly what it holds, with controllers and caches that notice",
  topology: { controlPlanes: 1, workers: 1 },

  // The operator's backup, outside the data directory: everything written after it is lost.
  prepare: (l) => [r.etcdSnapshotSave(l.primary)],

  // etcd keeps the deleted files open; killing it makes the loss bite, as a reboot would.
  breakage: (l) => [execOn(l.primary, ["rm", "-rf", "/var/lib/etcd/member"], { touches: ["/var/lib/etcd/member"] }), stopComponents(l.primary, ["etcd"])],
  // The API server keeps answering lists from its cache; a GET reads etcd and finds nothing.
  symptoms: () => [s.recordLost()],

  // kubernetes.io "Operating etcd clusters for Kubernetes", restoring: stop the API server,
  // restore, start it, then restart the controller manager, the scheduler and the kubelets.
  recovery: () => [
    r.stopApiServer(),
    r.restoreEtcdSnapshot(),
    r.startApiServer(),
    r.restartControlPlaneComponents(["kube-controller-manager", "kube-scheduler"]),
    r.restartKubelets(),
  ],

  expectations: {
    caRotated: false,
    preDrillToken: "valid",
    workloadsKeepPods: true,
    dataLoss: "since-prepare",
    availability: { minSuccessRatio: 0.95, maxGapSeconds: 30 },
    budget: { recoverySeconds: 240 }, // measured 83 s here (half of it the API server stopping); the rest is margin
  },
});
