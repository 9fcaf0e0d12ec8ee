import { execa } from "execa";
import type { Toolchain } from "../harness/toolchain.js";

/** The workload image on hosts with a registry: busybox has the httpd, wget and nc the drills use. */
export const onlineWorkloadImage = "busybox:1.37";

async function which(command: string): Promise<string | null> {
  const result = await execa("sh", ["-c", `command -v ${command}`], { reject: false });
  return result.failed ? null : String(result.stdout).trim();
}

/** onlineToolchain uses the host's kind with its default node image; nothing is built. */
export async function onlineToolchain(): Promise<Toolchain> {
  const kind = (await which("kind"))!;
  const version = /v\d+\.\d+\.\d+/.exec(String((await execa(kind, ["version"])).stdout))?.[0] ?? "unknown";
  return {
    kind,
    kubectl: await which("kubectl"),
    nodeImage: null,
    workloadImage: onlineWorkloadImage,
    kubernetesVersion: `kind ${version} default`,
    kindVersion: version,
    offline: false,
  };
}
