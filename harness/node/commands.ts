/**
 * Shell commands that kubedrill runs inside kind nodes. They live in one place so that
 * node helpers, recovery steps and --dry-run all print and run the same thing.
 */

/** The static pods kubeadm manages on a control-plane node. */
export const CONTROL_PLANE_COMPONENTS = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"] as const;

/** crictl's --name is a regular expression; anchor it so "etcd" does not match other pods. */
export function componentPattern(components: readonly string[]): string {
  return `^(${components.join("|")})$`;
}

const STRICT = "set -euo pipefail\n";

/** strictBash runs a script that stops at the first failure, including one inside a pipeline. */
export function strictBash(script: string): string[] {
  return ["bash", "-c", `${STRICT}${script}`];
}

/** strictScript is the script a strictBash argv runs, or undefined for any other argv. */
export function strictScript(argv: readonly string[]): string | undefined {
  return argv.length === 3 && argv[0] === "bash" && argv[1] === "-c" && argv[2]!.startsWith(STRICT) ? argv[2]!.slice(STRICT.length) : undefined;
}

/**
 * unlessGone is the shell that decides, after crictl failed on listed containers, whether they
 * are gone anyway (removed by the kubelet meanwhile): then the goal is met; if any is still
 * listed, it fails, naming them.
 */
function unlessGone(listing: string, what: string): string {
  const stillListed = `printf '%s\\n' $ids | awk -v now="$now" 'BEGIN { n = split(now, ids, "\\n"); for (i = 1; i <= n; i++) listed[ids[i]] } $1 in listed'`;
  return `now=$(crictl ps ${listing} -q); left=$(${stillListed}); if [ -n "$left" ]; then echo "could not ${what} $c: $left" >&2; exit 1; fi; echo "$c: gone meanwhile"`;
}

export interface StopOptions {
  /** Seconds to wait before killing; 0 kills outright. */
  timeoutSeconds?: number;
  /** Fail when a component has no running container (a breakage must hit something). */
  required?: boolean;
}

/** Stops the named containers, saying per component what it stopped (or that nothing was running). */
export function crictlStop(components: readonly string[], { timeoutSeconds = 0, required = false }: StopOptions = {}): string[] {
  const none = required ? `echo "no running $c container to stop" >&2; exit 1` : `echo "$c: no running container"; continue`;
  return strictBash(
    [
      `for c in ${components.join(" ")}; do`,
      `  ids=$(crictl ps --state running --name "^$c$" -q)`,
      `  if [ -z "$ids" ]; then ${none}; fi`,
      // The kubelet may remove a container between the listing and the stop: that is not a failure.
      `  if ! crictl stop --timeout ${timeoutSeconds} $ids; then ${unlessGone('--state running --name "^$c$"', "stop")}; fi`,
      "done",
    ].join("\n"),
  );
}

/**
 * Removes, running or exited, the containers of each named component that has no static pod
 * manifest in `manifests`: leftovers of a control plane whose manifests are gone.
 */
export function crictlRemoveOrphans(components: readonly string[], manifests: string): string[] {
  return strictBash(
    [
      `for c in ${components.join(" ")}; do`,
      `  if [ -f "${manifests}/$c.yaml" ]; then echo "$c: has a manifest, its container stays"; continue; fi`,
      '  ids=$(crictl ps -a --name "^$c$" -q)',
      '  if [ -z "$ids" ]; then echo "$c: no container left"; continue; fi',
      // The kubelet may remove a container between the listing and the removal: that is not a failure.
      `  if ! crictl rm -f $ids; then ${unlessGone('-a --name "^$c$"', "remove")}; fi`,
      "done",
    ].join("\n"),
  );
}

/** Succeeds only when every named container is running. */
export function crictlAllRunning(components: readonly string[]): string[] {
  const checks = components.map((c) => `[ -n "$(crictl ps --state running --name '${componentPattern([c])}' -q)" ]`);
  return ["sh", "-c", checks.join(" && ")];
}

export const restartKubelet = (): string[] => ["systemctl", "restart", "kubelet"];

/** Writes stdin to a file, creating its directory; the path is an argument, not spliced into the script. */
export function writeStdinTo(path: string, mode?: string): string[] {
  const chmod = mode ? ` && chmod ${mode} "$1"` : "";
  return ["sh", "-c", `mkdir -p "$(dirname "$1")" && cat > "$1"${chmod}`, "sh", path];
}

export const readFile = (path: string): string[] => ["cat", path];

export const removePath = (path: string): string[] => ["sh", "-c", 'rm -rf "$1"', "sh", path];

export const pathExists = (path: string): string[] => ["sh", "-c", 'test -e "$1"', "sh", path];

const ETCD_PKI = "/etc/kubernetes/pki/etcd";

/** etcdctl's flags for the node's own healthcheck client certificate. */
export const ETCDCTL_TLS = `--cacert ${ETCD_PKI}/ca.crt --cert ${ETCD_PKI}/healthcheck-client.crt --key ${ETCD_PKI}/healthcheck-client.key`;

/**
 * A shell fragment running etcdctl inside the node's running etcd container (the node has no
 * etcdctl of its own), against the node's own member unless told otherwise; it works while
 * the API server is down.
 */
export function etcdctlInContainer(args: string, endpoint = "https://127.0.0.1:2379"): string {
  return `crictl exec "$(crictl ps --name '^etcd$' -q | head -n1)" etcdctl --endpoints=${endpoint} ${ETCDCTL_TLS} ${args}`;
}

/** `etcdctl endpoint health` of the node's local member. */
export function etcdEndpointHealth(): string[] {
  return ["sh", "-c", etcdctlInContainer("endpoint health")];
}

/**
 * The membership as the node's member sees it: the member list, then every member's status
 * (one JSON document per line). A member that does not answer is missing from the statuses.
 */
export function etcdMembership(): string[] {
  return strictBash([etcdctlInContainer("member list -w json"), etcdctlInContainer("endpoint status --cluster -w json")].join("\n"));
}
