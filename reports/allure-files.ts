import { cpSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ALLURE_CATEGORIES } from "./categories.js";

/** environment.properties escapes: keys and values must not break the line format. */
const property = (key: string, value: string) => `${key.replace(/[=:\s]/g, "_")}=${value.replace(/\n/g, " ")}`;

/**
 * writeResultExtras adds what allure-mocha does not write: the run environment, the
 * failure categories, and the previous report's history so trends carry over.
 */
export function writeResultExtras(resultsDir: string, previousReport: string, environment: Record<string, string>): void {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, "environment.properties"), Object.entries(environment).map(([k, v]) => property(k, v)).join("\n") + "\n");
  writeFileSync(join(resultsDir, "categories.json"), JSON.stringify(ALLURE_CATEGORIES, null, 2));
  const history = join(previousReport, "history");
  if (existsSync(history)) cpSync(history, join(resultsDir, "history"), { recursive: true });
}
