import type { ClusterLayout } from "../../harness/kind/layout.js";
import { etcdEndpointHealth, etcdctlInContainer } from "../../harness/node/commands.js";
import { execOn, shellOn, waitOn } from "../../harness/ops/node-ops.js";
import { ETCD_DATA_DIR, ETCD_MANIFEST } from "../etcd.js";
import { kubeadm } from "../kubeadm.js";
import { KUBECTL } from "../kubectl.js";
import { recoveryStep } from "../step.js";
import { heldManifest, holdManifest, releaseStaticPod } from "./static-pods.js";

/** Picks the control plane whose etcd member was lost. */
export type MemberNode = (layout: ClusterLayout) => string;

const HELD = heldManifest("etcd");
/** Succeeds when the node's own etcd answers as a healthy member: its data and membership are fine. */
const localHealthy = etcdctlInContainer("endpoint health");

function memberAndPeer(layout: ClusterLayout, pick: MemberNode): { member: string; peer: string } {
  if (layout.controlPlanes.length < 2) throw new Error(`replacing an etcd member needs a healthy peer; ${layout.cluster} has one control plane`);
  const member = pick(layout);
  if (!layout.controlPlanes.includes(member)) throw new Error(`${member} is not a control plane of ${layout.cluster}`);
  return { member, peer: layout.controlPlanes.find((node) => node !== member)! };
}

/**
 * Stops the lost member's etcd for good (it crash-loops on its empty data directory) and the
 * API server beside it, which knows no other etcd: it takes connections and answers none, so
 * clients pinned to it (kubelets, kube-proxy, this node's own kubelet, which then stalls) hang
 * until it goes. Both manifests move out of manifests/, and the containers are stopped at
 * once: the kubelet would give the API server its 30 s grace period for requests that cannot
 * finish, while this node's kubelet has no API server to renew its lease with. A member that
 * answers healthy is left running.
 */
export const stopEtcdMember = (pick: MemberNode) =>
  recoveryStep("stop-etcd-member", "move the lost member's etcd and the API server that depends on it out of manifests/, and wait until both stopped", (l) => {
    const { member } = memberAndPeer(l, pick);
    const running = `crictl ps --state running --name '^(etcd|kube-apiserver)$' -q`;
    const stopped = `[ -z "$(${running})" ]`;
    return [
      shellOn(member, [`if ${localHealthy}; then echo "etcd on this node is a healthy member: leaving it running"; exit 0; fi`, holdManifest("etcd"), holdManifest("kube-apiserver"), `ids=$(${running})`, 'if [ -n "$ids" ]; then crictl stop --timeout 0 $ids; fi'].join("\n"), {
        touches: [ETCD_MANIFEST, HELD, "/etc/kubernetes/manifests/kube-apiserver.yaml", heldManifest("kube-apiserver")],
      }),
      waitOn(member, ["sh", "-c", `[ -f ${ETCD_MANIFEST} ] || ${stopped}`], "etcd and kube-apiserver stopped (or left running healthy)"),
    ];
  });

/**
 * From a healthy peer, removes the lost member (found by its peer URL, so one that was added
 * but never started counts too), only if it is listed and does not answer healthy.
 */
export const removeEtcdMember = (pick: MemberNode) =>
  recoveryStep("remove-etcd-member", "remove the lost member from the etcd cluster, from a healthy peer", (l) => {
    const { member, peer } = memberAndPeer(l, pick);
    return [
      shellOn(
        peer,
        [
          `ip=$(${KUBECTL} get node ${member} -o jsonpath='{.status.addresses[?(@.type=="InternalIP")].address}')`,
          `if [ -z "$ip" ]; then echo "node ${member} has no InternalIP to find its etcd member by" >&2; exit 1; fi`,
          'url="https://$ip:2380"',
          `listed=$(${etcdctlInContainer("member list -w simple")} | awk -F', ' -v url="$url" '$4 == url')`,
          `if [ -z "$listed" ]; then echo "no etcd member with peer URL $url: nothing to remove"; exit 0; fi`,
          'id=${listed%%,*}',
          `if ${etcdctlInContainer("endpoint health", '"https://$ip:2379"')}; then echo "member $id ($url) is healthy: not removing it"; exit 0; fi`,
          etcdctlInContainer('member remove "$id"'),
        ].join("\n"),
        { touches: [`etcd member of ${member}`] },
      ),
    ];
  });

/**
 * Re-adds the member the kubeadm way, on its own node: with an empty data directory, kubeadm
 * adds it as a learner, writes its manifest, promotes it once it caught up, and waits until
 * the cluster is available. kubeadm does this in `join phase etcd-join` when the
 * ControlPlaneKubeletLocalMode gate is on (the default from 1.33) and in `control-plane-join
 * etcd` otherwise; the phase that does not apply does nothing, so both run. Neither is
 * idempotent (a second add fails to promote a voting member), hence the health guard.
 */
export const rejoinEtcdMember = (pick: MemberNode) =>
  recoveryStep("rejoin-etcd-member", "clear the lost member's data and re-add it with kubeadm, until it is a started, healthy member", (l) => {
    const { member } = memberAndPeer(l, pick);
    const alreadyMember = { argv: etcdEndpointHealth(), what: "etcd on this node is already a healthy member" };
    return [
      shellOn(
        member,
        [
          `if [ -n "$(crictl ps --state running --name '^etcd$' -q)" ]; then`,
          `  if ${localHealthy}; then echo "etcd on this node is a healthy member: keeping its data"; exit 0; fi`,
          '  echo "etcd runs on this node but is not healthy: stop it first (stop-etcd-member)" >&2; exit 1',
          "fi",
          `if [ -d ${ETCD_DATA_DIR}/member ]; then rm -rf ${ETCD_DATA_DIR}/member; echo "cleared ${ETCD_DATA_DIR}"; else echo "${ETCD_DATA_DIR} holds no member data"; fi`,
        ].join("\n"),
        { touches: [`${ETCD_DATA_DIR}/member`] },
      ),
      execOn(member, kubeadm("join", "phase", "etcd-join"), { touches: [ETCD_MANIFEST], unless: alreadyMember }),
      execOn(member, kubeadm("join", "phase", "control-plane-join", "etcd"), { touches: [ETCD_MANIFEST], unless: alreadyMember }),
      shellOn(member, `if [ -f ${HELD} ]; then rm ${HELD}; echo "removed the stale ${HELD}"; fi`, { touches: [HELD] }),
      waitOn(member, etcdEndpointHealth(), "etcd on this node is a started, healthy member"),
    ];
  });

/** Puts the member's API server back once its etcd is healthy, and waits until it is ready. */
export const startMemberApiServer = (pick: MemberNode) =>
  recoveryStep("start-member-api-server", "move the member's kube-apiserver manifest back and wait until it reports ready", (l) => {
    const { member } = memberAndPeer(l, pick);
    return [...releaseStaticPod(member, "kube-apiserver"), waitOn(member, ["curl", "-fsk", "https://127.0.0.1:6443/readyz"], "this node's kube-apiserver /readyz ok")];
  });
