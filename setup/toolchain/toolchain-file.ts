import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Toolchain is what setup hands the drills: which kind, kubectl and images to use. */
export interface Toolchain {
  kind: string;
  kubectl: string | null;
  /** null: kind's default node image (online hosts). */
  nodeImage: string | null;
  workloadImage: string;
  kubernetesVersion: string | null;
  kindVersion: string;
  offline: boolean;
}

export function toolchainPath(cacheRoot: string): string {
  return join(cacheRoot, "toolchain.json");
}

export function writeToolchain(cacheRoot: string, toolchain: Toolchain): string {
  const path = toolchainPath(cacheRoot);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(toolchain, null, 2)}\n`);
  return path;
}
