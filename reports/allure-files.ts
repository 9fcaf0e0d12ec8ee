import { cpSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { ALLURE_CATEGORIES } from "./categories.js";

/** environment.properties escapes: keys and values must not break the line format. */
const property = (key: string, value: string) => `${key.replace(/[=:\s]/g, "_")}=${value.replace(/\n/g, " ")}`;

/** Executor is who ran the drills, as Allure's executor widget shows it. */
export interface Executor {
  name: string;
  type: string;
  buildName?: string;
  buildUrl?: string;
}

/** executor names the CI system and links the run on GitHub; elsewhere, the host. */
export function executor(env: NodeJS.ProcessEnv = process.env): Executor {
  if (env.GITHUB_ACTIONS === "true") {
    const url = `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
    return { name: "GitHub Actions", type: "github", buildName: `${env.GITHUB_WORKFLOW} #${env.GITHUB_RUN_NUMBER}`, buildUrl: url };
  }
  if (env.CI) return { name: env.CI_NAME || "CI", type: "ci" };
  return { name: hostname(), type: "local" };
}

/**
 * writeResultExtras adds what allure-mocha does not write: the run environment, the
 * failure categories, and the previous report's history so trends carry over.
 */
export function writeResultExtras(resultsDir: string, previousReport: string, environment: Record<string, string>, executor: Executor): void {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, "executor.json"), JSON.stringify(executor, null, 2));
  writeFileSync(join(resultsDir, "environment.properties"), Object.entries(environment).map(([k, v]) => property(k, v)).join("\n") + "\n");
  writeFileSync(join(resultsDir, "categories.json"), JSON.stringify(ALLURE_CATEGORIES, null, 2));
  const history = join(previousReport, "history");
  if (existsSync(history)) cpSync(history, join(resultsDir, "history"), { recursive: true });
}
