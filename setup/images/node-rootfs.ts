import { join } from "node:path";
import { DrillError } from "../../harness/errors.js";
import { cacheKey } from "../lib/cache.js";
import type { LiveStatus, Meter } from "../lib/live-status.js";
import { run } from "../lib/run.js";
import { hostDebianMirror } from "./debian-mirror.js";
import { ensureImage, importTree, withTempDir } from "./docker.js";

/** systemd 252 still boots on cgroup v1 hosts; trixie's 257 refuses to. */
export const debianSuite = "bookworm";

/** Packages of a node: systemd, the container runtime and what kubelet, kube-proxy and kubeadm shell out to. */
export const nodePackages = [
  "systemd", "systemd-sysv", "dbus", "containerd", "runc", "containernetworking-plugins",
  "iptables", "nftables", "conntrack", "iproute2", "ethtool", "socat", "kmod", "mount", "util-linux",
  "e2fsprogs", "procps", "ca-certificates", "curl", "jq", "pigz", "bash",
  "haproxy", // only the load-balancer image runs it; sharing this rootfs saves a second debootstrap
];

export const nodeRootfsTag = `kubedrill.local/node-rootfs:${debianSuite}`;

/** debootstrapMeter reads debootstrap's "I: Retrieving libc6 2.36-9" lines, one per step. */
export const debootstrapMeter: Meter = {
  unit: "steps",
  read(line) {
    const info = /^I: (.+)$/.exec(line);
    return info ? { item: info[1]!, counts: true } : undefined;
  },
};

/** ensureNodeRootfs debootstraps the Debian userland every kubedrill image starts from, showing its steps on `live`. */
export async function ensureNodeRootfs(logFile: string, live: LiveStatus): Promise<[string, boolean]> {
  const changes = ["ENV container=docker"]; // systemd checks it to know it runs in a container
  const key = cacheKey(debianSuite, ...nodePackages, ...changes);
  const cached = await ensureImage(nodeRootfsTag, key, () =>
    withTempDir(async (tmp) => {
      const mirror = hostDebianMirror(debianSuite);
      if (!mirror) {
        throw new DrillError(`setup: debootstrap: no apt source for ${debianSuite} found on this host`, {
          stage: "infrastructure",
          hint: "set KUBEDRILL_DEBIAN_MIRROR to a Debian archive URL this host can reach",
        });
      }
      const rootfs = join(tmp, "rootfs");
      const phase = "setup: debootstrap";
      live.measure(debootstrapMeter);
      await run(["debootstrap", "--variant=minbase", `--include=${nodePackages.join(",")}`, debianSuite, rootfs, mirror], {
        phase,
        logFile,
        timeoutMs: 30 * 60_000,
        onLine: (line) => live.line(line),
      });
      // Package lists, docs and locales only make every node image bigger.
      await run(["sh", "-c", "rm -rf var/lib/apt/lists/* var/cache/apt/* usr/share/doc/* usr/share/man/* usr/share/locale/*"], {
        phase,
        cwd: rootfs,
      });
      await importTree(rootfs, nodeRootfsTag, key, changes, logFile);
    }),
  );
  return [key, cached];
}
