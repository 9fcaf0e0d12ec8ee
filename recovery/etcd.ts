import { ETCDCTL_TLS } from "../harness/node/commands.js";

/** The etcd static pod manifest: its flags name the member (name, peer URL, data dir), its image the etcd release. */
export const ETCD_MANIFEST = "/etc/kubernetes/manifests/etcd.yaml";
/** Where operators keep snapshots: on the node, outside etcd's data directory, so losing one does not lose the other. */
export const ETCD_BACKUP_DIR = "/var/lib/etcd-backup";
export const ETCD_SNAPSHOT = `${ETCD_BACKUP_DIR}/snapshot.db`;
/** kubeadm's data directory for stacked etcd (etcd.local.dataDir, which kind leaves at its default). */
export const ETCD_DATA_DIR = "/var/lib/etcd";

/** A bash function printing one `--flag=value` of the etcd manifest, failing when the flag is not there. */
export const ETCD_MANIFEST_FLAG = [
  "etcd_flag() {",
  `  local value; value=$(sed -n "s/^ *- --$1=//p" ${ETCD_MANIFEST})`,
  `  if [ -z "$value" ]; then echo "no --$1 in ${ETCD_MANIFEST}" >&2; return 1; fi`,
  "  printf '%s' \"$value\"",
  "}",
].join("\n");

export interface ToolOptions {
  /** Host directories mounted at the same path; read-write unless listed in readOnly. */
  mounts: readonly string[];
  readOnly?: readonly string[];
  /** Share the node's network, to reach etcd on 127.0.0.1. */
  hostNetwork?: boolean;
}

/**
 * A bash fragment running one of the etcd image's tools (etcdctl, etcdutl) in a throwaway
 * container on the node. The node has neither tool, and etcdutl must reach directories the
 * etcd container does not mount. The image is the one the etcd manifest runs, so the tools
 * match the server; containerd's `ctr` runs it, as `docker run` would elsewhere.
 */
export function etcdImageTool(command: string, { mounts, readOnly = [], hostNetwork = false }: ToolOptions): string {
  const bind = (path: string, mode: string) => `--mount type=bind,src=${path},dst=${path},options=rbind:${mode}`;
  return [
    `image=$(awk '$1 == "image:" { print $2; exit }' ${ETCD_MANIFEST})`,
    `if [ -z "$image" ]; then echo "no image in ${ETCD_MANIFEST}" >&2; exit 1; fi`,
    [
      "ctr -n k8s.io run --rm",
      ...(hostNetwork ? ["--net-host"] : []),
      ...mounts.map((m) => bind(m, "rw")),
      ...readOnly.map((m) => bind(m, "ro")),
      `"$image" "kubedrill-etcd-tool-$(date +%s%N)"`,
      command,
    ].join(" "),
  ].join("\n");
}

/** etcdctl against the node's own member, for etcdImageTool (with hostNetwork). */
export const LOCAL_ETCDCTL = `etcdctl --endpoints=https://127.0.0.1:2379 ${ETCDCTL_TLS}`;
