import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cacheKey } from "../lib/cache.js";
import { buildDockerfile, ensureImage, withTempDir } from "./docker.js";
import { nodeRootfsTag } from "./node-rootfs.js";
import { copyTemplated, treeFingerprint } from "./tree.js";

/** Files of this project laid over the Debian rootfs: entrypoint, units, containerd config. */
const nodeFiles = join(dirname(fileURLToPath(import.meta.url)), "..", "node-rootfs");

export const nodeBaseTag = "kubedrill.local/node-base:latest";

const dockerfile = `FROM ${nodeRootfsTag}
COPY files/ /
RUN systemctl enable containerd kubelet kubedrill-dns-relay \\
 && systemctl mask getty.target systemd-logind.service systemd-resolved.service systemd-timesyncd.service \\
 && mkdir -p /etc/kubernetes/manifests /kind /etc/cni/net.d /opt/cni \\
 && ln -s /usr/lib/cni /opt/cni/bin
STOPSIGNAL SIGRTMIN+3
ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]
`;

/** ensureNodeBase adds kubedrill's node files to the rootfs: a node without Kubernetes yet. */
export async function ensureNodeBase(rootfsKey: string, pauseImage: string, logFile: string): Promise<[string, boolean]> {
  const key = cacheKey(rootfsKey, pauseImage, dockerfile, ...treeFingerprint(nodeFiles));
  const cached = await ensureImage(nodeBaseTag, key, () =>
    withTempDir(async (context) => {
      copyTemplated(nodeFiles, join(context, "files"), { PAUSE_IMAGE: pauseImage });
      await buildDockerfile(context, dockerfile, nodeBaseTag, key, logFile);
    }),
  );
  return [key, cached];
}
