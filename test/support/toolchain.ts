/** An offline toolchain as `npm run setup` writes it here, for tests that need one. */
export const OFFLINE_TOOLCHAIN = {
  kind: "/opt/kind",
  kubectl: null,
  nodeImage: "kubedrill.local/node:v1.34.4",
  workloadImage: "kubedrill.local/workload:busybox",
  kubernetesVersion: "v1.34.4",
  kindVersion: "v0.30.0",
  offline: true,
};
