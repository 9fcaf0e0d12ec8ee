import { copyFileSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cacheKey } from "../lib/cache.js";
import { buildDockerfile, ensureImage, withTempDir } from "./docker.js";
import { nodeRootfsTag } from "./node-rootfs.js";

const entrypoint = join(dirname(fileURLToPath(import.meta.url)), "..", "load-balancer", "entrypoint");

const dockerfile = `FROM ${nodeRootfsTag}
COPY entrypoint /usr/local/bin/kubedrill-lb
RUN mkdir -p /usr/local/etc/haproxy
ENTRYPOINT ["/usr/local/bin/kubedrill-lb"]
`;

/**
 * ensureLoadBalancerImage builds the haproxy image kind starts in front of
 * several control-plane nodes, under the exact tag the kind release expects
 * (kind never pulls an image that is already present).
 */
export async function ensureLoadBalancerImage(tag: string, rootfsKey: string, logFile: string): Promise<boolean> {
  const key = cacheKey(tag, rootfsKey, dockerfile, readFileSync(entrypoint, "utf8"));
  return ensureImage(tag, key, () =>
    withTempDir(async (context) => {
      copyFileSync(entrypoint, join(context, "entrypoint"));
      await buildDockerfile(context, dockerfile, tag, key, logFile);
    }),
  );
}
