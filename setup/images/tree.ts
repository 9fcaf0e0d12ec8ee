import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

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
