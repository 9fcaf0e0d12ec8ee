import { join } from "node:path";
import { componentImages, ensureComponentImage, imageName } from "./images/components.js";
import { ensureLoadBalancerImage } from "./images/load-balancer.js";
import { ensureNodeBase } from "./images/node-base.js";
import { ensureNodeImage } from "./images/node-image.js";
import { ensureNodeRootfs } from "./images/node-rootfs.js";
import { ensurePackages } from "./host/debian-packages.js";
import { ensureWorkloadImage, workloadTag } from "./images/workload.js";
import { buildKeyOf, type ArtifactCache } from "./lib/cache.js";
import type { Progress } from "./lib/progress.js";
import { run } from "./lib/run.js";
import { buildGoComponent } from "./toolchain/go-build.js";
import { goComponents, kubernetesVersion } from "./toolchain/go-components.js";
import { kindLoadBalancerImage, kindVersion } from "./toolchain/kind-facts.js";
import { buildPause } from "./toolchain/pause.js";
import type { Toolchain } from "../harness/toolchain.js";

/**
 * buildOffline makes everything a kind cluster needs from Debian packages and
 * the Go module proxy alone: binaries, component images tagged as kubeadm
 * expects them, the node image, kind's load balancer and the workload image.
 */
export async function buildOffline(
  progress: Progress,
  cache: ArtifactCache,
  goVersion: string,
  log: (stage: string) => string,
): Promise<Toolchain> {
  await progress.stage("build tools (Debian)", () => ensurePackages(["debootstrap", "busybox-static", "gcc", "libc6-dev"], "setup: build tools", log("build-tools")));
  const version = kubernetesVersion();
  const dirs: Record<string, string> = {};
  for (const component of goComponents()) {
    await progress.stage(`go build ${component.name}`, async (live) => {
      const [dir, cached] = await buildGoComponent(cache, component, goVersion, log(`go-${component.name}`), live);
      dirs[component.name] = dir;
      return cached;
    });
  }
  const k8s = (bin: string) => join(dirs.kubernetes!, bin);
  const kubeadmImages = (await run([k8s("kubeadm"), "config", "images", "list", "--kubernetes-version", version], { phase: "setup: kubeadm images" }))
    .split("\n")
    .filter(Boolean);
  const pauseTag = kubeadmImages.find((i) => imageName(i).endsWith("/pause"))!;

  let pause = "";
  await progress.stage("pause", async () => {
    const [path, cached] = await buildPause(cache, pauseTag.split(":").pop()!, log("pause"));
    pause = path;
    return cached;
  });

  let rootfsKey = "";
  await progress.stage("node rootfs (debootstrap)", async (live) => {
    const [key, cached] = await ensureNodeRootfs(log("node-rootfs"), live);
    rootfsKey = key;
    return cached;
  });

  const bins = {
    ...Object.fromEntries(["kube-apiserver", "kube-controller-manager", "kube-scheduler", "kube-proxy"].map((b) => [b, k8s(b)])),
    etcd: join(dirs.etcd!, "server"), // go names the binary of go.etcd.io/etcd/server/v3 after "server"
    etcdctl: join(dirs.etcd!, "etcdctl"),
    etcdutl: join(dirs.etcd!, "etcdutl"),
    coredns: join(dirs.coredns!, "coredns"),
    podnet: join(dirs.podnet!, "podnet"),
    pause,
  };
  const podnetTag = `kubedrill.local/podnet:${buildKeyOf(dirs.podnet!)}`;
  const images = componentImages(kubeadmImages, bins, podnetTag);
  const preload: Array<{ tag: string; key: string }> = [];
  for (const image of images) {
    await progress.stage(`image ${image.tag}`, async () => {
      const binaryKeys = Object.values(image.binaries).map(buildKeyOf);
      const [key, cached] = await ensureComponentImage(image, binaryKeys, log("component-images"), rootfsKey);
      preload.push({ tag: image.tag, key });
      return cached;
    });
  }

  let baseKey = "";
  await progress.stage("node base image", async () => {
    const [key, cached] = await ensureNodeBase(rootfsKey, pauseTag, log("node-base"));
    baseKey = key;
    return cached;
  });

  const nodeImage = `kubedrill.local/node:${version}`;
  await progress.stage(`node image ${nodeImage}`, () =>
    ensureNodeImage(
      {
        tag: nodeImage,
        kubernetesVersion: version,
        baseKey,
        binaries: [k8s("kubeadm"), k8s("kubelet"), k8s("kubectl"), join(dirs["cri-tools"]!, "crictl")],
        binaryKeys: [buildKeyOf(dirs.kubernetes!), buildKeyOf(dirs["cri-tools"]!)],
        preload,
        podnetImage: podnetTag,
      },
      log("node-image"),
    ),
  );

  const lbTag = await kindLoadBalancerImage();
  await progress.stage(`load balancer ${lbTag}`, () => ensureLoadBalancerImage(lbTag, rootfsKey, log("load-balancer")));
  await progress.stage(`workload image ${workloadTag}`, () => ensureWorkloadImage(log("workload")));

  return {
    kind: join(dirs.kind!, "kind"),
    kubectl: k8s("kubectl"),
    nodeImage,
    workloadImage: workloadTag,
    kubernetesVersion: version,
    kindVersion: kindVersion(),
    offline: true,
  };
}
