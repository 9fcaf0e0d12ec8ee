import { readFileSync } from "node:fs";
import { cacheKey } from "../lib/cache.js";
import { addBusybox, busyboxBinary } from "./busybox.js";
import { ensureImage, importTree, withTempDir } from "./docker.js";
import { scratchEtc, writeScratchTree } from "./tree.js";

export const workloadTag = "kubedrill.local/workload:busybox";

/** The page sentinel workloads serve; the prober checks for this text. */
export const workloadPage = "kubedrill sentinel\n";

/** ensureWorkloadImage builds the drills' workload image: busybox serving a page with httpd on :8080. */
export async function ensureWorkloadImage(logFile: string): Promise<boolean> {
  const changes = ["ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 'CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]'];
  const files = { ...scratchEtc, "www/index.html": workloadPage };
  const key = cacheKey(workloadTag, readFileSync(busyboxBinary), JSON.stringify(files), ...changes);
  return ensureImage(workloadTag, key, () =>
    withTempDir(async (root) => {
      await addBusybox(root);
      writeScratchTree(root, files);
      await importTree(root, workloadTag, key, changes, logFile);
    }),
  );
}
