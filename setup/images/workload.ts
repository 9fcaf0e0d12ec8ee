import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cacheKey } from "../lib/cache.js";
import { addBusybox, busyboxBinary } from "./busybox.js";
import { ensureImage, importTree, withTempDir } from "./docker.js";

export const workloadTag = "kubedrill.local/workload:busybox";

/** The page sentinel workloads serve; the prober checks for this text. */
export const workloadPage = "kubedrill sentinel\n";

/** ensureWorkloadImage builds the drills' workload image: busybox serving a page with httpd on :8080. */
export async function ensureWorkloadImage(logFile: string): Promise<boolean> {
  const changes = ["ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 'CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]'];
  const key = cacheKey(workloadTag, readFileSync(busyboxBinary), workloadPage, "etc/services", ...changes);
  return ensureImage(workloadTag, key, () =>
    withTempDir(async (root) => {
      await addBusybox(root);
      mkdirSync(join(root, "www"));
      writeFileSync(join(root, "www", "index.html"), workloadPage);
      mkdirSync(join(root, "tmp"));
      // busybox resolves service names through it (wget crashes without it).
      mkdirSync(join(root, "etc"));
      writeFileSync(join(root, "etc", "services"), "http 80/tcp\nhttp-alt 8080/tcp\n");
      writeFileSync(join(root, "etc", "passwd"), "root:x:0:0:root:/:/bin/sh\n");
      await importTree(root, workloadTag, key, changes, logFile);
    }),
  );
}
