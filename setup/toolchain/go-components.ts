import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Meter } from "../lib/live-status.js";

/** goModulesDir holds one small wrapper module per component; its go.mod is the pin. */
export const goModulesDir = join(dirname(fileURLToPath(import.meta.url)), "..", "go");

/** A Go component: which wrapper module builds which commands, with which link flags. */
export interface GoComponent {
  name: string;
  /** Packages to build; `tool` means every tool the wrapper's go.mod declares. */
  packages: string[];
  ldflags: string;
}

/** requiredVersion reads the version a go.mod pins for a module path. */
export function requiredVersion(goMod: string, modulePath: string): string {
  const escaped = modulePath.replaceAll(".", "\\.");
  const match = new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v[^\\s]+)`, "m").exec(goMod);
  if (!match) throw new Error(`go.mod does not require ${modulePath}`);
  return match[1]!;
}

export function readGoMod(component: string): string {
  return readFileSync(join(goModulesDir, component, "go.mod"), "utf8");
}

/** kubernetesVersion is the single pin for every Kubernetes binary and image tag. */
export function kubernetesVersion(): string {
  return requiredVersion(readGoMod("kubernetes"), "k8s.io/kubernetes");
}

/** versionLdflags stamps the version the way Kubernetes' own build does, so kubeadm's skew checks see it. */
export function versionLdflags(version: string): string {
  const [, major, minor] = /^v(\d+)\.(\d+)\./.exec(version) ?? [];
  if (!major) throw new Error(`not a Kubernetes version: ${version}`);
  const stamp = (pkg: string) =>
    [`gitVersion=${version}`, `gitMajor=${major}`, `gitMinor=${minor}`, "gitTreeState=clean"].map((kv) => `-X ${pkg}.${kv}`);
  return ["-s", "-w", ...stamp("k8s.io/component-base/version"), ...stamp("k8s.io/client-go/pkg/version")].join(" ");
}

/** goComponents lists everything the offline node image needs compiled. */
export function goComponents(): GoComponent[] {
  const plain = "-s -w";
  return [
    { name: "kubernetes", packages: ["tool"], ldflags: versionLdflags(kubernetesVersion()) },
    { name: "etcd", packages: ["tool"], ldflags: plain },
    { name: "coredns", packages: ["tool"], ldflags: plain },
    { name: "kind", packages: ["tool"], ldflags: plain },
    { name: "cri-tools", packages: ["tool"], ldflags: plain },
    { name: "podnet", packages: ["."], ldflags: plain },
  ];
}

/** failingPackage names the first package a `go build` log reports an error for. */
export function failingPackage(buildLog: string): string | undefined {
  return /^# (\S+)/m.exec(buildLog)?.[1] ?? /^(?:package |cannot find module providing package )(\S+)/m.exec(buildLog)?.[1];
}

const importPath = /^[\w.~+-]+(?:\/[\w.~+-]+)*$/;

/** goPackagesMeter reads `go build -v`, which prints each package's import path as it starts compiling it; module downloads show as they happen. */
export const goPackagesMeter: Meter = {
  unit: "packages",
  read(line) {
    const download = /^go: downloading (\S+) (\S+)$/.exec(line);
    if (download) return { item: `downloading ${download[1]} ${download[2]}`, counts: false };
    return importPath.test(line) ? { item: line, counts: true } : undefined;
  },
};
