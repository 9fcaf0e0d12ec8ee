import { defineScenario, execOn, isHighlyAvailable as isHA, recovery as r, stopComponents, symptoms as s } from "../harness/scenario/kit.js";

const SA_FILES = ["/etc/kubernetes/pki/sa.key", "/etc/kubernetes/pki/sa.pub"];
const KEY_USERS = ["kube-apiserver", "kube-controller-manager"];

export default defineScenario({
  name: "delete-sa-key",
  breaks: "deletes the service-account key pair (pki/sa.key, pki/sa.pub) and restarts kube-apiserver and kube-controller-manager so the loss bites",
  why: "Both components keep the keys in memory, so the loss hides until the next restart; then every service-account token stops validating",
  topology: [
    { controlPlanes: 1, workers: 2 },
    { controlPlanes: 3, workers: 1 },
  ],

  breakage: (l) => [
    execOn(l.primary, ["rm", "-f", ...SA_FILES], { touches: SA_FILES }),
    stopComponents(l.primary, KEY_USERS),
  ],
  // Without sa.key the API server cannot start; with peers, the load balancer keeps the API up.
  symptoms: (l) => (isHA(l) ? [] : [s.apiUnavailable()]),

  recovery: (l) => [
    isHA(l) ? r.copySharedPkiFromPeer(r.SA_KEYS) : r.regenerateServiceAccountKeys(),
    // Without the keys both crash-loop, so the kubelet would start them on the new keys at its
    // next back-off retry (10 s, doubling up to 5 min); `prove` measured the runbook passing
    // without the restart after a one-second loss. After a longer one, the restart saves minutes.
    r.restartControlPlaneComponents(KEY_USERS, { speedsUp: "the kubelet's crash-loop back-off, up to 5 minutes after a long loss, is reset instead of waited out" }),
    r.waitForApiServer(),
    ...(isHA(l) ? [] : [r.restartSystemWorkloads(), r.reissueLegacyTokens(), r.restartServiceAccountPods()]),
  ],

  expectations: (l) => ({
    caRotated: false,
    preDrillToken: isHA(l) ? "valid" : "invalid",
    workloadsKeepPods: true,
    availability: { minSuccessRatio: 0.95, maxGapSeconds: 30 },
    budget: { recoverySeconds: 300 },
  }),
});
