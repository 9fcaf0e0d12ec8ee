import { existsSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { DrillError } from "./errors.js";
import { cacheDir } from "./paths.js";

/** Toolchain is what `npm run setup` found or built, as written to toolchain.json. */
export interface Toolchain {
  kind: string;
  kubectl: string | null;
  /** null means kind's default node image. */
  nodeImage: string | null;
  /** A busybox image (sh, httpd, wget) for sentinels and the prober. */
  workloadImage: string;
  kubernetesVersion: string;
  kindVersion: string;
  offline: boolean;
  /** Chromium or Chrome for the report tests (playwright-core); null when unknown (toolchain.json from before setup recorded it). */
  browser?: string | null;
}

export interface ToolchainSources {
  env?: NodeJS.ProcessEnv;
  /** `--image` from the command line; wins over KUBEDRILL_NODE_IMAGE and toolchain.json. */
  imageOverride?: string;
}

/** Used when there is no toolchain.json but kind is on PATH (a machine set up by hand). */
const FALLBACK_WORKLOAD_IMAGE = "busybox:1.36";

const SETUP_HINT = "run `npm run setup` first (it writes toolchain.json), or put `kind` on PATH";

/** toolchainPath is where setup writes toolchain.json. */
export function toolchainPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), "toolchain.json");
}

/**
 * loadToolchain reads toolchain.json and applies overrides. Without the file it falls
 * back to a kind binary on PATH, and fails with a pointer to `npm run setup` otherwise.
 */
export function loadToolchain(sources: ToolchainSources = {}): Toolchain {
  const env = sources.env ?? process.env;
  const path = toolchainPath(env);
  const base = existsSync(path) ? parseToolchain(readFileSync(path, "utf8"), path) : fallbackToolchain(env);
  const nodeImage = sources.imageOverride || env.KUBEDRILL_NODE_IMAGE || base.nodeImage;
  return { ...base, nodeImage };
}

/** parseToolchain validates the JSON that setup wrote, naming the file and field on error. */
export function parseToolchain(text: string, source: string): Toolchain {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw invalid(source, `not valid JSON (${(error as Error).message})`);
  }
  if (typeof raw !== "object" || raw === null) throw invalid(source, "expected a JSON object");
  const data = raw as Record<string, unknown>;
  const field = (key: string, nullable = false): string | null => {
    const value = data[key];
    if (nullable && value === null) return null;
    if (typeof value !== "string" || value === "") throw invalid(source, `"${key}" must be a non-empty string${nullable ? " or null" : ""}`);
    return value;
  };
  if (typeof data.offline !== "boolean") throw invalid(source, `"offline" must be true or false`);
  return {
    kind: field("kind") as string,
    kubectl: field("kubectl", true),
    nodeImage: field("nodeImage", true),
    workloadImage: field("workloadImage") as string,
    kubernetesVersion: field("kubernetesVersion") as string,
    kindVersion: field("kindVersion") as string,
    offline: data.offline,
    browser: data.browser === undefined ? null : field("browser", true),
  };
}

/** findOnPath returns the absolute path of an executable on PATH, or undefined. */
function findOnPath(binary: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir && existsSync(join(dir, binary))) return join(dir, binary);
  }
  return undefined;
}

function fallbackToolchain(env: NodeJS.ProcessEnv): Toolchain {
  const kind = findOnPath("kind", env);
  if (!kind) {
    throw new DrillError(`no toolchain: ${toolchainPath(env)} is missing and no \`kind\` is on PATH`, { stage: "input", hint: SETUP_HINT });
  }
  return {
    kind,
    kubectl: findOnPath("kubectl", env) ?? null,
    nodeImage: null,
    workloadImage: env.KUBEDRILL_WORKLOAD_IMAGE || FALLBACK_WORKLOAD_IMAGE,
    kubernetesVersion: "kind default",
    kindVersion: "from PATH",
    offline: false,
    browser: null,
  };
}

function invalid(source: string, reason: string): DrillError {
  return new DrillError(`${source}: ${reason}`, { stage: "input", hint: "re-run `npm run setup` to rewrite it" });
}
