import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * mirrorFromSources finds the Debian archive this host already installs from,
 * so debootstrap uses the same mirror (the only package source some hosts reach).
 * Accepts deb822 `.sources` texts and one-line `sources.list` texts.
 */
export function mirrorFromSources(texts: string[], suite: string): string | undefined {
  for (const text of texts) {
    for (const stanza of text.split(/\n\s*\n/)) {
      const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, "mi").exec(stanza)?.[1]?.trim().split(/\s+/) ?? [];
      if (field("Types").includes("deb") && field("Suites").includes(suite) && field("Enabled")[0] !== "no") {
        return field("URIs")[0];
      }
    }
    const line = new RegExp(`^deb\\s+(?:\\[[^\\]]*\\]\\s+)?(\\S+)\\s+${suite}\\s`, "m").exec(text);
    if (line) return line[1];
  }
  return undefined;
}

/** hostDebianMirror reads the host's apt sources; KUBEDRILL_DEBIAN_MIRROR overrides them. */
export function hostDebianMirror(suite: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.KUBEDRILL_DEBIAN_MIRROR) return env.KUBEDRILL_DEBIAN_MIRROR;
  const dir = "/etc/apt/sources.list.d";
  const files = [
    ...(existsSync(dir) ? readdirSync(dir).filter((f) => /\.(sources|list)$/.test(f)).map((f) => join(dir, f)) : []),
    "/etc/apt/sources.list",
  ].filter((f) => existsSync(f));
  return mirrorFromSources(files.map((f) => readFileSync(f, "utf8")), suite);
}
