import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { loadToolchain } from "../../harness/toolchain.js";

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/** Flags for a headless Chromium that stays offline and needs no user namespace (root, containers). */
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/**
 * chromiumPath is the browser the report tests drive: CHROMIUM_PATH when set, else the one
 * `npm run setup` found or installed (toolchain.json), else Debian's chromium. Fails with one
 * line when that file does not exist, rather than letting Playwright look for a browser of its own.
 */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const path = env.CHROMIUM_PATH || recordedBrowser(env) || DEBIAN_CHROMIUM;
  if (!existsSync(path)) throw new Error(`no Chromium at ${path}: run \`npm run setup\` (it installs Debian's chromium) or set CHROMIUM_PATH`);
  return path;
}

function recordedBrowser(env: NodeJS.ProcessEnv): string | undefined {
  try {
    return loadToolchain({ env }).browser ?? undefined;
  } catch {
    return undefined; // no toolchain.json: the prerequisites check has said so already
  }
}

/** launchChromium starts the headless browser; the caller closes it. */
export function launchChromium(env: NodeJS.ProcessEnv = process.env): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(env), headless: true, args: CHROMIUM_ARGS });
}
