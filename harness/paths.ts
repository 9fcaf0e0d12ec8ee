import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** projectRoot is the checkout kubedrill runs from. */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** cacheDir is where setup leaves toolchain.json and kubedrill keeps per-run state. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUBEDRILL_CACHE || join(homedir(), ".cache", "kubedrill");
}

/**
 * outputDir is where a run writes its reports: reports/out, or KUBEDRILL_OUT (runs that share a
 * checkout at the same time need their own, since each run starts by clearing its results).
 */
export function outputDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUBEDRILL_OUT || join(projectRoot, "reports", "out");
}

/** Where drill output goes: Allure results, the HTML reports and the JSON summaries. */
export function outputPaths(outDir = outputDir()) {
  return {
    outDir,
    results: join(outDir, "allure-results"),
    report: join(outDir, "allure-report"),
    singleFile: join(outDir, "allure-report-single"),
    drills: join(outDir, "drills"),
    summary: join(outDir, "summary.json"),
    junit: join(outDir, "junit.xml"),
    /** Kept across runs (and CI nights): every drill's times, for trends and regressions. */
    history: join(outDir, "history", "recovery-history.jsonl"),
    trends: join(outDir, "trends.html"),
    /** The runbooks passing drills verified, one Markdown file per drill. */
    runbooks: join(outDir, "runbooks"),
  };
}

export type OutputPaths = ReturnType<typeof outputPaths>;
