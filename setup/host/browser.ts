import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { DrillError } from "../../harness/errors.js";
import { ensurePackages } from "./debian-packages.js";

/** Chromium and Chrome executables playwright-core can drive, most preferred first. */
export const browserNames = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/** Where Debian's `chromium` package puts it, searched even when PATH lacks it. */
const packageBinDir = "/usr/bin";

export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * findBrowser returns the browser the report tests should drive: CHROMIUM_PATH
 * when it is set (it must be an executable), else the first of browserNames on
 * PATH or in /usr/bin; undefined when there is none.
 */
export function findBrowser(env: NodeJS.ProcessEnv, isExecutable: (path: string) => boolean = isExecutableFile): string | undefined {
  const chosen = env.CHROMIUM_PATH;
  if (chosen) {
    if (!isExecutable(chosen)) {
      throw new DrillError(`CHROMIUM_PATH=${chosen} is not an executable file`, { stage: "input", hint: "point it at a Chromium or Chrome binary, or unset it" });
    }
    return chosen;
  }
  const dirs = [...new Set([...(env.PATH ?? "").split(delimiter).filter(Boolean), packageBinDir])];
  for (const name of browserNames) {
    for (const dir of dirs) {
      if (isExecutable(join(dir, name))) return join(dir, name);
    }
  }
  return undefined;
}

export interface BrowserHost {
  find(): string | undefined;
  install(): Promise<unknown>;
}

/** ensureBrowser keeps a browser the host has and installs Debian's chromium otherwise; returns [path, found]. */
export async function ensureBrowser(host: BrowserHost): Promise<[string, boolean]> {
  const found = host.find();
  if (found) return [found, true];
  await host.install();
  const installed = host.find();
  if (!installed) {
    throw new DrillError("setup: browser: chromium was installed but no chromium binary is on PATH or in /usr/bin", {
      stage: "infrastructure",
      hint: "set CHROMIUM_PATH to a Chromium or Chrome binary",
    });
  }
  return [installed, false];
}

/** hostBrowser looks at this host's environment and installs through apt-get. */
export function hostBrowser(logFile: string): BrowserHost {
  return {
    find: () => findBrowser(process.env),
    install: () => ensurePackages(["chromium"], "setup: browser", logFile),
  };
}
