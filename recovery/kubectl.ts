/** The admin kubeconfig on a control-plane node; it works even when the host's is stale. */
export const ADMIN_CONF = "/etc/kubernetes/admin.conf";

/** kubectl inside a control-plane node, as a shell fragment for scripts. */
export const KUBECTL = `kubectl --kubeconfig ${ADMIN_CONF}`;

/** kubectl builds a kubectl argv that uses the node's admin kubeconfig. */
export function kubectl(...args: string[]): string[] {
  return ["kubectl", "--kubeconfig", ADMIN_CONF, ...args];
}
