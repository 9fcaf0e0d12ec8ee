import { CONTROL_PLANE_COMPONENTS, certificatesValidFor, defineScenario, execOn, recovery as r, shellOn, stopComponents, symptoms as s, waitOn } from "../harness/scenario/kit.js";

/**
 * kind's v1beta3 kubeadm config has no certificate validity; kubeadm 1.31+ reads v1beta4's
 * certificateValidityPeriod, and `certs renew` honours it (renewal/manager.go). So the
 * breakage migrates the node's config and renews with a validity of minutes: the
 * certificates expire for real, and no clock is touched.
 */
const SHORT_CONFIG = "/etc/kubernetes/tmp/kubedrill-short-validity.yaml";
const VALIDITY = "2m0s";
/** The certificates expire two minutes after they were renewed, whatever --ready-timeout says. */
const EXPIRY_WAIT_MS = 3 * 60_000;

export default defineScenario({
  name: "expired-control-plane-certificates",
  breaks: `renews every control-plane certificate for ${VALIDITY} on every control plane, restarts the control plane on them, and waits until they have expired`,
  why: "kubeadm certificates last a year; a cluster nobody upgraded or renewed in that time locks everyone out on the day they expire",
  topology: { controlPlanes: 1, workers: 1 },

  // Control planes set up together expire together: every one of them is broken.
  breakage: (l) => [
    ...l.controlPlanes.flatMap((node) => [
      shellOn(node, "mkdir -p /etc/kubernetes/tmp"),
      execOn(node, ["kubeadm", "config", "migrate", "--old-config", r.KUBEADM_CONFIG, "--new-config", SHORT_CONFIG], { touches: [SHORT_CONFIG] }),
      shellOn(
        node,
        [
          `sed -i 's/^certificateValidityPeriod: .*/certificateValidityPeriod: ${VALIDITY}/' ${SHORT_CONFIG}`,
          `if [ "$(grep -cx 'certificateValidityPeriod: ${VALIDITY}' ${SHORT_CONFIG})" != 1 ]; then echo "no certificateValidityPeriod set in ${SHORT_CONFIG}" >&2; exit 1; fi`,
        ].join("\n"),
      ),
      execOn(node, ["kubeadm", "certs", "renew", "all", "--config", SHORT_CONFIG], { touches: r.renewedFiles(l, node) }),
    ]),
    // The components load their certificates (and kubeconfigs) at start: restart them on the short-lived ones.
    ...l.controlPlanes.map((node) => stopComponents(node, CONTROL_PLANE_COMPONENTS)),
    ...l.controlPlanes.map((node) => waitOn(node, ["sh", "-c", "! openssl x509 -checkend 0 -noout -in /etc/kubernetes/pki/apiserver.crt"], "the renewed certificates expired", EXPIRY_WAIT_MS)),
  ],
  symptoms: (l) => [
    s.apiCertificateExpired(),
    s.symptom("kubeadm certs check-expiration reports expired certificates", async ({ cluster }) => {
      const { stdout } = await cluster.node(l.primary).exec(r.kubeadm("certs", "check-expiration"));
      const expired = stdout.split("\n").filter((line) => line.includes("<invalid>"));
      if (expired.length === 0) throw new Error("no certificate reported <invalid>");
      return `${expired.length} expired: ${expired.map((line) => line.split(/\s+/)[0]).join(", ")}`;
    }),
  ],

  // kubeadm "Certificate Management with kubeadm": renew, restart the static pods, re-copy admin.conf.
  recovery: () => [r.renewCertificates(), r.restartStaticPods(), r.waitForApiServer(), r.refreshHostKubeconfig()],

  expectations: (l) => ({
    caRotated: false,
    preDrillToken: "valid",
    workloadsKeepPods: true,
    availability: { minSuccessRatio: 0.95, maxGapSeconds: 30 },
    // Four static pods restarted one by one on each control plane: measured 137 s on one,
    // 255 s on three (--control-planes 3).
    budget: { recoverySeconds: 150 + 150 * l.controlPlanes.length },
  }),

  checks: () => [certificatesValidFor(300)],
});
