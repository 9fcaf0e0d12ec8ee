import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

/** The /etc of an image built from scratch: user, group and service lookups (busybox wget crashes without services). */
export const scratchEtc: Readonly<Record<string, string>> = {
  "etc/passwd": "root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n",
  "etc/group": "root:x:0:\nnobody:x:65534:\n",
  "etc/services": "http 80/tcp\nhttp-alt 8080/tcp\n",
};

/** writeScratchTree writes each path → content below root, plus a world-writable /tmp. */
export function writeScratchTree(root: string, files: Readonly<Record<string, string>>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  mkdirSync(join(root, "tmp"), { recursive: true });
  chmodSync(join(root, "tmp"), 0o1777);
}

/** filesUnder lists every file below dir, sorted, as paths relative to it. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
}

/** treeFingerprint is the input of a cache key: every file's path, mode and content. */
export function treeFingerprint(dir: string): string[] {
  return filesUnder(dir).map((f) => `${relative(dir, join(dir, f))} ${statSync(join(dir, f)).mode}\n${readFileSync(join(dir, f), "utf8")}`);
}

/** copyTemplated copies a tree, replacing each @NAME@ placeholder with its value. */
export function copyTemplated(from: string, to: string, values: Record<string, string>): void {
  cpSync(from, to, { recursive: true });
  for (const f of filesUnder(to)) {
    const path = join(to, f);
    const text = readFileSync(path, "utf8");
    const replaced = text.replace(/@([A-Z_]+)@/g, (whole, name: string) => values[name] ?? whole);
    if (replaced !== text) writeFileSync(path, replaced);
  }
}
