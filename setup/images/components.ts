import { copyFileSync, mkdirSync } from "node:fs";
import { basename, join } from "node:path";
import { DrillError } from "../../harness/errors.js";
import { cacheKey } from "../lib/cache.js";
import { addBusybox } from "./busybox.js";
import { buildDockerfile, ensureImage, importTree, withTempDir } from "./docker.js";
import { nodeRootfsTag } from "./node-rootfs.js";
import { scratchEtc, writeScratchTree } from "./tree.js";

/** How one image kubeadm (or the CNI manifest) names is made from built binaries. */
export interface ComponentImage {
  tag: string;
  /** Static binaries for /usr/local/bin, by the name the manifests call them: name → built file. */
  binaries: Record<string, string>;
  entrypoint?: string[];
  /** Build FROM the Debian rootfs instead of scratch, for images that shell out (kube-proxy → iptables). */
  onRootfs?: boolean;
  /** Add busybox's applets (podnet runs `ip route`). */
  busybox?: boolean;
}

/** imageName is the repository part of a tag: registry.k8s.io/etcd:3.6.5-0 → registry.k8s.io/etcd. */
export function imageName(tag: string): string {
  return tag.replace(/:[^:/]+$/, "");
}

/** componentImages maps `kubeadm config images list` output to how each image is made. */
export function componentImages(kubeadmImages: string[], bins: Record<string, string>, podnetTag: string): ComponentImage[] {
  const pick = (...names: string[]) =>
    Object.fromEntries(
      names.map((n) => {
        if (!bins[n]) throw new Error(`componentImages: no built binary named ${n}`);
        return [n, bins[n]];
      }),
    );
  const recipes: Record<string, Omit<ComponentImage, "tag">> = {
    "kube-apiserver": { binaries: pick("kube-apiserver") },
    "kube-controller-manager": { binaries: pick("kube-controller-manager") },
    "kube-scheduler": { binaries: pick("kube-scheduler") },
    "kube-proxy": { binaries: pick("kube-proxy"), onRootfs: true },
    etcd: { binaries: pick("etcd", "etcdctl", "etcdutl") }, // etcdutl: offline snapshot restore/status, as upstream's image ships it
    coredns: { binaries: pick("coredns"), entrypoint: ["/usr/local/bin/coredns"] },
    pause: { binaries: pick("pause"), entrypoint: ["/usr/local/bin/pause"] },
  };
  const images = kubeadmImages.map((tag) => {
    const recipe = recipes[basename(imageName(tag))];
    if (!recipe) throw new DrillError(`kubeadm lists an image kubedrill cannot build: ${tag}`, { stage: "infrastructure" });
    return { tag, ...recipe };
  });
  return [...images, { tag: podnetTag, binaries: pick("podnet"), busybox: true, entrypoint: ["/usr/local/bin/podnet"] }];
}

/** ensureComponentImage builds one image; returns its build key and whether it was a cache hit. */
export async function ensureComponentImage(image: ComponentImage, binaryKeys: string[], logFile: string, rootfsKey: string): Promise<[string, boolean]> {
  const recipe = JSON.stringify({ ...image, binaries: Object.keys(image.binaries) }); // paths differ per cache root
  const key = cacheKey(image.tag, ...binaryKeys, recipe, image.onRootfs ? rootfsKey : JSON.stringify(scratchEtc));
  const cached = await ensureImage(image.tag, key, () =>
    withTempDir(async (dir) => {
      const bin = join(dir, "usr", "local", "bin");
      mkdirSync(bin, { recursive: true });
      for (const [name, path] of Object.entries(image.binaries)) copyFileSync(path, join(bin, name));
      const entrypoint = image.entrypoint ? [`ENTRYPOINT ${JSON.stringify(image.entrypoint)}`] : [];
      if (image.onRootfs) {
        const dockerfile = [`FROM ${nodeRootfsTag}`, "COPY usr/ /usr/", ...entrypoint].join("\n");
        await buildDockerfile(dir, dockerfile, image.tag, key, logFile);
        return;
      }
      if (image.busybox) await addBusybox(dir);
      writeScratchTree(dir, scratchEtc);
      await importTree(dir, image.tag, key, ["ENV PATH=/usr/local/bin:/usr/bin:/bin", ...entrypoint], logFile);
    }),
  );
  return [key, cached];
}
