import { CustomObjectsApi } from "@kubernetes/client-node";
import { expect } from "chai";
import { CONTROL_PLANE_COMPONENTS, KUBECTL, defineScenario, isHighlyAvailable as isHA, recovery as r, shellOn, symptoms as s, waitOn } from "../harness/scenario/kit.js";

/** A custom resource the team's own tooling depends on: it must still be served after the recovery. */
const WIDGET = { group: "example.kubedrill.io", version: "v1", plural: "widgets", namespace: "kubedrill-sentinel", name: "sentinel" };
const WIDGET_MANIFESTS = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: ${WIDGET.plural}.${WIDGET.group} }
spec:
  group: ${WIDGET.group}
  scope: Namespaced
  names: { plural: ${WIDGET.plural}, singular: widget, kind: Widget }
  versions:
    - name: ${WIDGET.version}
      served: true
      storage: true
      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }`;

export default defineScenario({
  name: "delete-static-pod-manifests",
  breaks: "deletes every static pod manifest in /etc/kubernetes/manifests on the control-plane node",
  why: "A cleanup script or a config-management run that empties the manifests directory stops the whole control plane while every certificate stays valid",
  topology: { controlPlanes: 1, workers: 2 },

  // Before the break: a CRD and one of its objects, as a team's operator would have them.
  prepare: (l) => [
    shellOn(
      l.primary,
      [
        `${KUBECTL} apply -f - <<'EOF'\n${WIDGET_MANIFESTS}\nEOF`,
        `${KUBECTL} wait --for condition=established --timeout=60s crd/${WIDGET.plural}.${WIDGET.group}`,
        `${KUBECTL} -n ${WIDGET.namespace} apply -f - <<'EOF'\napiVersion: ${WIDGET.group}/${WIDGET.version}\nkind: Widget\nmetadata: { name: ${WIDGET.name} }\nspec: { size: 3 }\nEOF`,
      ].join("\n"),
      { touches: [`CustomResourceDefinition ${WIDGET.plural}.${WIDGET.group}`, `Widget ${WIDGET.namespace}/${WIDGET.name}`] },
    ),
  ],

  breakage: (l) => [
    shellOn(l.primary, "rm -f /etc/kubernetes/manifests/*.yaml", { touches: ["/etc/kubernetes/manifests/*.yaml"] }),
    // The kubelet notices only on its next look at the directory (up to ~30 s); the outage starts then.
    waitOn(l.primary, ["sh", "-c", "! crictl ps --name '^kube-apiserver$' -q | grep -q ."], "the kubelet stopped kube-apiserver"),
  ],

  // Proven from outside as well: the manifests are gone (implied by `touches`), the containers that ran are gone.
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

  // Checked with the built-in checks, in every verification pass.
  checks: () => [
    {
      name: "the Widget created before the break is still served, unchanged",
      async run({ kube }) {
        const widget = (await kube.client(CustomObjectsApi).getNamespacedCustomObject(WIDGET)) as { spec?: { size?: number } };
        expect(widget.spec?.size, "Widget sentinel spec.size").to.equal(3);
      },
    },
  ],
});
